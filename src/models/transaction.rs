//! `GET /v2/accounts/{id}/transactions`: one page of the account's ledger, newest first.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::Serialize;

use super::{de_opt_cow, Id, Money, Timestamp};
use crate::envelope::{self, Obj};
use crate::error::Error;

/// The four kinds of ledger entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TransactionType {
    /// A charge.
    Debit,
    /// Money added: a payment or a refund.
    Credit,
    /// A monthly charge (number rentals, features).
    Recurring,
    /// Per-minute call charges.
    Usage,
}

impl<'de> Deserialize<'de> for TransactionType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl Visitor<'_> for TypeVisitor {
            type Value = TransactionType;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("one of \"debit\", \"credit\", \"recurring\", \"usage\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TransactionType, E> {
                match v {
                    "debit" => Ok(TransactionType::Debit),
                    "credit" => Ok(TransactionType::Credit),
                    "recurring" => Ok(TransactionType::Recurring),
                    "usage" => Ok(TransactionType::Usage),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_str(TypeVisitor)
    }
}

/// A row as the API sends it: Audian's documented form or Kazoo's.
#[derive(serde::Deserialize)]
struct WireTransaction<'a> {
    #[serde(borrow)]
    id: Id<'a>,
    amount: Money,
    #[serde(borrow, default, deserialize_with = "de_opt_cow")]
    description: Option<Cow<'a, str>>,
    created: Timestamp,
    #[serde(rename = "type", default)]
    kind: Option<TransactionType>,
    #[serde(borrow, default, deserialize_with = "de_opt_cow")]
    reason: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de_opt_cow")]
    status: Option<Cow<'a, str>>,
}

/// A checked, normalized transaction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transaction<'a> {
    /// The transaction id.
    pub id: Cow<'a, str>,
    /// Dollars, rounded to $0.0001.
    pub amount: f64,
    /// The description, else Kazoo's `reason`, else "".
    pub description: Cow<'a, str>,
    /// RFC 3339 UTC.
    pub created: String,
    /// The type, or derived from the sign of the amount when absent.
    #[serde(rename = "type")]
    pub kind: TransactionType,
    /// Kazoo's machine reason (`per_minute_call`, `database_rollup`, …), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Cow<'a, str>>,
    /// The processing state of a payment (`completed`, `failed`, …), when sent: portals total
    /// completed rows only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Cow<'a, str>>,
}

impl<'a> From<WireTransaction<'a>> for Transaction<'a> {
    fn from(wire: WireTransaction<'a>) -> Self {
        let amount = wire.amount.0;
        let kind = wire.kind.unwrap_or(if amount < 0.0 { TransactionType::Credit } else { TransactionType::Debit });
        let description = wire.description.or_else(|| wire.reason.clone()).unwrap_or_default();
        Transaction { id: wire.id.0, amount, description, created: wire.created.0, kind, reason: wire.reason, status: wire.status }
    }
}

/// One page of transactions, as `transactions()` resolves.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionPage<'a> {
    /// The rows of this page.
    pub data: Vec<Transaction<'a>>,
    /// Pass as `startKey` for the next page; `None` on the last page.
    pub next_start_key: Option<String>,
    /// The envelope's request id.
    pub request_id: Option<String>,
}

/// Decodes and checks a transactions reply.
///
/// ```
/// let body = br#"{"status":"success","data":[{"id":"t1","amount":-5,"created":63598331974}]}"#;
/// let page = audian_billing::models::transaction::decode(body).unwrap();
/// assert_eq!(page.data[0].kind, audian_billing::models::transaction::TransactionType::Credit);
/// ```
pub fn decode(body: &[u8]) -> Result<TransactionPage<'_>, Error> {
    let (rows, meta) = envelope::decode::<Vec<Obj<WireTransaction>>>(body)?;
    let data = rows.into_iter().map(|row| Transaction::from(row.0)).collect();
    Ok(TransactionPage { data, next_start_key: meta.next_start_key, request_id: meta.request_id })
}

/// A transactions reply as the JSON text of its [`TransactionPage`], for `JSON.parse`.
///
/// Same result as [`decode`] then [`to_json`](super::to_json); well-formed bodies take a one-pass
/// fast path (`fast.rs`), and everything else, errors included, the serde path.
pub fn page_json(body: &[u8]) -> Result<String, Error> {
    match super::fast::page(body) {
        Some(json) => Ok(json),
        None => super::to_json(&decode(body)?),
    }
}

/// Like [`page_json`], for the rows only (JSON text of `page.data`) and the next page's key.
pub fn data_json(body: &[u8]) -> Result<(String, Option<String>), Error> {
    match super::fast::data(body) {
        Some((json, meta)) => Ok((json, meta.next_start_key)),
        None => {
            let page = decode(body)?;
            Ok((super::to_json(&page.data)?, page.next_start_key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::to_json;

    /// Audian's documented example.
    const AUDIAN: &str = r#"{"status":"success","request_id":"req-1","data":[
        {"id": "txn_abc123", "amount": 25.00, "description": "Monthly DID rental", "created": "2026-02-01T00:00:00Z", "type": "debit"}]}"#;

    /// Kazoo 4.x's documented rows, plus a 5.x row without type or description.
    const KAZOO: &str = r#"{"auth_token":"","status":"success","request_id":"req-2","page_size":"3","next_start_key":"g2gCbgUA","revision":"x","data":[
        {"description": "monthly rollup", "id": "09dd02e20e07dbb65401802ba20cfb32", "amount": 10.179999999999999716,
         "reason": "database_rollup", "type": "credit", "created": 63598331974, "version": 2, "code": 9999},
        {"id": "201505-09dd02e20e07dbb65401802ba20cfb33", "amount": 0.0125, "reason": "per_minute_call",
         "type": "usage", "created": 63598331000, "metadata": {"call": {"direction": "outbound"}}},
        {"id": "202602-0f0e0d0c0b0a09080706050403020100", "amount": -20.0, "reason": "admin_discretion",
         "created": 63598330000, "sub_account_id": "abc", "status": "failed"}]}"#;

    #[test]
    fn audian_form() {
        let page = decode(AUDIAN.as_bytes()).unwrap();
        assert_eq!(page.request_id.as_deref(), Some("req-1"));
        assert_eq!(page.next_start_key, None);
        assert_eq!(
            to_json(&page).unwrap(),
            r#"{"data":[{"id":"txn_abc123","amount":25.0,"description":"Monthly DID rental","created":"2026-02-01T00:00:00Z","type":"debit"}],"nextStartKey":null,"requestId":"req-1"}"#
        );
    }

    #[test]
    fn kazoo_form_is_normalized() {
        let page = decode(KAZOO.as_bytes()).unwrap();
        assert_eq!(page.next_start_key.as_deref(), Some("g2gCbgUA"));
        let [rollup, call, refund] = page.data.as_slice() else { panic!("three rows") };
        assert_eq!((rollup.amount, rollup.created.as_str()), (10.18, "2015-05-08T19:19:34Z"));
        assert_eq!((rollup.kind, rollup.description.as_ref()), (TransactionType::Credit, "monthly rollup"));
        assert_eq!((call.amount, call.kind, call.description.as_ref()), (0.0125, TransactionType::Usage, "per_minute_call"));
        assert_eq!((refund.amount, refund.kind), (-20.0, TransactionType::Credit), "untyped negative rows are credits");
        assert_eq!((refund.reason.as_deref(), refund.status.as_deref()), (Some("admin_discretion"), Some("failed")));
        assert_eq!(call.status, None);
    }

    #[test]
    fn untyped_rows_take_their_type_from_the_sign() {
        let body = r#"{"data":[{"id":"a","amount":3,"created":"2026-01-01T00:00:00Z"},{"id":"b","amount":0,"created":"2026-01-01T00:00:00Z","type":null}]}"#;
        let page = decode(body.as_bytes()).unwrap();
        assert_eq!(page.data[0].kind, TransactionType::Debit);
        assert_eq!(page.data[1].kind, TransactionType::Debit);
        assert_eq!(page.data[0].description, "", "no description and no reason");
    }

    #[test]
    fn every_bad_field_names_its_path() {
        let row = r#"{"id":"a","amount":1,"created":"2026-01-01T00:00:00Z","type":"debit"}"#;
        let cases = [
            (r#"{"id":"","amount":1,"created":0}"#, "data[1].id", "non-empty"),
            (r#"{"id":7,"amount":1,"created":0}"#, "data[1].id", "expected a string"),
            (r#"{"amount":1,"created":0}"#, "data[1].id", "missing field `id`"),
            (r#"{"id":"b","amount":"25.00","created":0}"#, "data[1].amount", "expected an amount of money"),
            (r#"{"id":"b","amount":1e400,"created":0}"#, "data[1].amount", "out of range"),
            (r#"{"id":"b","created":0}"#, "data[1].amount", "missing field `amount`"),
            (r#"{"id":"b","amount":1,"created":"2025-02-29T00:00:00Z"}"#, "data[1].created", "does not exist"),
            (r#"{"id":"b","amount":1,"created":"2026-02-01T00:00:00"}"#, "data[1].created", "no UTC offset"),
            (r#"{"id":"b","amount":1,"created":true}"#, "data[1].created", "expected an RFC 3339"),
            (r#"{"id":"b","amount":1,"created":0,"type":"refund"}"#, "data[1].type", "expected one of"),
            (r#"{"id":"b","amount":1,"created":0,"description":5}"#, "data[1].description", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"status":true}"#, "data[1].status", "expected a string"),
            (r#"{"id":"b","amount":1,"amount":2,"created":0}"#, "data[1].amount", "duplicate field"),
            ("null", "data[1]", "expected a JSON object"),
            (r#"["b", 1, null, 0]"#, "data[1]", "expected a JSON object"),
        ];
        for (bad, path, says) in cases {
            let body = format!(r#"{{"request_id":"r","data":[{row},{bad}]}}"#);
            let e = decode(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{bad}: {}", e.message);
            assert!(e.message.contains(says) && e.message.starts_with(path), "{bad}: {}", e.message);
            assert_eq!(e.request_id.as_deref(), Some("r"));
        }
    }

    #[test]
    fn data_must_be_a_list() {
        let e = decode(br#"{"data":{"id":"a"}}"#).unwrap_err();
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
    }

    #[test]
    fn escaped_and_unicode_text_survives() {
        let body = r#"{"data":[{"id":"a","amount":1,"created":0,"description":"<img src=x onerror=\"alert(1)\"> \u00e9 \ud83d\ude00 \n"}]}"#;
        let page = decode(body.as_bytes()).unwrap();
        assert_eq!(page.data[0].description, "<img src=x onerror=\"alert(1)\"> é 😀 \n");
        let again: serde_json::Value = serde_json::from_str(&to_json(&page).unwrap()).unwrap();
        assert_eq!(again["data"][0]["description"], "<img src=x onerror=\"alert(1)\"> é 😀 \n");
    }
}
