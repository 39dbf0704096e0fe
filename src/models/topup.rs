//! Adding credit: the amount a caller asks for, the request body, the reply of Kazoo 4.3+'s
//! `POST /services/topup` (`cb_services.erl`, `kz_services_topup.erl`) or of Kazoo ≤ 4.2's (and
//! Audian's page's) `PUT /braintree/credits` (`cb_braintree.erl`), and a declined card.

use super::{decode_to_text, id, money, money_units, opt_money, read_object, Field, ObjectWriter};
use crate::error::{Error, ErrorKind};
use crate::json::{Path, Reader, Str};
use crate::text::{number_text, push_units, quote};
use crate::transport::Response;

/// The largest credit one call adds, in the account's currency: a typo guard (`10000` for
/// `100.00`); Kazoo ≤ 4.2 has its own limit on the resulting balance (`max_account_credit`,
/// $500 by default), which it answers with a 400.
pub const MAX_CREDIT: f64 = 10_000.0;

/// Units of $0.0001 in one cent.
const CENT: i64 = 100;

/// Checks an amount of money a caller gives (`name` for the message): more than 0 (or at least 0
/// with `zero_ok`), at most [`MAX_CREDIT`], whole cents. Returns it in units of $0.0001.
///
/// ```
/// use audian_billing::models::topup::checked_amount;
/// assert_eq!(checked_amount("amount", 25.5, false), Ok(255_000));
/// assert!(checked_amount("amount", 0.0, false).is_err());
/// assert!(checked_amount("amount", 10.005, false).is_err());
/// ```
pub fn checked_amount(name: &str, value: f64, zero_ok: bool) -> Result<i64, Error> {
    let units = money_units(value).filter(|u| *u % CENT == 0 && (*u > 0 || (zero_ok && *u == 0)) && value <= MAX_CREDIT);
    units.ok_or_else(|| {
        let least = if zero_ok { "0 or more" } else { "more than 0" };
        Error::config(format!("{name} must be a number {least}, at most {}, in whole cents; got {}", number_text(MAX_CREDIT), number_text(value)))
    })
}

/// The body of both top-up requests: `{"data":{"amount":25.5}}`.
pub fn body(units: i64) -> String {
    let mut out = b"{\"data\":{\"amount\":".to_vec();
    push_units(&mut out, units);
    out.extend_from_slice(b"}}");
    super::into_text(out)
}

/// A top-up reply as the JSON text of a `Credit`, `{"amount","transaction"?,"ledgerEntry"?}`;
/// `units` is the amount asked for.
///
/// Kazoo 4.3+ answers `{transaction?, ledger}` (no transaction when the install has no
/// bookkeeper); Kazoo ≤ 4.2 answers the transaction document itself, whose `id` and `amount`
/// are private fields it leaves out, so only what it shows is kept.
///
/// ```
/// use audian_billing::models::topup::credit_json;
/// let body = br#"{"data":{"transaction":{"id":"t1","amount":25,"status":"completed"},"ledger":{"id":"l1","amount":25}}}"#;
/// assert_eq!(credit_json(body, 250_000).unwrap(),
///     r#"{"amount":25,"transaction":{"id":"t1","amount":25,"status":"completed"},"ledgerEntry":{"id":"l1","amount":25}}"#);
/// ```
pub fn credit_json(body: &[u8], units: i64) -> Result<String, Error> {
    let mut prefix = b"{\"amount\":".to_vec();
    push_units(&mut prefix, units);
    decode_to_text(body, &prefix, &mut credit).map(|(text, _)| text)
}

/// `data`, after the `{"amount":…` prefix.
fn credit(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    let data = Path::Root("data");
    let mut transaction = Field::new("transaction", |r, at| super::or_null(r, at, written));
    let mut ledger = Field::new("ledger", |r, at| super::or_null(r, at, written));
    // Kazoo ≤ 4.2: the transaction itself.
    let mut id_ = Field::new("id", |r: &mut Reader, at: &Path| super::or_null(r, at, id));
    let mut amount = Field::new("amount", opt_money);
    let mut status = Field::new("status", Reader::opt_str);
    let mut description = Field::new("description", Reader::opt_str);
    read_object(r, &data, &mut [&mut transaction, &mut ledger, &mut id_, &mut amount, &mut status, &mut description])?;
    if let Some(text) = transaction.opt() {
        out.extend_from_slice(b",\"transaction\":");
        out.extend_from_slice(&text);
    } else if let (Some(id_), Some(units)) = (id_.opt(), amount.opt()) {
        out.extend_from_slice(b",\"transaction\":");
        write(out, id_, units, status.opt(), description.opt());
    }
    if let Some(text) = ledger.opt() {
        out.extend_from_slice(b",\"ledgerEntry\":");
        out.extend_from_slice(&text);
    }
    out.push(b'}');
    Ok(())
}

/// A transaction or ledger document of the reply, as `{"id","amount","status"?,"description"?}`.
fn written(r: &mut Reader, path: &Path) -> Result<Vec<u8>, Error> {
    let mut id_ = Field::new("id", id);
    let mut amount = Field::new("amount", money);
    let mut status = Field::new("status", Reader::opt_str);
    let mut description = Field::new("description", Reader::opt_str);
    read_object(r, path, &mut [&mut id_, &mut amount, &mut status, &mut description])?;
    let mut out = Vec::new();
    write(&mut out, id_.required(path)?, amount.required(path)?, status.opt(), description.opt());
    Ok(out)
}

fn write(out: &mut Vec<u8>, id_: Str, units: i64, status: Option<Str>, description: Option<Str>) {
    let mut o = ObjectWriter::new(out);
    o.str("id", id_);
    o.money("amount", units);
    o.str("status", status);
    o.str("description", description);
    o.end();
}

/// The `payment_declined` error when `response` says the card was declined, so no money moved:
/// Kazoo 4.3+ answers 500 with the failed transaction (`status: "failed"`, the processor's words
/// in `bookkeeper.results.message`, `crossbar_services:transaction_to_error`); Kazoo ≤ 4.2
/// answers 400 `braintree api error` with `data.api_error.message`.
///
/// ```
/// use audian_billing::transport::Response;
/// let body = br#"{"status":"error","error":"500","message":"processor_declined","request_id":"r1",
///     "data":{"id":"t1","status":"failed","bookkeeper":{"results":{"status":"error","message":"Insufficient Funds"}}}}"#;
/// let e = audian_billing::models::topup::declined(&Response { status: 500, body: body.to_vec(), ..Response::default() }).unwrap();
/// assert_eq!((e.kind.as_str(), e.request_id.as_deref()), ("payment_declined", Some("r1")));
/// assert!(e.message.contains("Insufficient Funds"), "{}", e.message);
/// ```
pub fn declined(response: &Response) -> Option<Error> {
    if !matches!(response.status, 400 | 500) {
        return None;
    }
    let body = response.body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&response.body);
    let text = std::str::from_utf8(body).ok()?;
    let said = read_decline(text).ok()?;
    let failed = match response.status {
        500 => said.status.as_deref() == Some("failed"),
        _ => said.api_error,
    };
    if !failed {
        return None;
    }
    let base = crate::envelope::api_error(Some(response.status), body, response.request_id.clone());
    let mut message = String::from("The card was declined");
    if let Some(why) = said.message.filter(|m| !m.trim().is_empty()) {
        message.push_str(": ");
        message.push_str(&quote(&why));
    }
    message.push_str(". No money was taken. Try another card, or ask the card's bank why.");
    let mut e = Error::new(ErrorKind::PaymentDeclined, message).with_status(response.status).with_request_id(base.request_id);
    e.code = base.code;
    Some(e)
}

/// What a decline reply says.
#[derive(Default)]
struct Decline {
    /// The transaction's `status` (Kazoo 4.3+).
    status: Option<String>,
    /// The processor's words.
    message: Option<String>,
    /// Whether `data.api_error` is there (Kazoo ≤ 4.2).
    api_error: bool,
}

fn read_decline(text: &str) -> Result<Decline, Error> {
    let mut r = Reader::new(text);
    let root = Path::Root("");
    let mut data = Field::new("data", |r, at| super::or_null(r, at, decline_data));
    read_object(&mut r, &root, &mut [&mut data])?;
    Ok(data.opt().unwrap_or_default())
}

fn decline_data(r: &mut Reader, path: &Path) -> Result<Decline, Error> {
    let mut status = Field::new("status", Reader::opt_str);
    let mut bookkeeper = Field::new("bookkeeper", |r, at| super::member(r, at, Field::new("results", message_of)));
    let mut api_error = Field::new("api_error", message_of);
    read_object(r, path, &mut [&mut status, &mut bookkeeper, &mut api_error])?;
    let api_error = api_error.get();
    Ok(Decline {
        status: status.opt().map(|s| s.text().into_owned()),
        api_error: api_error.is_some(),
        message: bookkeeper.opt().flatten().or(api_error.flatten()),
    })
}

/// The `message` of an object (or `null`): the processor's words.
fn message_of(r: &mut Reader, at: &Path) -> Result<Option<String>, Error> {
    let mut message = Field::new("message", Reader::opt_str);
    super::or_null(r, at, |r, at| read_object(r, at, &mut [&mut message]))?;
    Ok(message.opt().map(|m| m.text().into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Response {
        Response { status, body: body.as_bytes().to_vec(), request_id: Some("hdr".into()), ..Response::default() }
    }

    #[test]
    fn amounts_are_checked_before_anything_is_sent() {
        assert_eq!(checked_amount("amount", 0.01, false), Ok(100));
        assert_eq!(checked_amount("amount", 10_000.0, false), Ok(100_000_000));
        assert_eq!(checked_amount("threshold", 0.0, true), Ok(0));
        for bad in [0.0, -5.0, 10.001, 10_000.01, f64::NAN, f64::INFINITY, 1e300] {
            let e = checked_amount("amount", bad, false).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Config, "{bad}");
            assert!(e.message.starts_with("amount must be a number more than 0, at most 10000, in whole cents"), "{}", e.message);
        }
        assert!(checked_amount("threshold", -1.0, true).unwrap_err().message.contains("0 or more"));
        assert_eq!(body(255_000), r#"{"data":{"amount":25.5}}"#);
    }

    #[test]
    fn replies_of_each_dialect() {
        let kazoo5 = r#"{"status":"success","data":{"transaction":{"id":"202612-ab","amount":25.0,"status":"completed",
            "description":"Manual top-up","bookkeeper":{"type":"braintree","results":{"status":"success"}},"executor":{"trigger":"manual"}},
            "ledger":{"id":"202612-cd","amount":25.0,"description":"Manual top-up","source":{"service":"payments"}}}}"#;
        assert_eq!(
            credit_json(kazoo5.as_bytes(), 250_000).unwrap(),
            r#"{"amount":25,"transaction":{"id":"202612-ab","amount":25,"status":"completed","description":"Manual top-up"},"ledgerEntry":{"id":"202612-cd","amount":25,"description":"Manual top-up"}}"#
        );
        let no_bookkeeper = r#"{"data":{"ledger":{"id":"l","amount":5}}}"#;
        assert_eq!(credit_json(no_bookkeeper.as_bytes(), 50_000).unwrap(), r#"{"amount":5,"ledgerEntry":{"id":"l","amount":5}}"#);
        let kazoo42 = r#"{"data":{"description":"Manual addition","order_id":"x"}}"#;
        assert_eq!(credit_json(kazoo42.as_bytes(), 50_000).unwrap(), r#"{"amount":5}"#);
        let audian = r#"{"data":{"id":"t9","amount":5,"description":"Credit","status":"completed"}}"#;
        assert_eq!(
            credit_json(audian.as_bytes(), 50_000).unwrap(),
            r#"{"amount":5,"transaction":{"id":"t9","amount":5,"status":"completed","description":"Credit"}}"#
        );
    }

    #[test]
    fn bad_replies_are_validation_errors() {
        for (body, path) in [
            (r#"{"data":{"transaction":{"amount":5}}}"#, "data.transaction.id"),
            (r#"{"data":{"ledger":{"id":"l","amount":"5"}}}"#, "data.ledger.amount"),
            (r#"{"data":{"transaction":[]}}"#, "data.transaction"),
            (r#"{"data":[]}"#, "data"),
        ] {
            let e = credit_json(body.as_bytes(), 1).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
        }
    }

    #[test]
    fn declines_of_each_dialect_and_what_is_not_one() {
        let kazoo5 = r#"{"status":"error","error":"500","message":"processor_declined","request_id":"r5",
            "data":{"id":"t","status":"failed","bookkeeper":{"type":"braintree","results":{"status":"error","reason":"2001","message":"Insufficient Funds"}}}}"#;
        let e = declined(&reply(500, kazoo5)).unwrap();
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::PaymentDeclined, Some(500), Some("r5")));
        assert_eq!(e.message, "The card was declined: \"Insufficient Funds\". No money was taken. Try another card, or ask the card's bank why.");
        assert!(!e.outcome_unknown);

        let kazoo42 = r#"{"status":"error","error":"400","message":"braintree api error",
            "data":{"api_error":{"errors":[],"message":"Do Not Honor"}}}"#;
        let e = declined(&reply(400, kazoo42)).unwrap();
        assert_eq!((e.kind, e.request_id.as_deref()), (ErrorKind::PaymentDeclined, Some("hdr")));
        assert!(e.message.contains("Do Not Honor"), "{}", e.message);

        let silent = r#"{"data":{"status":"failed"}}"#;
        assert_eq!(
            declined(&reply(500, silent)).unwrap().message,
            "The card was declined. No money was taken. Try another card, or ask the card's bank why."
        );

        for (status, body) in [
            (500, r#"{"status":"error","message":"unspecified_fault","data":{"message":"unspecified fault"}}"#),
            (500, r#"{"data":{"status":"pending"}}"#),
            (400, r#"{"data":{"amount":{"maximum":{"message":"Available credit can not exceed $500"}}}}"#),
            (502, r#"{"data":{"status":"failed"}}"#),
            (500, "<html>"),
            (500, r#"{"data":{"status":"failed","status":"completed"}}"#),
        ] {
            assert_eq!(declined(&reply(status, body)), None, "{status} {body}");
        }
    }
}
