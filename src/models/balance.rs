//! `GET /v2/accounts/{id}/balance` (Audian), with Kazoo's `/ledgers/total` as the fallback.

use super::{decode_to_text, once, opt_money};
use crate::config::is_currency_code;
use crate::error::{quote, Error};
use crate::json::{push_str, push_units, Path, Reader};

/// A balance reply as the JSON text of a `Balance`, `{"balance":…,"currency":"…"}`;
/// `default_currency` fills in a missing currency.
///
/// Audian sends `{balance, currency}`; Kazoo's `/ledgers/total` sends `{amount}`, and
/// Kazoo 4.0–4.2's `/transactions/current_balance` sends `{balance}`.
///
/// ```
/// let kazoo = br#"{"status":"success","data":{"amount":42.179999999999999716}}"#;
/// let b = audian_billing::models::balance::json(kazoo, "USD").unwrap();
/// assert_eq!(b, r#"{"balance":42.18,"currency":"USD"}"#);
/// ```
pub fn json(body: &[u8], default_currency: &str) -> Result<String, Error> {
    decode_to_text(body, b"", &mut |r: &mut Reader, out: &mut Vec<u8>| balance(r, out, default_currency)).map(|(text, _)| text)
}

fn balance(r: &mut Reader, out: &mut Vec<u8>, default_currency: &str) -> Result<(), Error> {
    let data = Path::Root("data");
    r.object(&data, "a JSON object")?;
    let (mut balance, mut amount, mut currency) = (None, None, None);
    let (mut seen, mut first) = (0, true);
    while let Some(key) = r.next_key(&mut first)? {
        let at = data.key(&key);
        match &*key {
            "balance" => {
                once(&mut seen, 1, &data, "balance")?;
                balance = opt_money(r, &at)?;
            }
            "amount" => {
                once(&mut seen, 2, &data, "amount")?;
                amount = opt_money(r, &at)?;
            }
            "currency" => {
                once(&mut seen, 4, &data, "currency")?;
                currency = r.opt_str(&at)?;
            }
            _ => r.skip()?,
        }
    }
    let Some(units) = balance.or(amount) else {
        return Err(data.key("balance").invalid("missing field `balance` (nor Kazoo's `amount`)"));
    };
    let currency = currency.map(|c| c.text());
    let currency = currency.as_deref().unwrap_or(default_currency);
    if !is_currency_code(currency) {
        return Err(data.key("currency").invalid(&[&quote(currency), " is not an ISO 4217 currency code (three capital letters)"].concat()));
    }
    out.extend_from_slice(b"{\"balance\":");
    push_units(out, units);
    out.extend_from_slice(b",\"currency\":");
    push_str(out, currency);
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn all_three_forms() {
        let audian = br#"{"status":"success","data":{"balance":150.00,"currency":"USD"}}"#;
        assert_eq!(json(audian, "EUR").unwrap(), r#"{"balance":150,"currency":"USD"}"#);
        let kazoo = br#"{"status":"success","data":{"amount":-12.499999999999999}}"#;
        assert_eq!(json(kazoo, "EUR").unwrap(), r#"{"balance":-12.5,"currency":"EUR"}"#);
        let old = br#"{"status":"success","data":{"balance":3,"amount":null,"currency":null}}"#;
        assert_eq!(json(old, "USD").unwrap(), r#"{"balance":3,"currency":"USD"}"#);
        let negzero = br#"{"data":{"balance":-0.0}}"#;
        assert_eq!(json(negzero, "USD").unwrap(), r#"{"balance":0,"currency":"USD"}"#);
    }

    #[test]
    fn bad_balances_are_validation_errors() {
        let cases = [
            (r#"{"data":{}}"#, "data.balance", "missing field `balance`"),
            (r#"{"data":{"balance":"150.00"}}"#, "data.balance", "expected an amount of money"),
            (r#"{"data":{"balance":1e400}}"#, "data.balance", "out of range"),
            (r#"{"data":{"balance":1,"currency":"usd$"}}"#, "data.currency", "\"usd$\" is not an ISO 4217"),
            (r#"{"data":{"balance":1,"currency":"usd"}}"#, "data.currency", "ISO 4217"),
            (r#"{"data":{"balance":1,"currency":978}}"#, "data.currency", "expected a string"),
            (r#"{"data":{"balance":1,"balance":2}}"#, "data.balance", "duplicate field"),
            (r#"{"data":[1]}"#, "data", "expected a JSON object"),
        ];
        for (body, path, says) in cases {
            let e = json(body.as_bytes(), "USD").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says), "{body}: {}", e.message);
        }
    }
}
