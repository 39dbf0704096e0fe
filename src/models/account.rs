//! `GET /v2/accounts/{id}`: the account document.

use std::borrow::Cow;

use serde::Serialize;

use super::{de_cow, Id, Timestamp};
use crate::envelope::{self, Obj};
use crate::error::Error;

fn enabled_by_default() -> bool {
    true
}

/// The account as `account()` resolves; Kazoo's many other fields are dropped.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Account<'a> {
    /// The account id.
    #[serde(borrow)]
    pub id: Id<'a>,
    /// The account's name.
    #[serde(borrow, deserialize_with = "de_cow")]
    pub name: Cow<'a, str>,
    /// `false` when the account is suspended; Kazoo omits it when true.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// When the account was created (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
}

/// Decodes and checks an account reply.
///
/// ```
/// let body = br#"{"status":"success","data":{"id":"3c5e","name":"Northwind","created":63598331974}}"#;
/// let account = audian_billing::models::account::decode(body).unwrap();
/// assert!(account.enabled);
/// ```
pub fn decode(body: &[u8]) -> Result<Account<'_>, Error> {
    envelope::decode(body).map(|(Obj(account), _)| account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::to_json;

    #[test]
    fn kazoo_account_document() {
        let body = br#"{"status":"success","data":{"id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","name":"Northwind Dental",
            "realm":"northwind.sip.audian.com","enabled":false,"created":63598331974,"timezone":"America/New_York"}}"#;
        assert_eq!(
            to_json(&decode(body).unwrap()).unwrap(),
            r#"{"id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","name":"Northwind Dental","enabled":false,"created":"2015-05-08T19:19:34Z"}"#
        );
        let minimal = br#"{"data":{"id":"a","name":"A"}}"#;
        assert_eq!(to_json(&decode(minimal).unwrap()).unwrap(), r#"{"id":"a","name":"A","enabled":true}"#);
    }

    #[test]
    fn bad_accounts() {
        for (body, path) in [
            (r#"{"data":{"id":"a","name":"A","enabled":"yes"}}"#, "data.enabled"),
            (r#"{"data":{"id":"a"}}"#, "data.name"),
            (r#"{"data":{"id":"","name":"A"}}"#, "data.id"),
            (r#"{"data":{"id":"a","name":"A","created":"2026-02-30T00:00:00Z"}}"#, "data.created"),
        ] {
            let e = decode(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
        }
    }
}
