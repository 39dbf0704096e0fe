//! `GET /v2/accounts/{id}/balance` (Audian), with Kazoo's `/ledgers/total` as the fallback.

use std::borrow::Cow;

use serde::Serialize;

use super::{de_opt_cow, Money};
use crate::config::is_currency_code;
use crate::envelope::{self, Obj};
use crate::error::{Error, ErrorKind};

/// Audian sends `{balance, currency}`; Kazoo's `/ledgers/total` sends `{amount}`, and
/// Kazoo 4.0–4.2's `/transactions/current_balance` sends `{balance}`.
#[derive(serde::Deserialize)]
struct WireBalance<'a> {
    #[serde(default)]
    balance: Option<Money>,
    #[serde(default)]
    amount: Option<Money>,
    #[serde(borrow, default, deserialize_with = "de_opt_cow")]
    currency: Option<Cow<'a, str>>,
}

/// A checked balance, as `balance()` resolves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance<'a> {
    /// Dollars (or the currency's unit), rounded to 0.0001; may be negative.
    pub balance: f64,
    /// ISO 4217 code: the server's, else the client's `currency` option.
    pub currency: Cow<'a, str>,
}

/// Decodes and checks a balance reply; `default_currency` fills in a missing currency.
///
/// ```
/// let kazoo = br#"{"status":"success","data":{"amount":42.179999999999999716}}"#;
/// let b = audian_billing::models::balance::decode(kazoo, "USD").unwrap();
/// assert_eq!((b.balance, b.currency.as_ref()), (42.18, "USD"));
/// ```
pub fn decode<'a>(body: &'a [u8], default_currency: &'a str) -> Result<Balance<'a>, Error> {
    let (Obj(wire), meta) = envelope::decode::<Obj<WireBalance>>(body)?;
    let fail = |path: &str, message: String| {
        Err(Error::new(ErrorKind::Validation, format!("{path}: {message}"))
            .with_path(path)
            .with_request_id(meta.request_id.clone()))
    };
    let Some(balance) = wire.balance.or(wire.amount) else {
        return fail("data.balance", "missing field `balance` (nor Kazoo's `amount`)".into());
    };
    let currency = wire.currency.unwrap_or(Cow::Borrowed(default_currency));
    if !is_currency_code(&currency) {
        return fail("data.currency", format!("{currency:?} is not an ISO 4217 currency code (three capital letters)"));
    }
    Ok(Balance { balance: balance.0, currency })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_forms() {
        let audian = br#"{"status":"success","data":{"balance":150.00,"currency":"USD"}}"#;
        assert_eq!(decode(audian, "EUR").unwrap(), Balance { balance: 150.0, currency: "USD".into() });
        let kazoo = br#"{"status":"success","data":{"amount":-12.499999999999999}}"#;
        assert_eq!(decode(kazoo, "EUR").unwrap(), Balance { balance: -12.5, currency: "EUR".into() });
        let old = br#"{"status":"success","data":{"balance":3}}"#;
        assert_eq!(decode(old, "USD").unwrap().balance, 3.0);
    }

    #[test]
    fn bad_balances_are_validation_errors() {
        let cases = [
            (r#"{"data":{}}"#, "data.balance"),
            (r#"{"data":{"balance":"150.00"}}"#, "data.balance"),
            (r#"{"data":{"balance":1e400}}"#, "data.balance"),
            (r#"{"data":{"balance":1,"currency":"usd$"}}"#, "data.currency"),
            (r#"{"data":{"balance":1,"currency":"usd"}}"#, "data.currency"),
            (r#"{"data":{"balance":1,"currency":978}}"#, "data.currency"),
            (r#"{"data":[1]}"#, "data"),
        ];
        for (body, path) in cases {
            let e = decode(body.as_bytes(), "USD").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
        }
    }
}
