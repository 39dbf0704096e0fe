//! Auto-recharge and the low-balance alert: two parts of the account document (schema
//! `accounts.json`), read from `GET /v2/accounts/{id}` and changed with `PATCH` (`cb_accounts.erl`).
//!
//! - `topup: {threshold, amount}`: when the balance falls below `threshold`, Kazoo charges the card
//!   `amount`, at most once a day, where the install enables top-ups; both must be more than 0
//!   (`kz_services_topup:get_topup/1`), else there is no auto-recharge.
//! - `notifications.low_balance: {enabled, threshold}`: an email when the balance falls below
//!   `threshold`; only `enabled: true` turns it on (`kzd_accounts:low_balance_enabled/1`), and a
//!   missing threshold falls back to the top-up's, then to the install's default, $5
//!   (`kzd_accounts:low_balance_threshold/1`).

use super::{decode_to_text, opt_bool, opt_money, read_object, Field, ObjectWriter};
use crate::error::Error;
use crate::json::{Path, Reader};
use crate::text::push_units;

/// Kazoo's default low-balance threshold (`notify.low_balance` `threshold`), in units of $0.0001.
const DEFAULT_THRESHOLD: i64 = 50_000;

/// An account reply as the JSON text of `BillingSettings`,
/// `{"autoRecharge":{"threshold","amount"}|null,"lowBalanceAlert":{"enabled","threshold"}|null}`.
///
/// ```
/// let body = br#"{"data":{"id":"a","name":"A","topup":{"threshold":10,"amount":25},"notifications":{"low_balance":{"enabled":true}}}}"#;
/// assert_eq!(audian_billing::models::billing_settings::json(body).unwrap(),
///     r#"{"autoRecharge":{"threshold":10,"amount":25},"lowBalanceAlert":{"enabled":true,"threshold":10}}"#);
/// ```
pub fn json(body: &[u8]) -> Result<String, Error> {
    decode_to_text(body, b"", &mut settings).map(|(text, _)| text)
}

/// `topup`, with the two members that matter.
type Topup = (Option<i64>, Option<i64>);
/// `notifications.low_balance`.
type LowBalance = (Option<bool>, Option<i64>);

fn settings(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    let data = Path::Root("data");
    let mut topup = Field::new("topup", |r, at| super::or_null(r, at, topup));
    let mut notifications = Field::new("notifications", |r, at| super::member(r, at, Field::new("low_balance", low_balance)));
    read_object(r, &data, &mut [&mut topup, &mut notifications])?;
    let (threshold, amount) = topup.opt().unwrap_or_default();
    let mut o = ObjectWriter::new(out);
    match (threshold, amount) {
        (Some(threshold), Some(amount)) if threshold > 0 && amount > 0 => {
            let mut recharge = ObjectWriter::new(o.key("autoRecharge"));
            recharge.money("threshold", threshold);
            recharge.money("amount", amount);
            recharge.end();
        }
        _ => o.key("autoRecharge").extend_from_slice(b"null"),
    }
    match notifications.opt().flatten() {
        Some((enabled, alert_threshold)) => {
            let mut alert = ObjectWriter::new(o.key("lowBalanceAlert"));
            alert.bool("enabled", enabled == Some(true));
            alert.money("threshold", alert_threshold.or(threshold).unwrap_or(DEFAULT_THRESHOLD));
            alert.end();
        }
        None => o.key("lowBalanceAlert").extend_from_slice(b"null"),
    }
    o.end();
    Ok(())
}

fn topup(r: &mut Reader, path: &Path) -> Result<Topup, Error> {
    let mut threshold = Field::new("threshold", opt_money);
    let mut amount = Field::new("amount", opt_money);
    read_object(r, path, &mut [&mut threshold, &mut amount])?;
    Ok((threshold.opt(), amount.opt()))
}

fn low_balance(r: &mut Reader, path: &Path) -> Result<Option<LowBalance>, Error> {
    super::or_null(r, path, |r, path| {
        let mut enabled = Field::new("enabled", opt_bool);
        let mut threshold = Field::new("threshold", opt_money);
        read_object(r, path, &mut [&mut enabled, &mut threshold])?;
        Ok((enabled.opt(), threshold.opt()))
    })
}

/// What `updateBillingSettings` changes, checked; `None` leaves a setting as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// `Some(None)` turns auto-recharge off; `Some(Some((threshold, amount)))` sets it (units).
    pub auto_recharge: Option<Option<(i64, i64)>>,
    /// `(enabled, threshold)` in units.
    pub low_balance: Option<(bool, i64)>,
}

impl Update {
    /// The `PATCH` body: only what changes. Turning auto-recharge off sends `null` for its two
    /// members: Kazoo's PATCH merges the body into the document and drops the keys it gives as
    /// `null` (`crossbar_doc:patch_the_doc/2`, `kz_json:merge_left`), which removes exactly what
    /// Monster UI deletes and keeps the rest of `topup`.
    ///
    /// ```
    /// use audian_billing::models::billing_settings::Update;
    /// let off = Update { auto_recharge: Some(None), low_balance: Some((true, 50_000)) };
    /// assert_eq!(off.body(), r#"{"data":{"topup":{"threshold":null,"amount":null},"notifications":{"low_balance":{"enabled":true,"threshold":5}}}}"#);
    /// ```
    pub fn body(&self) -> String {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(b"{\"data\":");
        let mut data = ObjectWriter::new(&mut out);
        match self.auto_recharge {
            Some(Some((threshold, amount))) => {
                let mut topup = ObjectWriter::new(data.key("topup"));
                topup.money("threshold", threshold);
                topup.money("amount", amount);
                topup.end();
            }
            Some(None) => data.key("topup").extend_from_slice(b"{\"threshold\":null,\"amount\":null}"),
            None => {}
        }
        if let Some((enabled, threshold)) = self.low_balance {
            let alert = data.key("notifications");
            alert.extend_from_slice(b"{\"low_balance\":{\"enabled\":");
            alert.extend_from_slice(if enabled { b"true" } else { b"false" });
            alert.extend_from_slice(b",\"threshold\":");
            push_units(alert, threshold);
            alert.extend_from_slice(b"}}");
        }
        data.end();
        out.push(b'}');
        super::into_text(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn settings_of(data: &str) -> String {
        json(format!(r#"{{"status":"success","data":{data}}}"#).as_bytes()).unwrap()
    }

    #[test]
    fn settings_as_kazoo_reads_them() {
        assert_eq!(settings_of(r#"{"id":"a"}"#), r#"{"autoRecharge":null,"lowBalanceAlert":null}"#);
        assert_eq!(
            settings_of(
                r#"{"topup":{"threshold":10.0,"amount":25,"monthly":{"preemptive":true}},"notifications":{"low_balance":{"enabled":false,"threshold":7.5,"sent_low_balance":true}}}"#
            ),
            r#"{"autoRecharge":{"threshold":10,"amount":25},"lowBalanceAlert":{"enabled":false,"threshold":7.5}}"#
        );
        // Kazoo ignores a top-up without both members above 0.
        for topup in [r#"{"threshold":10}"#, r#"{"threshold":0,"amount":25}"#, r#"{"threshold":10,"amount":-1}"#, "null", "{}"] {
            assert!(settings_of(&format!(r#"{{"topup":{topup}}}"#)).starts_with(r#"{"autoRecharge":null"#), "{topup}");
        }
        assert_eq!(
            settings_of(r#"{"notifications":{"low_balance":{}}}"#),
            r#"{"autoRecharge":null,"lowBalanceAlert":{"enabled":false,"threshold":5}}"#,
            "only enabled: true turns it on; the install's default threshold"
        );
        assert_eq!(settings_of(r#"{"notifications":{"first_occurrence":{}}}"#), r#"{"autoRecharge":null,"lowBalanceAlert":null}"#);
        assert_eq!(settings_of(r#"{"notifications":null}"#), r#"{"autoRecharge":null,"lowBalanceAlert":null}"#);
    }

    #[test]
    fn bad_settings_are_validation_errors() {
        for (data, path) in [
            (r#"{"topup":{"threshold":"10","amount":25}}"#, "data.topup.threshold"),
            (r#"{"topup":[]}"#, "data.topup"),
            (r#"{"notifications":{"low_balance":{"enabled":"yes"}}}"#, "data.notifications.low_balance.enabled"),
            (r#"{"notifications":{"low_balance":{"threshold":1e400}}}"#, "data.notifications.low_balance.threshold"),
            (r#"{"topup":{"amount":1,"amount":2}}"#, "data.topup.amount"),
        ] {
            let e = json(format!(r#"{{"data":{data}}}"#).as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{data}: {}", e.message);
        }
    }

    #[test]
    fn patch_bodies_hold_only_what_changes() {
        let on = Update { auto_recharge: Some(Some((100_000, 255_000))), low_balance: None };
        assert_eq!(on.body(), r#"{"data":{"topup":{"threshold":10,"amount":25.5}}}"#);
        let alert = Update { auto_recharge: None, low_balance: Some((false, 0)) };
        assert_eq!(alert.body(), r#"{"data":{"notifications":{"low_balance":{"enabled":false,"threshold":0}}}}"#);
        assert_eq!(Update::default().body(), r#"{"data":{}}"#);
    }
}
