//! Property tests of the decoders on the host (the fuzzing of issue 3, with proptest: cargo-fuzz
//! needs a nightly toolchain, which these machines cannot fetch).
//!
//! - Any bytes, and any mutation of a real-shaped reply (Kazoo's documented replies among them),
//!   decode to a value or a typed error: never a panic. `PROPTEST_CASES=100000 cargo test --test
//!   properties` runs a longer campaign.
//! - The library's own JSON reader answers like an independent oracle: serde_json (a
//!   dev-dependency only) reads the same body, and a plain re-statement of the contract's rules
//!   over its `Value` gives the expected output, for every decoder that has list or sum rules
//!   (transactions, ledgers, ledger entries, billing summaries).
//! - Whatever validates round-trips: the normalized output, sent again, decodes to itself.
#![cfg(not(target_arch = "wasm32"))]

use audian_billing::models::{account, balance, billing_summary, ledger, meaning, service_plan, transaction};
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
    include_str!("fixtures/kazoo/transactions-payments-5.x.json"),
    include_str!("fixtures/kazoo/ledgers-4.1.json"),
    include_str!("fixtures/kazoo/ledgers-4.0.json"),
    include_str!("fixtures/kazoo/ledger-entries.json"),
    include_str!("fixtures/kazoo/services-summary.json"),
    include_str!("fixtures/kazoo/service-plans-current.json"),
    include_str!("fixtures/kazoo/services-available.json"),
    include_str!("fixtures/kazoo/current-balance-4.2.json"),
];

/// Cases per property: the quick default, or `PROPTEST_CASES` for a longer campaign.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What a decoder returned, and the oracle's restatement of its rules over serde_json's `Value`.
type Check = (Result<String, audian_billing::Error>, fn(&Value) -> Value);

/// Every decoder over the same bytes; each must return, never panic, and what it accepts must
/// be what the oracle makes of the same body.
fn decode_all(body: &[u8]) {
    let oracle = serde_json::from_slice::<Value>(body);
    // serde_json's `Value` refuses what it cannot hold (lone surrogates, numbers beyond f64) even
    // in values the decoders skip, where the reader only asks for well-formed JSON.
    let unrepresentable = |e: &serde_json::Error| e.to_string().starts_with("number out of range") || body.windows(2).any(|w| w == b"\\u");
    let checks: [Check; 4] = [
        (transaction::page_json(body), oracle_page),
        (ledger::usage_json(body), oracle_usage),
        (ledger::entries_page_json(body, "asked-for"), oracle_entries),
        (billing_summary::json(body, "USD"), oracle_summary),
    ];
    let mut kinds = Vec::new();
    for (ours, oracle_of) in checks {
        match (&ours, &oracle) {
            (Ok(text), Ok(parsed)) => {
                assert_eq!(numbers(json(text)), numbers(oracle_of(parsed)), "{}", String::from_utf8_lossy(body));
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
        kinds.push(ours.err().map(|e| e.kind));
    }
    kinds.extend([
        transaction::data_json(body).err().map(|e| e.kind),
        ledger::entries_data_json(body, "asked-for").err().map(|e| e.kind),
        balance::json(body, "USD").err().map(|e| e.kind),
        account::json(body).err().map(|e| e.kind),
        service_plan::json(body).err().map(|e| e.kind),
    ]);
    for kind in kinds.into_iter().flatten() {
        assert!(matches!(kind, ErrorKind::Decode | ErrorKind::Validation | ErrorKind::Api), "{kind:?}");
    }
}

/// An amount as the contract rounds it: to $0.0001, never -0.
fn oracle_money(v: &Value) -> f64 {
    (v.as_f64().expect("amount") * 10_000.0).round() / 10_000.0 + 0.0
}

/// Whole units of $0.0001.
fn oracle_units(v: &Value) -> Option<i64> {
    v.as_f64().map(|f| (f * 10_000.0).round() as i64)
}

/// RFC 3339 UTC from RFC 3339 text or Gregorian seconds.
fn oracle_time(v: &Value) -> String {
    match v {
        Value::String(s) => parse_rfc3339(s).expect("valid time").to_rfc3339(),
        n => from_gregorian(n.as_f64().expect("seconds") as i64).expect("valid seconds").to_rfc3339(),
    }
}

/// The envelope's `request_id` / `next_start_key`: a string or an integer, as text.
fn oracle_scalar(v: &Value) -> Value {
    match v {
        Value::String(s) if !s.is_empty() => json!(s),
        Value::Number(n) => json!(n.to_string()),
        _ => Value::Null,
    }
}

/// A string member, when it is one.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A member that is present and not `null`.
fn given<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.get(key).filter(|v| !v.is_null())
}

/// The contract's normalization of a transactions page restated over serde_json's `Value`.
fn oracle_page(body: &Value) -> Value {
    let rows: Vec<Value> = body["data"]
        .as_array()
        .expect("data is an array")
        .iter()
        .map(|row| {
            let amount = oracle_money(&row["amount"]);
            let payment = text(row, "status").is_some() || given(row, "executor").is_some() || given(row, "bookkeeper").is_some();
            let (kind, refund) = match text(row, "type") {
                Some(kind) => (kind, false),
                // Kazoo 4.3+ payments: money in is a credit, a refund is money out.
                None if payment => {
                    if amount < 0.0 {
                        ("debit".into(), true)
                    } else {
                        ("credit".into(), false)
                    }
                }
                None => (if amount < 0.0 { "credit".into() } else { "debit".into() }, false),
            };
            let description = text(row, "description").or(text(row, "reason")).unwrap_or_default();
            // What the money was: meaning.rs's rules, unit-tested there; here, that the decoder
            // gives them the row's type, reason, refund and description.
            let reason = text(row, "reason");
            let meaning = meaning::transaction_kind(&kind, reason.as_deref(), refund);
            let category = match meaning::category(meaning, None, None, reason.as_deref(), &description) {
                meaning::Category::Other if kind == "usage" => meaning::Category::CallUsage,
                c => c,
            };
            let mut out = json!({ "id": row["id"], "amount": amount, "created": oracle_time(&row["created"]), "type": kind,
            "description": description, "kind": meaning.as_str(), "category": category.as_str() });
            for key in ["reason", "status"] {
                if let Some(t) = text(row, key) {
                    out[key] = json!(t);
                }
            }
            if refund {
                out["refund"] = json!(true);
            }
            if let Some(message) = given(row, "bookkeeper").and_then(|b| text(b, "message")) {
                out["message"] = json!(message);
            }
            out
        })
        .collect();
    json!({ "data": rows, "nextStartKey": oracle_scalar(&body["next_start_key"]), "requestId": oracle_scalar(&body["request_id"]) })
}

/// `quantity`, `unit` and `usageType` of a ledger's `usage`, into `out`.
fn oracle_usage_fields(usage: &Value, out: &mut Value) {
    if let Some(q) = given(usage, "quantity") {
        out["quantity"] = q.clone();
    }
    for (from, to) in [("unit", "unit"), ("type", "usageType")] {
        if let Some(t) = text(usage, from) {
            out[to] = json!(t);
        }
    }
}

/// `/ledgers`: one entry per ledger, sorted by name (a `Value` object iterates sorted).
fn oracle_usage(body: &Value) -> Value {
    let ledgers = body["data"].as_object().expect("data is an object").iter().map(|(name, v)| {
        let mut out = json!({ "ledger": name });
        let amount = if v.is_number() { v } else { &v["amount"] };
        out["amount"] = json!(oracle_money(amount));
        let kind = meaning::ledger_kind(name, oracle_units(amount).expect("amount"));
        out["kind"] = json!(kind.as_str());
        if let Some(category) = meaning::ledger_category(name).filter(|_| kind == meaning::Kind::Usage) {
            out["category"] = json!(category.as_str());
        }
        if !v.is_number() {
            oracle_usage_fields(&v["usage"], &mut out);
        }
        out
    });
    Value::Array(ledgers.collect())
}

/// `/ledgers/{ledger}`, asked for the ledger "asked-for".
fn oracle_entries(body: &Value) -> Value {
    let rows: Vec<Value> = body["data"]
        .as_array()
        .expect("data is an array")
        .iter()
        .map(|row| {
            let ledger = row["source"]["service"].as_str().filter(|s| !s.is_empty()).unwrap_or("asked-for");
            let created = given(&row["period"], "start").or(given(row, "created")).expect("a time");
            let description = text(row, "description").unwrap_or_default();
            let item = &row["metadata"]["item"];
            let billed = text(item, "category").zip(text(item, "item"));
            let kind = meaning::ledger_kind(ledger, oracle_units(&row["amount"]).expect("amount"));
            let category = meaning::category(kind, billed.as_ref().map(|(c, i)| (c.as_str(), i.as_str())), Some(ledger), None, &description);
            let mut out = json!({ "id": row["id"], "ledger": ledger, "amount": oracle_money(&row["amount"]),
            "description": description, "created": oracle_time(created), "kind": kind.as_str(), "category": category.as_str() });
            oracle_usage_fields(&row["usage"], &mut out);
            for (from, to) in [("id", "accountId"), ("name", "accountName")] {
                if let Some(t) = text(&row["account"], from) {
                    out[to] = json!(t);
                }
            }
            if let Some((category, item_name)) = billed {
                out["item"] = json!({ "category": category, "item": item_name });
                if let Some(name) = text(item, "name") {
                    out["item"]["name"] = json!(name);
                }
            }
            let metadata = &row["metadata"];
            let call: Vec<(&str, String)> = [
                ("from", "from"),
                ("to", "to"),
                ("direction", "direction"),
                ("caller_id_number", "callerIdNumber"),
                ("callee_id_number", "calleeIdNumber"),
            ]
            .into_iter()
            .filter_map(|(from, to)| text(metadata, from).map(|t| (to, t)))
            .collect();
            if !call.is_empty() {
                out["call"] = Value::Object(call.into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect());
            }
            out
        })
        .collect();
    json!({ "data": rows, "nextStartKey": oracle_scalar(&body["next_start_key"]), "requestId": oracle_scalar(&body["request_id"]) })
}

/// `/services/summary` or `/service_plans/current`, in the client's default currency "USD".
fn oracle_summary(body: &Value) -> Value {
    let data = &body["data"];
    let line = |quantity: f64, rate: i64, discount: i64| ((quantity * rate as f64 - discount as f64).round() + 0.0) as i64;
    let (mut items, mut recurring, mut today) = (Vec::new(), 0i64, None::<i64>);
    for invoice in data["invoices"].as_array().into_iter().flatten() {
        let mut invoice_total = 0;
        for item in invoice["items"].as_array().into_iter().flatten() {
            let quantity = item["quantity"].as_f64().expect("quantity");
            let billable = given(item, "billable");
            let rate = given(item, "rate").and_then(oracle_units);
            let discount = given(&item["discounts"], "total").and_then(oracle_units);
            let total = given(item, "total")
                .and_then(oracle_units)
                .unwrap_or_else(|| line(billable.and_then(Value::as_f64).unwrap_or(quantity), rate.unwrap_or(0), discount.unwrap_or(0)));
            let mut out = json!({ "category": item["category"], "item": item["item"], "quantity": item["quantity"], "total": total as f64 / 1e4 });
            if let Some(name) = text(item, "name") {
                out["name"] = json!(name);
            }
            if let Some(billable) = billable {
                out["billable"] = billable.clone();
            }
            if let Some(rate) = rate {
                out["rate"] = json!(rate as f64 / 1e4);
            }
            if let Some(discount) = discount {
                out["discount"] = json!(discount as f64 / 1e4);
            }
            items.push(out);
            invoice_total += total;
        }
        recurring += given(&invoice["summary"], "recurring").and_then(oracle_units).unwrap_or(invoice_total);
        if let Some(t) = given(&invoice["summary"], "today").and_then(oracle_units) {
            today = Some(today.unwrap_or(0) + t);
        }
    }
    for (category, plan_items) in data["items"].as_object().into_iter().flatten() {
        for (name, item) in plan_items.as_object().expect("a category").iter() {
            let units = |key: &str| given(item, key).and_then(oracle_units).unwrap_or(0);
            let single = if item["single_discount"].as_bool() == Some(true) { units("single_discount_rate") } else { 0 };
            let cumulative = given(item, "cumulative_discount").and_then(Value::as_f64).unwrap_or(0.0) * units("cumulative_discount_rate") as f64;
            let discount = ((single as f64 + cumulative).round() + 0.0) as i64;
            let total = line(item["quantity"].as_f64().expect("quantity"), units("rate"), discount);
            let mut out = json!({ "category": category, "item": name, "quantity": item["quantity"], "total": total as f64 / 1e4 });
            if let Some(rate) = given(item, "rate").and_then(oracle_units) {
                out["rate"] = json!(rate as f64 / 1e4);
            }
            if discount != 0 {
                out["discount"] = json!(discount as f64 / 1e4);
            }
            items.push(out);
            recurring += total;
        }
    }
    let mut out = json!({ "items": items, "recurringTotal": recurring as f64 / 1e4, "currency": text(data, "currency").unwrap_or("USD".into()) });
    if let Some(today) = today {
        out["dueToday"] = json!(today as f64 / 1e4);
    }
    if let Some(next) = given(&data["billing_cycle"], "next") {
        out["nextBillingDate"] = json!(oracle_time(next));
    }
    let status = data.get("status").filter(|s| s.is_object());
    let standing = match status {
        Some(status) => {
            let mut standing = json!({ "acceptable": status["acceptable"] });
            for key in ["reason", "message"] {
                if let Some(t) = text(status, key) {
                    standing[key] = json!(t);
                }
            }
            Some(standing)
        }
        None => data["in_good_standing"].as_bool().map(|acceptable| json!({ "acceptable": acceptable })),
    };
    if let Some(standing) = standing {
        out["inGoodStanding"] = standing["acceptable"].clone();
        out["standing"] = standing;
    }
    if let Some(plans) = data.get("plans").and_then(Value::as_object) {
        out["plans"] = json!(plans.keys().collect::<Vec<_>>()); // a `Value` object iterates sorted
    }
    let types: Vec<String> = data["invoices"].as_array().into_iter().flatten().filter_map(|inv| text(&inv["bookkeeper"], "type")).collect();
    if let Some(bookkeeper) = types.iter().find(|t| *t != "default").or(types.first()) {
        out["bookkeeper"] = json!(bookkeeper);
    }
    out
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
        Just(b'{'),
        Just(b'}'),
        Just(b'['),
        Just(b']'),
        Just(b'"'),
        Just(b':'),
        Just(b','),
        Just(b'-'),
        Just(b'e'),
        Just(b'0'),
        Just(b'9'),
        Just(b'.'),
        Just(b'\\'),
        Just(b'n'),
        Just(0xff),
        any::<u8>(),
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
            put(&mut row, "description", description);
            put(&mut row, "type", kind);
            put(&mut row, "reason", reason);
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

/// Sets `value[key]` when there is something to set.
fn put(value: &mut Value, key: &str, member: Option<impl Into<Value>>) {
    if let Some(member) = member {
        value[key] = member.into();
    }
}

/// A `usage` object with any of its members.
fn usage_value() -> impl Strategy<Value = Value> {
    (proptest::option::of(0u32..1_000_000), proptest::option::of("[a-z]{1,8}"), proptest::option::of("[a-zA-Z]{1,5}")).prop_map(
        |(quantity, kind, unit)| {
            let mut usage = json!({});
            put(&mut usage, "quantity", quantity);
            put(&mut usage, "type", kind);
            put(&mut usage, "unit", unit);
            usage
        },
    )
}

/// Kazoo's `/ledgers` data: 4.0's flat amounts and 4.1+'s objects, mixed.
fn ledgers_data() -> impl Strategy<Value = Value> {
    proptest::collection::btree_map("[a-z_-]{1,16}", (-10_000_000_000i64..10_000_000_000, proptest::option::of(usage_value())), 0..12).prop_map(
        |ledgers| {
            let map = ledgers.into_iter().map(|(name, (units, usage))| {
                let amount = json!(units as f64 / 10_000.0);
                let value = match usage {
                    None => amount,
                    Some(usage) => json!({ "amount": amount, "usage": usage }),
                };
                (name, value)
            });
            Value::Object(map.collect())
        },
    )
}

/// One entry of `/ledgers/{ledger}`, with or without its optional parts.
fn ledger_entry() -> impl Strategy<Value = Value> {
    (
        "[a-z0-9-]{1,24}",
        -10_000_000_000i64..10_000_000_000,
        0i64..=253_402_300_799 + GREGORIAN_UNIX_OFFSET,
        any::<bool>(),
        proptest::option::of(usage_value()),
        proptest::option::of("[a-z-]{0,12}"),
        proptest::option::of(("[0-9a-f]{32}", "\\PC{0,20}")),
        proptest::option::of("\\PC{0,30}"),
        proptest::option::of(metadata_value()),
    )
        .prop_map(|(id, units, seconds, in_period, usage, service, account, description, metadata)| {
            let mut entry = json!({ "id": id, "amount": units as f64 / 10_000.0 });
            if in_period {
                entry["period"] = json!({ "start": seconds });
            } else {
                entry["created"] = seconds.into();
            }
            put(&mut entry, "usage", usage);
            if let Some(s) = service {
                entry["source"] = json!({ "service": s, "id": "call" });
            }
            if let Some((id, name)) = account {
                entry["account"] = json!({ "id": id, "name": name });
            }
            put(&mut entry, "description", description);
            put(&mut entry, "metadata", metadata);
            entry
        })
}

/// An entry's free-form `metadata`: a service-plan item, a call's numbers, or odd values.
fn metadata_value() -> impl Strategy<Value = Value> {
    let item = (
        proptest::option::of(prop_oneof!["(phone_numbers|users|devices|limits|number_services|voicemails)", "[a-z_]{1,10}"]),
        proptest::option::of("(e911|port|user|did_us|[a-z_]{1,8})"),
        proptest::option::of("\\PC{0,12}"),
    )
        .prop_map(|(category, item, name)| {
            let mut v = json!({ "rate": 1.5, "billable": 2 });
            put(&mut v, "category", category);
            put(&mut v, "item", item);
            put(&mut v, "name", name);
            v
        });
    let text = || proptest::option::of(prop_oneof!["\\+1[0-9]{10}".prop_map(Value::from), Just(Value::Null), Just(json!(7))]);
    prop_oneof![
        (proptest::option::of(item), text(), text(), text(), text()).prop_map(|(item, from, to, caller, callee)| {
            let mut v = json!({ "direction": "outbound", "rate": { "value": 0.0125 } });
            put(&mut v, "item", item);
            for (key, value) in [("from", from), ("to", to), ("caller_id_number", caller), ("callee_id_number", callee)] {
                put(&mut v, key, value);
            }
            v
        }),
        Just(Value::Null),
        Just(json!("free text")),
        Just(json!({ "item": "users" })),
    ]
}

/// An item of a `/services/summary` invoice; the server's total is optional.
fn invoice_item() -> impl Strategy<Value = Value> {
    (
        "[a-z_]{1,12}",
        "[a-z_]{1,12}",
        0u32..100,
        proptest::option::of(0u32..100),
        proptest::option::of(0i64..1_000_000),
        proptest::option::of(0i64..100_000),
        proptest::option::of(0i64..10_000_000),
    )
        .prop_map(|(category, item, quantity, billable, rate, discount, total)| {
            let mut v = json!({ "category": category, "item": item, "quantity": quantity });
            put(&mut v, "billable", billable);
            if let Some(r) = rate {
                v["rate"] = json!(r as f64 / 10_000.0);
            }
            if let Some(d) = discount {
                v["discounts"] = json!({ "total": d as f64 / 10_000.0 });
            }
            if let Some(t) = total {
                v["total"] = json!(t as f64 / 10_000.0);
            }
            v
        })
}

/// `/services/summary` (invoices) or `/service_plans/current` (category → item) data.
fn summary_data() -> impl Strategy<Value = Value> {
    let invoice = (
        proptest::collection::vec(invoice_item(), 0..6),
        proptest::option::of((proptest::option::of(0i64..1_000_000), proptest::option::of(0i64..1_000_000))),
    )
        .prop_map(|(items, summary)| {
            let mut v = json!({ "items": items });
            if let Some((today, recurring)) = summary {
                v["summary"] = json!({ "today": today.map(|t| t as f64 / 10_000.0), "recurring": recurring.map(|r| r as f64 / 10_000.0) });
            }
            v
        });
    let plan_item = (0u32..50, proptest::option::of(0i64..500_000), any::<bool>(), 0i64..10_000, 0u32..5, 0i64..10_000).prop_map(
        |(quantity, rate, single, single_rate, cumulative, cumulative_rate)| {
            let mut v = json!({ "quantity": quantity, "single_discount": single, "single_discount_rate": single_rate as f64 / 10_000.0,
            "cumulative_discount": cumulative, "cumulative_discount_rate": cumulative_rate as f64 / 10_000.0 });
            if let Some(r) = rate {
                v["rate"] = json!(r as f64 / 10_000.0);
            }
            v
        },
    );
    let plan = proptest::collection::btree_map("[a-z_]{1,10}", proptest::collection::btree_map("[a-z_]{1,10}", plan_item, 0..5), 0..5);
    prop_oneof![
        (proptest::collection::vec(invoice, 0..4), proptest::option::of(0i64..=253_402_300_799 + GREGORIAN_UNIX_OFFSET))
            .prop_map(|(invoices, next)| {
                let mut v = json!({ "invoices": invoices });
                if let Some(n) = next {
                    v["billing_cycle"] = json!({ "next": n });
                }
                v
            })
            .prop_flat_map(|v| {
                let status = proptest::option::of((any::<bool>(), proptest::option::of("[a-z_]{1,12}"), proptest::option::of("\\PC{0,20}")));
                let plans = proptest::option::of(proptest::collection::btree_set("[a-z_]{1,10}", 0..4));
                let bookkeepers = proptest::collection::vec(proptest::option::of("(default|braintree|local)"), 0..4);
                (Just(v), status, plans, bookkeepers)
            })
            .prop_map(|(mut v, status, plans, bookkeepers)| {
                if let Some((acceptable, reason, message)) = status {
                    v["status"] = json!({ "acceptable": acceptable });
                    put(&mut v["status"], "reason", reason);
                    put(&mut v["status"], "message", message);
                }
                if let Some(plans) = plans {
                    v["plans"] = Value::Object(plans.into_iter().map(|id| (id, json!({ "vendor_id": "x" }))).collect());
                }
                if let Some(invoices) = v["invoices"].as_array_mut() {
                    for (invoice, kind) in invoices.iter_mut().zip(bookkeepers) {
                        if let Some(kind) = kind {
                            invoice["bookkeeper"] = json!({ "type": kind, "id": "b" });
                        }
                    }
                }
                v
            }),
        (plan, any::<bool>()).prop_map(|(items, standing)| json!({ "items": items, "in_good_standing": standing })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn valid_ledgers_are_accepted_as_the_oracle_reads_them(data in ledgers_data()) {
        let body = json!({ "status": "success", "version": "5.4.32.6", "data": data }).to_string();
        prop_assert!(ledger::usage_json(body.as_bytes()).is_ok(), "{}", body);
        decode_all(body.as_bytes());
    }

    #[test]
    fn valid_ledger_entries_are_accepted_as_the_oracle_reads_them(rows in proptest::collection::vec(ledger_entry(), 0..12)) {
        let body = json!({ "status": "success", "request_id": "r", "next_start_key": "k", "data": rows }).to_string();
        let (data, next) = ledger::entries_data_json(body.as_bytes(), "asked-for").expect("generated entries are valid");
        prop_assert_eq!(next.as_deref(), Some("k"));
        prop_assert_eq!(json(&data).as_array().map(Vec::len), Some(rows.len()));
        decode_all(body.as_bytes());
    }

    #[test]
    fn valid_summaries_are_accepted_as_the_oracle_reads_them(data in summary_data()) {
        let body = json!({ "status": "success", "data": data }).to_string();
        prop_assert!(billing_summary::json(body.as_bytes(), "USD").is_ok(), "{}", body);
        decode_all(body.as_bytes());
    }
}

#[test]
fn kazoo_fixtures_are_accepted() {
    let accepted = [
        (ledger::usage_json(CORPUS[8].as_bytes()).is_ok(), "ledgers 4.1"),
        (ledger::usage_json(CORPUS[9].as_bytes()).is_ok(), "ledgers 4.0"),
        (ledger::entries_page_json(CORPUS[10].as_bytes(), "x").is_ok(), "ledger entries"),
        (billing_summary::json(CORPUS[11].as_bytes(), "USD").is_ok(), "services summary"),
        (billing_summary::json(CORPUS[12].as_bytes(), "USD").is_ok(), "current service plan"),
        (transaction::page_json(CORPUS[7].as_bytes()).is_ok(), "payments"),
    ];
    for (ok, what) in accepted {
        assert!(ok, "{what}");
    }
}
