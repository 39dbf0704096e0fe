//! The card on file: `GET /v2/accounts/{id}/braintree/customer` (`cb_braintree.erl`; the card
//! fields are `braintree_card:record_to_json/1`'s). An install without Braintree answers 404.

use super::{decode_to_text, opt_bool, read_object, Field, ObjectWriter};
use crate::error::Error;
use crate::json::{Integer, Path, Reader, Str};

/// A customer reply as the JSON text of a `PaymentMethod`, `{"cards":[{"brand","lastFour",
/// "expires","expired","default"}]}`; a customer without cards has `"cards":[]`.
///
/// ```
/// let body = br#"{"data":{"id":"a","credit_cards":[{"card_type":"Visa","last_four":"4242",
///     "expiration_month":"04","expiration_year":"2027","expired":false,"default":true}]}}"#;
/// assert_eq!(audian_billing::models::payment_method::json(body).unwrap(),
///     r#"{"cards":[{"brand":"Visa","lastFour":"4242","expires":"04/2027","expired":false,"default":true}]}"#);
/// ```
pub fn json(body: &[u8]) -> Result<String, Error> {
    decode_to_text(body, b"{\"cards\":", &mut customer).map(|(mut text, _)| {
        text.push('}');
        text
    })
}

fn customer(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    let data = Path::Root("data");
    let mut cards = Field::new("credit_cards", |r: &mut Reader, at: &Path| {
        let mut out = Vec::new();
        super::or_null(r, at, |r, at| {
            r.array(at, "an array")?;
            out.push(b'[');
            let (mut first, mut i) = (true, 0);
            while r.next_item(&mut first)? {
                if i > 0 {
                    out.push(b',');
                }
                card(r, &at.index(i), &mut out)?;
                i += 1;
            }
            out.push(b']');
            Ok(())
        })?;
        Ok(out)
    });
    read_object(r, &data, &mut [&mut cards])?;
    match cards.get().filter(|text| !text.is_empty()) {
        Some(text) => out.extend_from_slice(&text),
        None => out.extend_from_slice(b"[]"),
    }
    Ok(())
}

fn card(r: &mut Reader, path: &Path, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut brand = Field::new("card_type", Reader::opt_str);
    let mut last_four = Field::new("last_four", last_four);
    let mut month = Field::new("expiration_month", |r, at| whole(r, at, 1, 12));
    let mut year = Field::new("expiration_year", |r, at| whole(r, at, 2000, 9999));
    let mut expired = Field::new("expired", opt_bool);
    let mut default = Field::new("default", opt_bool);
    read_object(r, path, &mut [&mut brand, &mut last_four, &mut month, &mut year, &mut expired, &mut default])?;
    let month = month.required(path)?;
    let year = year.required(path)?;
    let mut o = ObjectWriter::new(out);
    match brand.opt() {
        Some(brand) => o.str("brand", brand),
        None => o.plain("brand", "Card"),
    }
    o.str("lastFour", last_four.required(path)?);
    o.plain("expires", &format!("{month:02}/{year}"));
    o.bool("expired", expired.opt().unwrap_or(false));
    o.bool("default", default.opt().unwrap_or(false));
    o.end();
    Ok(())
}

/// Four digits.
fn last_four<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Str<'a>, Error> {
    let digits = r.str(path, "a string of four digits")?;
    let text = digits.text();
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(path.invalid(&[&crate::text::quote(&text), " is not the last four digits of a card"].concat()));
    }
    Ok(digits)
}

/// A whole number from `min` to `max`, written as a number or as digits (Braintree's XML gives
/// `"04"`).
fn whole(r: &mut Reader, path: &Path, min: u64, max: u64) -> Result<u64, Error> {
    const EXPECTED: &str = "a whole number or a string of digits";
    let value = match r.peek()? {
        b'"' => {
            let text = r.str(path, EXPECTED)?.text();
            let digits = !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| text.bytes().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
        }
        b'0'..=b'9' => match r.num(path, EXPECTED)?.integer() {
            Some(Integer::U64(v)) => Some(v),
            _ => None,
        },
        _ => return Err(r.invalid_type(path, EXPECTED)),
    };
    value.filter(|v| (min..=max).contains(v)).ok_or_else(|| {
        let mut reason = String::from("expected a whole number from ");
        crate::text::push_uint(&mut reason, min);
        reason.push_str(" to ");
        crate::text::push_uint(&mut reason, max);
        path.invalid(&reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn cards(data: &str) -> Result<String, Error> {
        json(format!(r#"{{"status":"success","data":{data}}}"#).as_bytes())
    }

    #[test]
    fn cards_as_braintree_describes_them() {
        let two = r#"{"id":"3c5e","credit_cards":[
            {"id":"tok1","card_type":"Visa","last_four":"4242","expiration_month":"04","expiration_year":"2027","expired":false,"default":true,"billing_address":{}},
            {"id":"tok2","card_type":"MasterCard","last_four":"4444","expiration_month":1,"expiration_year":2025,"expired":true}]}"#;
        assert_eq!(
            cards(two).unwrap(),
            r#"{"cards":[{"brand":"Visa","lastFour":"4242","expires":"04/2027","expired":false,"default":true},{"brand":"MasterCard","lastFour":"4444","expires":"01/2025","expired":true,"default":false}]}"#
        );
        assert_eq!(cards(r#"{"id":"a","credit_cards":[]}"#).unwrap(), r#"{"cards":[]}"#);
        assert_eq!(cards(r#"{"id":"a"}"#).unwrap(), r#"{"cards":[]}"#, "a new customer has none");
        assert_eq!(cards(r#"{"credit_cards":null}"#).unwrap(), r#"{"cards":[]}"#);
        let unnamed = r#"{"credit_cards":[{"last_four":"0005","expiration_month":"12","expiration_year":"2030"}]}"#;
        assert_eq!(cards(unnamed).unwrap(), r#"{"cards":[{"brand":"Card","lastFour":"0005","expires":"12/2030","expired":false,"default":false}]}"#);
    }

    #[test]
    fn bad_cards_are_validation_errors() {
        let card = |fields: &str| format!(r#"{{"credit_cards":[{{"card_type":"Visa",{fields}}}]}}"#);
        for (data, path) in [
            (card(r#""last_four":"42","expiration_month":"04","expiration_year":"2027""#), "data.credit_cards[0].last_four"),
            (card(r#""last_four":"4242","expiration_month":"13","expiration_year":"2027""#), "data.credit_cards[0].expiration_month"),
            (card(r#""last_four":"4242","expiration_month":"04","expiration_year":"27""#), "data.credit_cards[0].expiration_year"),
            (card(r#""last_four":"4242","expiration_year":"2027""#), "data.credit_cards[0].expiration_month"),
            (card(r#""last_four":"4242","expiration_month":-1,"expiration_year":"2027""#), "data.credit_cards[0].expiration_month"),
            (card(r#""last_four":"4242","expiration_month":"04","expiration_year":"2027","expired":"no""#), "data.credit_cards[0].expired"),
            (r#"{"credit_cards":{}}"#.to_owned(), "data.credit_cards"),
        ] {
            let e = cards(&data).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{data}: {}", e.message);
        }
    }
}
