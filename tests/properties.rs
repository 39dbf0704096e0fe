//! Property tests of the decoders on the host (the fuzzing of issue 3, with proptest: cargo-fuzz
//! needs a nightly toolchain, which these machines cannot fetch).
//!
//! - Any bytes, and any mutation of a real-shaped reply, decode to a value or a typed error:
//!   never a panic. `PROPTEST_CASES=100000 cargo test --test properties` runs a longer campaign.
//! - The library's own JSON reader answers like an independent oracle: serde_json (a
//!   dev-dependency only) reads the same body, and a plain re-statement of the contract's rules
//!   over its `Value` gives the expected page.
//! - Whatever validates round-trips: the normalized output, sent again, decodes to itself.
#![cfg(not(target_arch = "wasm32"))]

use audian_billing::models::{account, balance, service_plan, transaction};
use audian_billing::time::{from_gregorian, parse_rfc3339, GREGORIAN_UNIX_OFFSET};
use audian_billing::ErrorKind;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Real-shaped replies: the seed corpus the mutations start from.
const CORPUS: &[&str] = &[
    r#"{"auth_token":"","status":"success","request_id":"r1","page_size":"2","next_start_key":"g2gC","data":[
        {"description":"monthly rollup","id":"09dd02e20e07dbb65401802ba20cfb32","amount":10.179999999999999716,
         "reason":"database_rollup","type":"credit","created":63598331974,"version":2,"code":9999},
        {"id":"202602-0f0e0d0c0b0a09080706050403020100","amount":-20.0,"reason":"admin_discretion","created":63598330000}]}"#,
    r#"{"status":"success","data":[{"id":"txn_abc123","amount":25.00,"description":"Monthly DID rental","created":"2026-02-01T00:00:00Z","type":"debit"}]}"#,
    r#"{"status":"success","data":{"balance":150.00,"currency":"USD"}}"#,
    r#"{"status":"success","data":{"amount":42.179999999999999716}}"#,
    r#"{"status":"success","data":{"id":"3c5e","name":"Northwind","enabled":false,"created":63598331974}}"#,
    r#"{"status":"success","data":[{"id":"p","name":"Business","plan":{"phone_numbers":{"did_us":{"rate":1.0,"rates":{"10":0.5}}}}}]}"#,
    r#"{"data":{"message":"invalid credentials"},"error":"401","message":"invalid_credentials","status":"error","request_id":"x"}"#,
];

/// Cases per property: the quick default, or `PROPTEST_CASES` for a longer campaign.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Every decoder over the same bytes; each must return, never panic, and a page it accepts must
/// be the oracle's page.
fn decode_all(body: &[u8]) {
    let ours = transaction::page_json(body);
    let oracle = serde_json::from_slice::<Value>(body);
    // serde_json's `Value` refuses what it cannot hold (lone surrogates, numbers beyond f64) even
    // in values the decoders skip, where the reader only asks for well-formed JSON.
    let unrepresentable = |e: &serde_json::Error| {
        e.to_string().starts_with("number out of range") || body.windows(2).any(|w| w == b"\\u")
    };
    match (&ours, &oracle) {
        (Ok(text), Ok(parsed)) => {
            assert_eq!(numbers(json(text)), numbers(oracle_page(parsed)), "{}", String::from_utf8_lossy(body));
        }
        (Ok(_), Err(e)) => assert!(unrepresentable(e), "accepted what serde_json calls {e}: {}", String::from_utf8_lossy(body)),
        (Err(_), _) => {}
    }
    // Elsewhere, bad syntax must be refused.
    if let Err(e) = &oracle {
        if !unrepresentable(e) {
            assert!(ours.is_err(), "{}", String::from_utf8_lossy(body));
        }
    }
    let kinds = [
        ours.err().map(|e| e.kind),
        transaction::data_json(body).err().map(|e| e.kind),
        balance::json(body, "USD").err().map(|e| e.kind),
        account::json(body).err().map(|e| e.kind),
        service_plan::json(body).err().map(|e| e.kind),
    ];
    for kind in kinds.into_iter().flatten() {
        assert!(matches!(kind, ErrorKind::Decode | ErrorKind::Validation | ErrorKind::Api), "{kind:?}");
    }
}

/// The contract's normalization restated over serde_json's `Value` of an accepted page.
fn oracle_page(body: &Value) -> Value {
    let scalar = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => json!(s),
        Value::Number(n) => json!(n.to_string()),
        _ => Value::Null,
    };
    let rows: Vec<Value> = body["data"].as_array().expect("data is an array").iter().map(|row| {
        let amount = (row["amount"].as_f64().expect("amount") * 10_000.0).round() / 10_000.0 + 0.0;
        let created = match &row["created"] {
            Value::String(s) => parse_rfc3339(s).expect("valid time").to_rfc3339(),
            n => from_gregorian(n.as_f64().expect("seconds") as i64).expect("valid seconds").to_rfc3339(),
        };
        let text = |key: &str| row.get(key).and_then(Value::as_str).map(str::to_owned);
        let kind = text("type").unwrap_or_else(|| if amount < 0.0 { "credit".into() } else { "debit".into() });
        let mut out = json!({ "id": row["id"], "amount": amount, "created": created, "type": kind,
            "description": text("description").or(text("reason")).unwrap_or_default() });
        for key in ["reason", "status"] {
            if let Some(t) = text(key) {
                out[key] = json!(t);
            }
        }
        out
    }).collect();
    let request_id = scalar(&body["request_id"]);
    json!({ "data": rows, "nextStartKey": scalar(&body["next_start_key"]), "requestId": request_id })
}

/// Every number as an `f64`: `25` and `25.0` are the same number to `JSON.parse`.
fn numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers(v))).collect()),
        other => other,
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("normalized output is JSON")
}

fn mutate(seed: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut body = seed.to_vec();
    for &(at, op, byte) in edits {
        if body.is_empty() {
            body.push(byte);
            continue;
        }
        let at = at % body.len();
        match op % 4 {
            0 => body[at] = byte,
            1 => body.insert(at, byte),
            2 => {
                body.remove(at);
            }
            _ => body.truncate(at),
        }
    }
    body
}

fn json_bytes() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b'"'), Just(b':'), Just(b','), Just(b'-'),
        Just(b'e'), Just(b'0'), Just(b'9'), Just(b'.'), Just(b'\\'), Just(b'n'), Just(0xff), any::<u8>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        decode_all(&body);
    }

    #[test]
    fn mutated_replies_never_panic(
        seed in 0..CORPUS.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), json_bytes()), 1..8),
    ) {
        decode_all(&mutate(CORPUS[seed].as_bytes(), &edits));
    }
}

/// A valid row in the Kazoo form (Gregorian seconds, units of $0.0001, maybe no type or description).
fn kazoo_row() -> impl Strategy<Value = String> {
    (
        "[a-z0-9_-]{1,40}",
        -10_000_000_000i64..10_000_000_000,
        proptest::option::of("\\PC{0,40}"),
        0i64..=253_402_300_799 + GREGORIAN_UNIX_OFFSET,
        proptest::option::of(prop_oneof![Just("debit"), Just("credit"), Just("recurring"), Just("usage")]),
        proptest::option::of("[a-z_]{1,20}"),
    )
        .prop_map(|(id, units, description, created, kind, reason)| {
            let mut row = serde_json::json!({ "id": id, "amount": units as f64 / 10_000.0, "created": created });
            if let Some(d) = description { row["description"] = d.into(); }
            if let Some(k) = kind { row["type"] = k.into(); }
            if let Some(r) = reason { row["reason"] = r.into(); }
            row.to_string()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(500)))]

    #[test]
    fn valid_pages_round_trip(rows in proptest::collection::vec(kazoo_row(), 0..20)) {
        let body = format!(r#"{{"status":"success","request_id":"r","data":[{}]}}"#, rows.join(","));
        decode_all(body.as_bytes());
        let first = json(&transaction::page_json(body.as_bytes()).expect("generated rows are valid"));
        prop_assert_eq!(first["data"].as_array().map(Vec::len), Some(rows.len()));
        // The normalized form is itself a valid reply (Audian's form) and decodes to the same objects.
        let again_body = format!(r#"{{"status":"success","request_id":"r","data":{}}}"#, first["data"]);
        let again = json(&transaction::page_json(again_body.as_bytes()).expect("normalized rows are valid"));
        prop_assert_eq!(numbers(first), numbers(again));
    }

    #[test]
    fn balances_round_trip(units in -10_000_000_000i64..10_000_000_000, currency in "[A-Z]{3}") {
        let body = format!(r#"{{"data":{{"amount":{}}}}}"#, units as f64 / 10_000.0);
        let first = balance::json(body.as_bytes(), &currency).unwrap();
        prop_assert_eq!(json(&first)["balance"].as_f64(), Some(units as f64 / 10_000.0));
        let again_body = format!(r#"{{"data":{first}}}"#);
        prop_assert_eq!(balance::json(again_body.as_bytes(), "USD").unwrap(), first);
    }
}

#[test]
fn the_corpus_itself_decodes() {
    assert_eq!(json(&transaction::page_json(CORPUS[0].as_bytes()).unwrap())["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(balance::json(CORPUS[3].as_bytes(), "USD").unwrap(), r#"{"balance":42.18,"currency":"USD"}"#);
    assert_eq!(transaction::page_json(CORPUS[6].as_bytes()).unwrap_err().kind, ErrorKind::Api);
    for body in CORPUS {
        decode_all(body.as_bytes());
    }
}

/// Found by `mutated_replies_never_panic`: a number beyond f64 in a skipped field need only be
/// well-formed JSON, while one in a field that is read is a validation error.
#[test]
fn numbers_beyond_f64_only_matter_where_they_are_read() {
    let skipped = br#"{"data":[{"id":"a","amount":1,"created":0,"version":9e999}]}"#;
    assert!(transaction::page_json(skipped).is_ok());
    let read = br#"{"data":[{"id":"a","amount":9e999,"created":0}]}"#;
    let e = transaction::page_json(read).unwrap_err();
    assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data[0].amount")));
}
