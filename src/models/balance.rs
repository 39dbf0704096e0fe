//! `GET /v2/accounts/{id}/balance` (Audian), with Kazoo's `/ledgers/total` as the fallback.

use super::{currency, decode_to_text, opt_money, read_object, Field, ObjectWriter};
use crate::error::Error;
use crate::json::{Path, Reader};

/// A balance reply as the JSON text of a `Balance`, `{"balance":…,"currency":"…"}`;
/// `default_currency` fills in a missing currency.
///
/// Audian sends `{balance, currency}`; Kazoo's `/ledgers/total` sends `{amount}`, and
/// Kazoo 4.0–4.2's `/transactions/current_balance` sends `{balance}`. A list as `data` (what
/// `/ledgers/total` answers on Kazoo 4.0–4.2) and Kazoo 3.22's `{"total": N}` (a ledger named
/// "total", not the balance) are `validation` errors at `data`, which the client reads as "ask
/// the next path".
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
    let mut balance = Field::new("balance", opt_money);
    let mut amount = Field::new("amount", opt_money);
    let mut sent_currency = Field::new("currency", Reader::opt_str);
    // Kazoo 3.22 reads `/ledgers/total` as the ledger named "total": `{"total": N}`, in raw units.
    let mut ledger_total = Field::new("total", |r, _| r.skip());
    read_object(r, &data, &mut [&mut balance, &mut amount, &mut sent_currency, &mut ledger_total])?;
    let Some(units) = balance.opt().or(amount.opt()) else {
        if ledger_total.get().is_some() {
            return Err(data.invalid("a ledger named `total` (Kazoo 3.22's /ledgers/total), not the account's balance"));
        }
        return Err(data.key("balance").invalid("missing field `balance` (nor Kazoo's `amount`)"));
    };
    let currency = currency(sent_currency.opt(), default_currency, &data.key("currency"))?;
    let mut o = ObjectWriter::new(out);
    o.money("balance", units);
    o.text("currency", Some(&currency));
    o.end();
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
    fn kazoo_current_balance_replies() {
        let v42 = include_str!("../../tests/fixtures/kazoo/current-balance-4.2.json");
        let v322 = include_str!("../../tests/fixtures/kazoo/current-balance-3.22.json");
        for body in [v42, v322] {
            assert_eq!(json(body.as_bytes(), "USD").unwrap(), r#"{"balance":9.18,"currency":"USD"}"#);
        }
    }

    #[test]
    fn a_list_as_data_means_not_this_version() {
        // Kazoo 4.0–4.2 read `/ledgers/total` as a ledger named "total" and answer a list.
        for body in [r#"{"data":[],"status":"success","version":"4.2.38"}"#, r#"{"data":[{"amount":1}]}"#] {
            let e = json(body.as_bytes(), "USD").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")), "{body}");
            assert!(e.message.contains("invalid type: an array, expected a JSON object"), "{}", e.message);
        }
    }

    #[test]
    fn kazoo_3_22s_ledger_named_total_is_not_the_balance() {
        let e = json(br#"{"data":{"total":-1200000},"status":"success"}"#, "USD").unwrap_err();
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
        assert!(e.message.contains("a ledger named `total`"), "{}", e.message);
        assert!(crate::endpoint::not_here(&crate::endpoint::BALANCE.routes[1], &e), "the client asks /transactions/current_balance next");
        assert_eq!(json(br#"{"data":{"amount":1,"total":5}}"#, "USD").unwrap(), r#"{"balance":1,"currency":"USD"}"#);
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
            (r#"{"data":{"amount":1,"amount":null}}"#, "data.amount", "duplicate field"),
            (r#"{"data":{"amount":true}}"#, "data.amount", "expected an amount of money"),
            (r#"{"data":{"balance":1,"currency":"EUR","currency":"USD"}}"#, "data.currency", "duplicate field"),
            (r#"{"data":[1]}"#, "data", "expected a JSON object"),
        ];
        for (body, path, says) in cases {
            let e = json(body.as_bytes(), "USD").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says), "{body}: {}", e.message);
        }
    }
}
