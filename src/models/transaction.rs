//! `GET /v2/accounts/{id}/transactions`: one page of the account's ledger, newest first.
//!
//! The hot path of the package (a page can hold 100,000 rows): each row is read once, checked,
//! and written out; string values are copied as written (the reader has checked them, and
//! `JSON.parse` gives the same string), so nothing is decoded unless a check needs the text.
//!
//! A row without `type` is typed by its sign, and the rule depends on what the row is:
//! - a payment (Kazoo 4.3+ lists only payments, each with `status`, `executor` or `bookkeeper`):
//!   money paid in (zero or more) is a `credit`; a negative amount is a refund, money going out,
//!   written as a `debit` with `"refund": true`;
//! - any other row (Kazoo ≤ 4.2's ledger rows, Audian's page): negative is a `credit`, else a
//!   `debit`.

use super::meaning::{category, transaction_kind, Category};
use super::{
    data_array, id, member, money_as_written, or_null, page_to_text, read_object, read_object_in_order, rows_to_text, timestamp_as_written, Field,
    ObjectWriter,
};
use crate::error::Error;
use crate::json::{Path, Reader, Str};

/// The four kinds of ledger entry, as written in the output.
const TYPES: [&str; 4] = ["debit", "credit", "recurring", "usage"];

/// A transactions reply as the JSON text of a `TransactionPage`:
/// `{"data":[…],"nextStartKey":…,"requestId":…}`.
///
/// ```
/// let body = br#"{"status":"success","request_id":"r1","data":[
///     {"id":"t1","amount":10.179999999999999716,"created":63598331974,"reason":"database_rollup"}]}"#;
/// assert_eq!(
///     audian_billing::models::transaction::page_json(body).unwrap(),
///     r#"{"data":[{"id":"t1","amount":10.18,"description":"database_rollup","created":"2015-05-08T19:19:34Z","type":"debit","kind":"rollover","category":"other","reason":"database_rollup"}],"nextStartKey":null,"requestId":"r1"}"#
/// );
/// ```
pub fn page_json(body: &[u8]) -> Result<String, Error> {
    page_to_text(body, &mut rows)
}

/// Like [`page_json`], for the rows only (JSON text of `page.data`) and the next page's key.
pub fn data_json(body: &[u8]) -> Result<(String, Option<String>), Error> {
    rows_to_text(body, &mut rows)
}

/// `data`: an array of rows.
fn rows(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    data_array(r, out, row)
}

/// One row, Audian's documented form or Kazoo's, written as
/// `{"id","amount","description","created","type","kind","category","reason"?,"status"?,"refund"?,"message"?}`
/// (`kind` and `category` as [`super::meaning`] decides them).
///
/// A row already in that shape (Audian's documented form: exactly `id`, `amount`,
/// `description`, `created`, `type` in that order, each as it would be written out) is checked
/// the same way but copied as written, with `kind` and `category` added: `JSON.parse` reads the
/// same object from it, and the page skips most of its rewriting.
fn row(r: &mut Reader, path: &Path, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut id_ = Field::new("id", id);
    let mut amount = Field::new("amount", money_as_written);
    let mut description = Field::new("description", Reader::opt_str);
    let mut created = Field::new("created", timestamp_as_written);
    let mut kind = Field::new("type", transaction_type);
    let mut reason = Field::new("reason", Reader::opt_str);
    let mut status = Field::new("status", Reader::opt_str);
    let mut executor = Field::new("executor", object_or_null);
    // A failed payment's `bookkeeper` says why in its `message`.
    let mut bookkeeper = Field::new("bookkeeper", |r, at| or_null(r, at, bookkeeper_message));
    let start = r.value_start()?;
    let order = read_object_in_order(
        r,
        path,
        &mut [&mut id_, &mut amount, &mut description, &mut created, &mut kind, &mut reason, &mut status, &mut executor, &mut bookkeeper],
    )?;
    let written = r.since(start);
    let id_ = id_.required(path)?;
    let (units, amount_as_written) = amount.required(path)?;
    let (created, created_as_written) = created.required(path)?;
    let (status, bookkeeper) = (status.opt(), bookkeeper.opt());
    let payment = status.is_some() || executor.opt().is_some() || bookkeeper.is_some();
    let typed = kind.opt();
    let (kind, refund) = match typed {
        Some(kind) => (kind, false),
        None if payment => {
            if units < 0 {
                ("debit", true)
            } else {
                ("credit", false)
            }
        }
        None => (if units < 0 { "credit" } else { "debit" }, false),
    };
    let reason = reason.opt();
    let described = description.opt().or(reason);
    let reason_text = reason.map(|r| r.text());
    let meaning = transaction_kind(kind, reason_text.as_deref(), refund);
    let category = match category(meaning, None, None, reason_text.as_deref(), &described.map(|d| d.text()).unwrap_or_default()) {
        // Audian's page types calls `usage`: a usage row that nothing else names is a call.
        Category::Other if kind == "usage" => Category::CallUsage,
        category => category,
    };

    // The fields in order (members 1–5 of the list above), typed, described, with values as written.
    let as_written = order == 0x12345 && typed.is_some() && described.is_some() && amount_as_written && created_as_written;
    if let Some(members) = written.strip_suffix('}').filter(|_| as_written) {
        out.extend_from_slice(members.as_bytes());
        let mut o = ObjectWriter::after_members(out);
        o.plain("kind", meaning.as_str());
        o.plain("category", category.as_str());
        o.end();
        return Ok(());
    }
    let mut o = ObjectWriter::new(out);
    o.str("id", id_);
    o.money("amount", units);
    o.key("description").extend_from_slice(described.map_or("\"\"", |s| s.literal).as_bytes());
    o.plain("created", &created);
    o.plain("type", kind);
    o.plain("kind", meaning.as_str());
    o.plain("category", category.as_str());
    o.str("reason", reason);
    o.str("status", status);
    o.bool("refund", refund.then_some(true));
    o.str("message", bookkeeper.flatten());
    o.end();
    Ok(())
}

/// Why a payment failed, in the processor's words: Kazoo keeps the bookkeeper's result in
/// `bookkeeper.results.message` (`kzd_transactions`); a flat `bookkeeper.message` is read too.
fn bookkeeper_message<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Option<Str<'a>>, Error> {
    let mut message = Field::new("message", Reader::opt_str);
    let mut results = Field::new("results", |r, at| member(r, at, Field::new("message", Reader::opt_str)));
    read_object(r, path, &mut [&mut message, &mut results])?;
    Ok(message.opt().or(results.opt().flatten()))
}

/// `type`: one of [`TYPES`], or `null`/absent.
fn transaction_type(r: &mut Reader, path: &Path) -> Result<Option<&'static str>, Error> {
    const EXPECTED: &str = "one of \"debit\", \"credit\", \"recurring\", \"usage\"";
    if r.null()? {
        return Ok(None);
    }
    let text = r.str(path, EXPECTED)?.text();
    match TYPES.iter().find(|t| **t == text) {
        Some(t) => Ok(Some(t)),
        None => Err(path.invalid(&["invalid value: string ", &crate::text::quote(&text), ", expected ", EXPECTED].concat())),
    }
}

/// A JSON object whose content is not needed (a payment's `executor`), or `null` as `None`.
fn object_or_null(r: &mut Reader, path: &Path) -> Result<Option<()>, Error> {
    match r.peek()? {
        b'n' => r.null().map(|_| None),
        b'{' => r.skip().map(Some),
        _ => Err(r.invalid_type(path, "a JSON object or null")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::tests::numbers;
    use serde_json::{json, Value};

    fn page(body: &str) -> Result<Value, Error> {
        page_json(body.as_bytes()).map(|t| serde_json::from_str(&t).expect("output is JSON"))
    }

    /// Audian's documented example.
    const AUDIAN: &str = r#"{"status":"success","request_id":"req-1","data":[
        {"id": "txn_abc123", "amount": 25.00, "description": "Monthly DID rental", "created": "2026-02-01T00:00:00Z", "type": "debit"}]}"#;

    /// Kazoo's forms: Gregorian seconds, float noise, rows without type or description.
    const KAZOO: &str = r#"{"auth_token":"","status":"success","request_id":"req-2","page_size":3,"next_start_key":"g2gCbgUA",
        "data":[
        {"description":"monthly rollup","id":"09dd02e20e07dbb65401802ba20cfb32","amount":10.179999999999999716,
         "reason":"database_rollup","type":"credit","created":63598331974,"version":2,"code":9999},
        {"id":"202602-0f0e0d0c0b0a09080706050403020100","amount":0.012499999999999999,"reason":"per_minute_call",
         "type":"usage","created":63598330000,"metadata":{"call_id":"c1","direction":"outbound"}},
        {"id":"202602-aa","amount":-20.0,"reason":"admin_discretion","status":"failed","created":63598330001,"sub_account_id":"x"}]}"#;

    #[test]
    fn audian_form_passes_through() {
        assert_eq!(
            page_json(AUDIAN.as_bytes()).unwrap(),
            r#"{"data":[{"id": "txn_abc123", "amount": 25.00, "description": "Monthly DID rental", "created": "2026-02-01T00:00:00Z", "type": "debit","kind":"usage","category":"phone_numbers"}],"nextStartKey":null,"requestId":"req-1"}"#,
            "the row as written, kind and category added"
        );
        assert_eq!(
            numbers(page(AUDIAN).unwrap()),
            numbers(
                json!({"data":[{"id":"txn_abc123","amount":25,"description":"Monthly DID rental","created":"2026-02-01T00:00:00Z","type":"debit","kind":"usage","category":"phone_numbers"}],"nextStartKey":null,"requestId":"req-1"})
            )
        );
    }

    /// `body`'s rows with each row's members reversed, which no row in normalized form survives:
    /// the same page through the rewriting path.
    fn reversed(body: &str) -> String {
        let mut v: Value = serde_json::from_str(body).unwrap();
        for row in v["data"].as_array_mut().unwrap() {
            let members: Vec<(String, Value)> = row.as_object().unwrap().clone().into_iter().collect();
            let mut text = String::from("{");
            for (i, (k, v)) in members.iter().rev().enumerate() {
                text += &format!("{}{}:{}", if i > 0 { "," } else { "" }, json!(k), v);
            }
            *row = Value::String(text + "}");
        }
        let rows: Vec<&str> = v["data"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        format!(r#"{{"request_id":"r","next_start_key":"k","data":[{}]}}"#, rows.join(","))
    }

    #[test]
    fn rows_copied_as_written_read_as_rewritten_ones() {
        // serde_json keeps `25.00` as written: as_f64 on both sides, as `JSON.parse` would.
        let tidy = r#"{"request_id":"r","next_start_key":"k","data":[
            {"id":"a","amount":0.31,"description":"SMS charges","created":"2026-11-22T19:19:07Z","type":"usage"},
            {"id":"b","amount":130.00,"description":"Payment received – thank you \u00e9","created":"2026-11-20T21:51:41Z","type":"credit"},
            {"id":"c","amount":-5,"description":"","created":"2026-11-20T11:50:55Z","type":"recurring"}]}"#;
        let fast = page_json(tidy.as_bytes()).unwrap();
        assert!(fast.contains(r#""amount":130.00,"#), "copied as written: {fast}");
        let slow = page_json(reversed(tidy).as_bytes()).unwrap();
        assert!(slow.contains(r#""amount":130,"#), "rewritten: {slow}");
        let parse = |t: &str| numbers(serde_json::from_str::<Value>(t).unwrap());
        assert_eq!(parse(&fast), parse(&slow));
        // Kazoo's rows are rewritten either way, and read the same in either order.
        let kazoo = KAZOO.replace(r#""amount":-20.0,"#, r#""amount":-20.0,"type":"credit","#);
        assert_eq!(parse(&page_json(kazoo.as_bytes()).unwrap())["data"], parse(&page_json(reversed(&kazoo).as_bytes()).unwrap())["data"]);
        let (rows, _) = data_json(tidy.as_bytes()).unwrap();
        assert_eq!(parse(&rows), parse(&fast)["data"]);
    }

    #[test]
    fn rows_not_in_normalized_form_are_rewritten() {
        let normal = r#""id":"a","amount":1.5,"description":"d","created":"2026-01-01T00:00:00Z","type":"debit""#;
        let body = |members: &str| format!(r#"{{"data":[{{{members}}}]}}"#);
        assert!(page_json(body(normal).as_bytes()).unwrap().contains(normal), "the normalized row itself is copied");
        let rewritten = [
            (r#""amount":1.5,"#, r#""amount":1.50001,"#, r#""amount":1.5,"#),
            (r#""amount":1.5,"#, r#""amount":-0.0,"#, r#""amount":0,"#),
            ("00Z", "00+00:00", "00Z"),
            (r#""2026-01-01T00:00:00Z""#, "63934444800", r#""2026-01-01T00:00:00Z""#),
            (r#""2026-01-01T00:00:00Z""#, r#""2026-01-01T00:00:00\u005a""#, r#""2026-01-01T00:00:00Z""#),
            (r#""description":"d""#, r#""description":null"#, r#""description":"""#),
            (r#""type":"debit""#, r#""type":null"#, r#""type":"debit""#),
            (r#""type":"debit""#, r#""type":"debit","x":1"#, r#""type":"debit""#),
            (r#""type":"debit""#, r#""type":"debit","reason":"r""#, r#""reason":"r""#),
            (r#""id":"a","#, r#""x":1,"id":"a","#, r#"{"id":"a","#),
            (r#""id":"a","amount":1.5,"#, r#""amount":1.5,"id":"a","#, r#"{"id":"a","amount":1.5,"#),
        ];
        for (from, to, want) in rewritten {
            let members = normal.replace(from, to);
            let out = page_json(body(&members).as_bytes()).unwrap();
            assert!(!out.contains(&members) && out.contains(want), "{members}: {out}");
        }
    }

    #[test]
    fn kazoo_form_is_normalized() {
        let page = page(KAZOO).unwrap();
        assert_eq!(page["nextStartKey"], "g2gCbgUA");
        let [rollup, call, refund] = page["data"].as_array().unwrap().as_slice() else { panic!("three rows") };
        assert_eq!((&rollup["amount"], &rollup["created"]), (&json!(10.18), &json!("2015-05-08T19:19:34Z")));
        assert_eq!((&rollup["type"], &rollup["description"]), (&json!("credit"), &json!("monthly rollup")));
        assert_eq!((&call["amount"], &call["type"], &call["description"]), (&json!(0.0125), &json!("usage"), &json!("per_minute_call")));
        // No type, but a status: a payment row, so a negative amount is a refund (money out).
        assert_eq!((refund["amount"].as_f64(), &refund["type"], &refund["refund"]), (Some(-20.0), &json!("debit"), &json!(true)));
        assert_eq!((&refund["reason"], &refund["status"]), (&json!("admin_discretion"), &json!("failed")));
        assert!(call.get("status").is_none() && call.get("refund").is_none());
        // What the money was, decided here: the rollup carried over, a call, a hand-made adjustment.
        let meaning = |row: &Value| (row["kind"].clone(), row["category"].clone());
        assert_eq!(meaning(rollup), (json!("rollover"), json!("other")));
        assert_eq!(meaning(call), (json!("usage"), json!("call_usage")));
        assert_eq!(meaning(refund), (json!("adjustment"), json!("other")));
    }

    #[test]
    fn audians_types_map_to_the_same_kinds() {
        let body = r#"{"data":[
            {"id":"a","amount":1,"created":0,"type":"usage","description":"SMS charges"},
            {"id":"b","amount":49,"created":0,"type":"recurring","description":"Monthly service plan: Business Voice"},
            {"id":"c","amount":10,"created":0,"type":"debit","description":"Number port-in fee"},
            {"id":"d","amount":100,"created":0,"type":"credit","description":"Payment received – thank you"},
            {"id":"e","amount":2,"created":0,"type":"usage","description":"Call charges: 12 minutes"},
            {"id":"f","amount":2,"created":0,"type":"usage"},
            {"id":"g","amount":2,"created":0,"type":"debit"}]}"#;
        let page = page(body).unwrap();
        let got: Vec<(&str, &str)> =
            page["data"].as_array().unwrap().iter().map(|r| (r["kind"].as_str().unwrap(), r["category"].as_str().unwrap())).collect();
        let want = [
            ("usage", "features"),
            ("recurring", "other"),
            ("usage", "number_porting"),
            ("payment", "other"),
            ("usage", "call_usage"),
            ("usage", "call_usage"),
            ("usage", "other"),
        ];
        assert_eq!(got, want, "a usage row nothing names is a call; a debit is not");
    }

    /// Kazoo 4.3+/5.x: payments only, in a chunked envelope with string trailer values.
    const PAYMENTS: &str = include_str!("../../tests/fixtures/kazoo/transactions-payments-5.x.json");

    #[test]
    fn payment_rows_are_money_in_and_refunds_money_out() {
        let page = page(PAYMENTS).unwrap();
        assert_eq!((&page["nextStartKey"], &page["requestId"]), (&json!("g2wAAAACbgUAAPBN0w5qaA"), &json!("req-fixture-0002")));
        assert_eq!(
            page["data"],
            json!([
                {"id":"202611-9d3e0a7c4b","amount":25,"description":"Automatic top-up","created":"2025-01-25T04:53:20Z","type":"credit","kind":"payment","category":"other","status":"completed"},
                {"id":"202611-7a1b2c3d4e","amount":-10,"description":"","created":"2025-01-24T01:06:40Z","type":"debit","kind":"payment","category":"other","status":"completed","refund":true},
                {"id":"202611-5f6e7d8c9b","amount":50,"description":"Card sale","created":"2025-01-22T21:20:00Z","type":"credit","kind":"payment","category":"other","status":"failed","message":"Insufficient Funds"},
                {"id":"202611-1a2b3c4d5e","amount":19.99,"description":"","created":"2025-01-21T17:33:20Z","type":"credit","kind":"payment","category":"other","status":"pending"}
            ])
        );
    }

    #[test]
    fn kazoo_keeps_the_processor_words_in_bookkeeper_results() {
        let body = r#"{"data":[{"id":"a","amount":25,"created":0,"status":"failed",
            "bookkeeper":{"type":"braintree","results":{"status":"error","reason":"processor_declined","message":"Do Not Honor"}}}]}"#;
        assert_eq!(page(body).unwrap()["data"][0]["message"], json!("Do Not Honor"));
        let bad = r#"{"data":[{"id":"a","amount":25,"created":0,"bookkeeper":{"results":{"message":7}}}]}"#;
        assert_eq!(page(bad).unwrap_err().path.as_deref(), Some("data[0].bookkeeper.results.message"));
    }

    #[test]
    fn any_one_payment_field_makes_a_payment_row() {
        let rows = [
            (r#""status":"completed""#, "debit", true),
            (r#""executor":{"trigger":"manual"}"#, "debit", true),
            (r#""bookkeeper":{"message":null}"#, "debit", true),
            (r#""status":null,"executor":null,"bookkeeper":null"#, "credit", false),
            (r#""status":"completed","type":"usage""#, "usage", false),
        ];
        for (fields, kind, refund) in rows {
            let body = format!(r#"{{"data":[{{"id":"a","amount":-1.5,"created":0,{fields}}}]}}"#);
            let row = &page(&body).unwrap()["data"][0];
            assert_eq!((&row["type"], row.get("refund").is_some()), (&json!(kind), refund), "{fields}");
        }
        let zero = page(r#"{"data":[{"id":"a","amount":-0.00001,"created":0,"status":"completed"}]}"#).unwrap();
        assert_eq!((&zero["data"][0]["type"], zero["data"][0].get("refund")), (&json!("credit"), None), "rounds to 0: not a refund");
    }

    #[test]
    fn untyped_rows_take_their_type_from_the_sign() {
        let body = r#"{"data":[{"id":"a","amount":3,"created":"2026-01-01T00:00:00Z"},{"id":"b","amount":0,"created":"2026-01-01T00:00:00Z","type":null},{"id":"c","amount":-0.00001,"created":0}]}"#;
        let page = page(body).unwrap();
        assert_eq!(page["data"][0]["type"], "debit");
        assert_eq!(page["data"][1]["type"], "debit");
        assert_eq!(page["data"][2]["type"], "debit", "rounds to 0, which is not negative");
        assert_eq!(page["data"][0]["description"], "", "no description and no reason");
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
            (r#"{"id":"b","amount":1}"#, "data[1].created", "missing field `created`"),
            (r#"{"id":"b","amount":1,"created":"2025-02-29T00:00:00Z"}"#, "data[1].created", "does not exist"),
            (r#"{"id":"b","amount":1,"created":"2026-02-01T00:00:00"}"#, "data[1].created", "no UTC offset"),
            (r#"{"id":"b","amount":1,"created":true}"#, "data[1].created", "expected an RFC 3339"),
            (r#"{"id":"b","amount":1,"created":0,"type":"refund"}"#, "data[1].type", "expected one of"),
            (r#"{"id":"b","amount":1,"created":0,"type":5}"#, "data[1].type", "expected one of"),
            (r#"{"id":"b","amount":1,"created":0,"description":5}"#, "data[1].description", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"status":true}"#, "data[1].status", "expected a string"),
            (r#"{"id":"b","amount":1,"amount":2,"created":0}"#, "data[1].amount", "duplicate field"),
            (r#"{"id":"b","amount":1,"created":0,"status":"x","status":"y"}"#, "data[1].status", "duplicate field"),
            (r#"{"id":"b","amount":1,"created":0,"executor":"automatic"}"#, "data[1].executor", "expected a JSON object or null"),
            (r#"{"id":"b","amount":1,"created":0,"executor":{},"executor":{}}"#, "data[1].executor", "duplicate field"),
            (r#"{"id":"b","amount":1,"created":0,"bookkeeper":[]}"#, "data[1].bookkeeper", "expected a JSON object"),
            (r#"{"id":"b","amount":1,"created":0,"bookkeeper":{"message":7}}"#, "data[1].bookkeeper.message", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"bookkeeper":{"message":"a","message":"b"}}"#, "data[1].bookkeeper.message", "duplicate field"),
            ("null", "data[1]", "expected a JSON object"),
            (r#"["b", 1, null, 0]"#, "data[1]", "expected a JSON object"),
        ];
        for (bad, path, says) in cases {
            let body = format!(r#"{{"request_id":"r","data":[{row},{bad}]}}"#);
            let e = page(&body).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{bad}: {}", e.message);
            assert!(e.message.contains(says) && e.message.starts_with(path), "{bad}: {}", e.message);
            assert_eq!(e.request_id.as_deref(), Some("r"));
        }
    }

    #[test]
    fn data_must_be_a_list() {
        let e = page(r#"{"data":{"id":"a"}}"#).unwrap_err();
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
    }

    #[test]
    fn escaped_and_unicode_text_survives() {
        let body = r#"{"data":[{"id":"a\u0062","amount":1,"created":0,"description":"<img src=x onerror=\"alert(1)\"> \u00e9 \ud83d\ude00 \n \/"}]}"#;
        let out = page(body).unwrap();
        assert_eq!(out["data"][0]["description"], "<img src=x onerror=\"alert(1)\"> é 😀 \n /");
        assert_eq!(out["data"][0]["id"], "ab");
        for lone in [r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#] {
            let body = format!(r#"{{"data":[{{"id":"a","amount":1,"created":0,"description":{lone}}}]}}"#);
            assert_eq!(page_json(body.as_bytes()).unwrap_err().kind, ErrorKind::Decode, "{lone}");
        }
        let skipped = r#"{"data":[{"id":"a","amount":1,"created":0,"x":"\ud800"}]}"#;
        assert!(page(skipped).is_ok(), "skipped values need only be well-formed, as in serde_json");
    }

    #[test]
    fn rows_and_next_key_for_the_pager() {
        let (rows, next) = data_json(KAZOO.as_bytes()).unwrap();
        assert_eq!(next.as_deref(), Some("g2gCbgUA"));
        let whole = page(KAZOO).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&rows).unwrap(), whole["data"]);
        let (_, meta_key) = data_json(br#"{"data":[],"next_start_key":"k\"1"}"#).unwrap();
        assert_eq!(meta_key.as_deref(), Some("k\"1"));
        assert_eq!(page_json(br#"{"data":[],"next_start_key":"k\"1"}"#).unwrap(), r#"{"data":[],"nextStartKey":"k\"1","requestId":null}"#);
    }
}
