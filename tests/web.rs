//! The JavaScript-facing client in headless Chromium, against the mock API (tests/mock).
//! `scripts/test.sh` starts the mock and sets AUDIAN_MOCK_URL at compile time.
#![cfg(target_arch = "wasm32")]

#[path = "support/browser.rs"]
mod browser;

use audian_billing::web::BillingClient;
use browser::*;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KAZOO42: &str = "42424242424242424242424242424242";
const TIDY: &str = "7a1b2c3d4e5f60718293a4b5c6d7e8f9";
const SUSPENDED: &str = "5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d";
const GREGORIAN_UNIX_OFFSET: f64 = 62_167_219_200.0;

/// A client for `account` with extra options (maxRetries defaults to 0 to keep faults quick).
fn client_with(account: &str, extra: &[(&str, JsValue)]) -> BillingClient {
    let mut pairs = vec![("accountId", account.into()), ("authToken", TOKEN.into()), ("baseUrl", MOCK.into()), ("maxRetries", 0.into())];
    pairs.extend(extra.iter().cloned());
    BillingClient::new(obj(&pairs)).unwrap()
}

fn client(account: &str) -> BillingClient {
    client_with(account, &[])
}

/// A fresh fault account, so per-account counters in the mock start at zero.
fn fault(mode: &str) -> String {
    format!("fault-{mode}-{}", (js_sys::Math::random() * 1e9) as u64)
}

/// What the mock received for `account` (preflights excluded).
async fn received(account: &str) -> Vec<JsValue> {
    let log = fetch_json(&format!("{MOCK}/__mock/requests?account={account}")).await;
    Array::from(&log).iter().filter(|r| text(r, "method") == "GET").collect()
}

/// Drains an async iterator from `allTransactions`.
async fn drain(iterable: JsValue) -> Vec<JsValue> {
    let next: js_sys::Function = get(&iterable, "next").unchecked_into();
    let mut rows = Vec::new();
    loop {
        let step = ok(next.call0(&iterable).unwrap().unchecked_into()).await;
        if get(&step, "done").is_truthy() {
            return rows;
        }
        rows.push(get(&step, "value"));
    }
}

fn assert_transaction(row: &JsValue) {
    assert!(!text(row, "id").is_empty());
    let amount = num(row, "amount");
    assert!(amount.is_finite() && ((amount * 1e4).round() - amount * 1e4).abs() < 1e-6, "{amount} is rounded to 4 places");
    let created = text(row, "created");
    assert!(created.ends_with('Z') && created.len() >= 20 && !js_sys::Date::parse(&created).is_nan(), "{created}");
    assert!(["debit", "credit", "recurring", "usage"].contains(&text(row, "type").as_str()));
    assert!(get(row, "description").is_string());
}

// ---- methods ----

#[wasm_bindgen_test]
async fn balance_in_audian_form() {
    let b = ok(client(TIDY).balance(JsValue::UNDEFINED)).await;
    assert_eq!(json(&b), r#"{"balance":150,"currency":"USD"}"#);
}

#[wasm_bindgen_test]
async fn balance_falls_back_to_ledgers_total_with_the_default_currency() {
    let account = DEMO;
    let b = ok(client_with(account, &[("currency", "CAD".into())]).balance(JsValue::UNDEFINED)).await;
    let raw = fetch_json(&format!("{MOCK}/__mock/dataset/{DEMO}")).await;
    let expected = (num(&raw, "balance") * 100.0).round() / 100.0;
    assert_eq!(json(&b), format!(r#"{{"balance":{expected},"currency":"CAD"}}"#));
}

#[wasm_bindgen_test]
async fn balance_of_a_suspended_account_is_negative() {
    let b = ok(client(SUSPENDED).balance(JsValue::UNDEFINED)).await;
    assert_eq!(num(&b, "balance"), -12.5);
}

#[wasm_bindgen_test]
async fn transactions_page_in_audian_form() {
    let page = ok(client(TIDY).transactions(obj(&[("pageSize", 10.into())]))).await;
    let rows = Array::from(&get(&page, "data"));
    assert_eq!(rows.length(), 10);
    rows.iter().for_each(|r| assert_transaction(&r));
    assert!(!text(&page, "nextStartKey").is_empty());
    assert_eq!(text(&page, "requestId").len(), 32);
    assert!(text(&rows.get(0), "id").starts_with("txn_"));
}

#[wasm_bindgen_test]
async fn transactions_in_kazoo_form_are_normalized() {
    let page = ok(client(KAZOO42).transactions(JsValue::UNDEFINED)).await;
    let rows = Array::from(&get(&page, "data"));
    assert_eq!(rows.length(), 50, "Kazoo's default page size");
    rows.iter().for_each(|r| assert_transaction(&r));
    let raw = fetch_json(&format!("{MOCK}/__mock/dataset/{KAZOO42}")).await;
    let first_id = text(&rows.get(0), "id");
    let source = Array::from(&get(&raw, "transactions")).iter().find(|r| text(r, "id") == first_id).unwrap();
    let gregorian = num(&source, "created");
    let expected = js_sys::Date::new(&JsValue::from_f64((gregorian - GREGORIAN_UNIX_OFFSET) * 1000.0));
    let expected = String::from(expected.to_iso_string()).replace(".000Z", "Z");
    assert_eq!(text(&rows.get(0), "created"), expected, "Gregorian seconds become RFC 3339 UTC");
}

#[wasm_bindgen_test]
async fn transaction_queries_use_the_api_parameters_and_headers() {
    let account = fault("status200");
    let from = js_sys::Date::new(&"2026-03-01T00:00:00Z".into());
    let query = obj(&[("from", from.into()), ("to", "2026-03-15".into()), ("pageSize", 7.into()), ("startKey", "k/1 2".into())]);
    let _ = JsFuture::from(client(&account).transactions(query)).await;
    let log = received(&account).await;
    assert_eq!(log.len(), 1);
    let r = &log[0];
    assert_eq!(text(r, "path"), format!("/v2/accounts/{account}/transactions"));
    let q = get(r, "query");
    assert_eq!(text(&q, "created_from"), format!("{}", 1_772_323_200.0 + GREGORIAN_UNIX_OFFSET));
    assert_eq!(text(&q, "created_to"), format!("{}", 1_773_532_800.0 + 86_399.0 + GREGORIAN_UNIX_OFFSET), "the end of that day");
    assert_eq!((text(&q, "page_size").as_str(), text(&q, "start_key").as_str()), ("7", "k/1 2"));
    assert_eq!(text(r, "headers.x-auth-token"), TOKEN);
    assert_eq!(text(r, "headers.accept"), "application/json");
    assert!(get(r, "headers.cookie").is_undefined(), "credentials are omitted");
    assert!(!json(&get(r, "query")).contains(TOKEN), "the token never goes into the URL");
}

#[wasm_bindgen_test]
async fn all_transactions_walks_every_window_and_page() {
    let raw = fetch_json(&format!("{MOCK}/__mock/dataset/{KAZOO42}")).await;
    let rows = Array::from(&get(&raw, "transactions"));
    let created: Vec<f64> = rows.iter().map(|r| num(&r, "created")).collect();
    let newest = created.iter().cloned().fold(f64::MIN, f64::max);
    let from_g = newest - 100.0 * 86_400.0;
    let expected = created.iter().filter(|c| **c >= from_g && **c <= newest).count();
    let to_date = |g: f64| js_sys::Date::new(&JsValue::from_f64((g - GREGORIAN_UNIX_OFFSET) * 1000.0));
    let query = obj(&[("from", to_date(from_g).into()), ("to", to_date(newest).into()), ("pageSize", 40.into())]);

    let all = drain(client(KAZOO42).all_transactions(query).unwrap()).await;
    assert_eq!(all.len(), expected, "every row of a 100-day range, across 4 windows");
    let ids: std::collections::HashSet<String> = all.iter().map(|r| text(r, "id")).collect();
    assert_eq!(ids.len(), all.len(), "no row twice");
    let times: Vec<f64> = all.iter().map(|r| js_sys::Date::parse(&text(r, "created"))).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    all.iter().for_each(assert_transaction);
}

#[wasm_bindgen_test]
async fn all_transactions_stops_when_the_server_repeats_a_key() {
    let account = fault("repeatkey");
    let rows = drain(client(&account).all_transactions(JsValue::UNDEFINED).unwrap()).await;
    assert!(!rows.is_empty());
    assert_eq!(received(&account).await.len(), 2, "first page, then the repeated key ends the walk");
}

#[wasm_bindgen_test]
async fn all_transactions_rejects_a_bad_query_at_once() {
    let e = client(TIDY).all_transactions(obj(&[("pageSize", (-1).into())])).unwrap_err();
    assert_eq!(text(&e, "kind"), "config");
}

#[wasm_bindgen_test]
async fn service_plans_keep_their_items() {
    let plans = Array::from(&ok(client(KAZOO42).service_plans(JsValue::UNDEFINED)).await);
    assert!(plans.length() > 0);
    for plan in plans.iter() {
        assert!(!text(&plan, "id").is_empty() && get(&plan, "name").is_string());
    }
    assert!(plans.iter().any(|p| get(&p, "plan").is_object()), "{}", json(&plans));
}

#[wasm_bindgen_test]
async fn accounts_in_both_forms() {
    let demo = ok(client(DEMO).account(JsValue::UNDEFINED)).await;
    assert_eq!((text(&demo, "id"), get(&demo, "enabled").as_bool()), (DEMO.to_owned(), Some(true)));
    assert!(text(&demo, "created").ends_with('Z'));
    let suspended = ok(client(SUSPENDED).account(JsValue::UNDEFINED)).await;
    assert_eq!(get(&suspended, "enabled").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn set_auth_token_swaps_the_token() {
    let c = BillingClient::new(obj(&[("accountId", TIDY.into()), ("authToken", "wrong-token-123".into()), ("baseUrl", MOCK.into())])).unwrap();
    fails(c.balance(JsValue::UNDEFINED), "unauthorized").await;
    c.set_auth_token(TOKEN.into()).unwrap();
    ok(c.balance(JsValue::UNDEFINED)).await;
    let e = c.set_auth_token("".into()).unwrap_err();
    assert_eq!(text(&e, "kind"), "config");
}

// ---- errors ----

#[wasm_bindgen_test]
async fn constructor_checks_options() {
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::UNDEFINED, "options are required"),
        (obj(&[("authToken", TOKEN.into())]), "accountId is required"),
        (obj(&[("accountId", "a/b".into()), ("authToken", TOKEN.into())]), "accountId"),
        (obj(&[("accountId", "a".into())]), "authToken is required"),
        (obj(&[("accountId", "a".into()), ("authToken", 12345.into())]), "authToken must be a string"),
        (obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("baseUrl", "http://example.com".into())]), "https"),
        (obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("timeoutMs", "fast".into())]), "timeoutMs"),
        (obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("currency", "usd".into())]), "currency"),
        (obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("timeout", 5.into())]), "unknown property `options.timeout`"),
        (
            obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("serverVersion", "latest".into())]),
            "options.serverVersion must be a Kazoo version",
        ),
        (obj(&[("accountId", "a".into()), ("authToken", TOKEN.into()), ("serverVersion", 5.into())]), "options.serverVersion must be a string"),
    ];
    for (options, says) in cases {
        let e = BillingClient::new(options).err().expect("a config error");
        assert!(e.is_instance_of::<js_sys::Error>());
        assert_eq!(text(&e, "kind"), "config");
        let message = text(&e, "message");
        assert!(message.contains(says), "{message}");
        assert!(!message.contains("12345"), "a token never appears in a message");
        assert!(get(&e, "code").is_undefined(), "no server, no code: {message}");
    }
}

#[wasm_bindgen_test]
async fn http_statuses_map_to_kinds_with_status_request_id_and_code() {
    // The code is the error envelope's `message`: the mock sends Crossbar's names (tests/mock/envelope.mjs).
    for (mode, kind, status, code) in [
        ("status401", "unauthorized", 401, "invalid_credentials"),
        ("status403", "forbidden", 403, "forbidden"),
        ("status404", "not_found", 404, "bad_identifier"),
        ("status400", "http", 400, "bad_request"),
        ("status402", "http", 402, "no_credit"),
        ("status423", "http", 423, "locked"),
        ("status500", "server", 500, "unspecified_fault"),
        ("status503", "server", 503, "datastore_fault"),
        ("status429", "rate_limited", 429, "too_many_requests"),
    ] {
        let e = fails(client(&fault(mode)).account(JsValue::UNDEFINED), kind).await;
        assert_eq!(num(&e, "status") as u16, status, "{mode}");
        assert_eq!(text(&e, "requestId").len(), 32, "{mode}");
        assert!(text(&e, "message").contains(&format!("HTTP {status}")));
        assert_eq!(text(&e, "code"), code, "{mode}");
        assert_eq!(text(&js_sys::JSON::parse(&json(&e)).unwrap(), "code"), code, "{mode}: toJSON() carries the code");
    }
}

#[wasm_bindgen_test]
async fn validation_400_lists_the_field_causes() {
    let e = fails(client(&fault("validation400")).transactions(JsValue::UNDEFINED), "http").await;
    assert!(text(&e, "message").contains("validation error ("), "{}", text(&e, "message"));
    assert_eq!(text(&e, "code"), "validation error", "the per-field codes are in the message, the envelope's name in code");
}

#[wasm_bindgen_test]
async fn an_error_status_in_a_2xx_body_is_an_api_error() {
    let e = fails(client(&fault("statuserror")).balance(JsValue::UNDEFINED), "api").await;
    assert!(get(&e, "requestId").is_string());
    assert_eq!(text(&e, "code"), "unspecified_fault");
}

#[wasm_bindgen_test]
async fn bodies_that_are_not_the_envelope_are_decode_errors() {
    for mode in ["malformed", "html", "empty", "nocontent", "notenvelope", "truncated", "badutf8", "nan"] {
        let e = fails(client(&fault(mode)).transactions(JsValue::UNDEFINED), "decode").await;
        assert!(!text(&e, "message").is_empty(), "{mode}");
        assert!(get(&e, "code").is_undefined(), "{mode}: no error envelope, no code");
        assert!(!json(&e).contains("\"code\""), "{mode}: toJSON() leaves an absent code out");
    }
}

#[wasm_bindgen_test]
async fn every_field_rule_names_its_path() {
    let cases = [
        ("wrongtypes", "transactions", "data[3].amount"),
        ("wrongtypes", "balance", "data.balance"),
        ("wrongtypes", "account", "data.enabled"),
        ("nullrow", "transactions", "data[1]"),
        ("missingfield", "transactions", "data[2].id"),
        ("badtype", "transactions", "data[1].type"),
        ("badcurrency", "balance", "data.currency"),
        ("hugenum", "transactions", "data[0].amount"),
        ("digits30", "transactions", "data[0].amount"),
        ("hugenum", "balance", "data.balance"),
        ("nooffset", "transactions", "data[0].created"),
        ("baddate", "transactions", "data[0].created"),
        ("datanull", "transactions", "data"),
        ("dupkeys", "transactions", "data[0].amount"),
    ];
    for (mode, method, path) in cases {
        let c = client(&fault(mode));
        let promise = match method {
            "transactions" => c.transactions(JsValue::UNDEFINED),
            "balance" => c.balance(JsValue::UNDEFINED),
            _ => c.account(JsValue::UNDEFINED),
        };
        let e = fails(promise, "validation").await;
        assert_eq!(text(&e, "path"), path, "{mode} {method}: {}", text(&e, "message"));
        assert_eq!(num(&e, "status"), 200.0);
        assert_eq!(text(&e, "requestId").len(), 32);
    }
}

#[wasm_bindgen_test]
async fn tolerated_oddities_decode() {
    for mode in ["bom", "chunkedstrings", "negzero"] {
        let page = ok(client(&fault(mode)).transactions(JsValue::UNDEFINED)).await;
        Array::from(&get(&page, "data")).iter().for_each(|r| assert_transaction(&r));
    }
    let b = ok(client(&fault("negzero")).balance(JsValue::UNDEFINED)).await;
    assert_eq!(json(&b), r#"{"balance":0,"currency":"USD"}"#, "-0 becomes 0");
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let c = BillingClient::new(obj(&[
        ("accountId", TIDY.into()),
        ("authToken", TOKEN.into()),
        ("baseUrl", "http://127.0.0.1:9".into()),
        ("maxRetries", 0.into()),
    ]))
    .unwrap();
    let e = fails(c.balance(JsValue::UNDEFINED), "network").await;
    assert!(get(&e, "status").is_undefined());
}

#[wasm_bindgen_test]
async fn missing_cors_is_a_network_error() {
    fails(client(&fault("nocors")).balance(JsValue::UNDEFINED), "network").await;
}

#[wasm_bindgen_test]
async fn slow_headers_and_slow_bodies_time_out() {
    for mode in ["slowheaders3000", "slowbody3000"] {
        let c = client_with(&fault(mode), &[("timeoutMs", 300.into())]);
        let e = fails(c.transactions(JsValue::UNDEFINED), "timeout").await;
        assert!(text(&e, "message").contains("300 ms"), "{mode}");
    }
}

#[wasm_bindgen_test]
async fn retries_recover_from_transient_failures() {
    // rahidden: a Retry-After that CORS hides cannot be honoured; backoff applies instead.
    for mode in ["fail503x2", "fail429x2", "fail502x1", "ra1", "radate", "rahidden"] {
        let account = fault(mode);
        let b = ok(client_with(&account, &[("maxRetries", 2.into())]).balance(JsValue::UNDEFINED)).await;
        assert_eq!(num(&b, "balance"), 150.0);
        let expected = if mode.contains("x2") { 3 } else { 2 };
        assert_eq!(received(&account).await.len(), expected, "{mode}");
    }
}

#[wasm_bindgen_test]
async fn the_retry_budget_is_respected_and_4xx_is_not_retried() {
    let account = fault("fail503x9");
    let e = fails(client_with(&account, &[("maxRetries", 1.into())]).balance(JsValue::UNDEFINED), "server").await;
    assert!(text(&e, "message").contains("after 2 attempts"));
    assert_eq!(received(&account).await.len(), 2);

    let account = fault("status400");
    fails(client_with(&account, &[("maxRetries", 2.into())]).balance(JsValue::UNDEFINED), "http").await;
    assert_eq!(received(&account).await.len(), 1);

    let account = fault("rabig");
    fails(client_with(&account, &[("maxRetries", 2.into())]).balance(JsValue::UNDEFINED), "rate_limited").await;
    assert_eq!(received(&account).await.len(), 1, "a Retry-After beyond the cap is reported, not slept through");
}

#[wasm_bindgen_test]
async fn a_reset_mid_body_is_a_network_error() {
    fails(client(&fault("reset")).transactions(JsValue::UNDEFINED), "network").await;
}

#[wasm_bindgen_test]
async fn abort_before_during_and_between_attempts() {
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let opts = obj(&[("signal", controller.signal().into())]);
    fails(client(TIDY).balance(opts), "aborted").await;

    let controller = web_sys::AbortController::new().unwrap();
    let c = client(&fault("slowheaders5000"));
    let pending = c.balance(obj(&[("signal", controller.signal().into())]));
    controller.abort_with_reason(&"a string reason".into());
    fails(pending, "aborted").await;

    let controller = web_sys::AbortController::new().unwrap();
    let account = fault("fail502x9");
    let c = client_with(&account, &[("maxRetries", 5.into())]);
    let pending = c.balance(obj(&[("signal", controller.signal().into())]));
    while received(&account).await.is_empty() {}
    let attempts = received(&account).await.len();
    controller.abort();
    fails(pending, "aborted").await;
    assert_eq!(received(&account).await.len(), attempts, "no attempt after the abort");
}

#[wasm_bindgen_test]
async fn bad_call_options_reject() {
    fails(client(TIDY).balance(obj(&[("signal", "nope".into())])), "config").await;
    fails(client(TIDY).transactions(obj(&[("from", 5.into())])), "config").await;
    fails(client(TIDY).transactions(obj(&[("from", "2026-02-30".into())])), "config").await;
}

#[wasm_bindgen_test]
async fn an_echoed_token_is_redacted_from_errors() {
    let e = fails(client(&fault("echotoken")).balance(JsValue::UNDEFINED), "unauthorized").await;
    assert!(text(&e, "message").contains("[redacted]"), "{}", text(&e, "message"));
    assert!(text(&e, "code").starts_with("invalid_credentials: token [redacted]"), "{}", text(&e, "code"));
    for seen in [text(&e, "message"), text(&e, "code"), json(&e), text(&e, "stack")] {
        assert!(!seen.contains(TOKEN), "{seen}");
    }
}

#[wasm_bindgen_test]
async fn the_module_keeps_working_after_every_error() {
    for mode in ["malformed", "wrongtypes", "deepnest", "status500"] {
        let _ = JsFuture::from(client(&fault(mode)).transactions(JsValue::UNDEFINED)).await;
        ok(client(TIDY).balance(JsValue::UNDEFINED)).await;
    }
}

// ---- hardening: hostile bodies, limits, load ----

#[wasm_bindgen_test]
async fn every_hostile_body_gives_a_typed_error_and_the_next_call_works() {
    let modes = [
        "malformed",
        "html",
        "empty",
        "nocontent",
        "notenvelope",
        "truncated",
        "badutf8",
        "nan",
        "bom",
        "datanull",
        "nullrow",
        "wrongtypes",
        "missingfield",
        "badtype",
        "badcurrency",
        "hugenum",
        "digits30",
        "negzero",
        "deepnest",
        "dupkeys",
        "nooffset",
        "baddate",
        "chunkedstrings",
        "statuserror",
        "validation400",
        "echotoken",
        "reset",
        "redirect",
        "nocors",
        "repeatkey",
    ];
    let kinds = ["decode", "validation", "api", "http", "network", "unauthorized"];
    for mode in modes {
        let c = client(&fault(mode));
        for promise in
            [c.transactions(JsValue::UNDEFINED), c.balance(JsValue::UNDEFINED), c.account(JsValue::UNDEFINED), c.service_plans(JsValue::UNDEFINED)]
        {
            if let Err(e) = JsFuture::from(promise).await {
                assert_eq!(text(&e, "name"), "AudianError", "{mode}");
                assert!(kinds.contains(&text(&e, "kind").as_str()), "{mode}: {}", text(&e, "kind"));
            }
        }
        ok(client(TIDY).balance(JsValue::UNDEFINED)).await;
    }
}

#[wasm_bindgen_test]
async fn deep_nesting_in_an_extra_field_is_skipped_without_a_stack_overflow() {
    let page = ok(client(&fault("deepnest")).transactions(JsValue::UNDEFINED)).await;
    assert!(Array::from(&get(&page, "data")).length() > 0);
}

#[wasm_bindgen_test]
async fn a_20_mib_field_decodes_and_a_size_cap_refuses_it() {
    let page = ok(client(&fault("bigstring")).transactions(JsValue::UNDEFINED)).await;
    assert_eq!(text(&page, "data.0.description").len(), 20 * 1024 * 1024);

    let capped = client_with(&fault("bigstring"), &[("maxResponseBytes", (1024 * 1024).into())]);
    let e = fails(capped.transactions(JsValue::UNDEFINED), "decode").await;
    assert!(text(&e, "message").contains("larger than maxResponseBytes"), "{}", text(&e, "message"));
    // Without Content-Length the cap applies while streaming.
    let streamed = client_with(&fault("truncated"), &[("maxResponseBytes", 1024.into()), ("timeoutMs", 5000.into())]);
    let e = fails(streamed.transactions(obj(&[("pageSize", 200.into())])), "decode").await;
    assert!(text(&e, "message").contains("larger than maxResponseBytes"), "{}", text(&e, "message"));
    ok(client(TIDY).balance(JsValue::UNDEFINED)).await;
}

#[wasm_bindgen_test]
async fn a_hundred_parallel_calls() {
    let c = client(KAZOO42);
    let calls: Array =
        (0..100).map(|i| JsValue::from(if i % 2 == 0 { c.balance(JsValue::UNDEFINED) } else { c.transactions(JsValue::UNDEFINED) })).collect();
    let results = Array::from(&ok(Promise::all(&calls)).await);
    assert_eq!(results.length(), 100);
    assert_eq!(num(&results.get(0), "balance"), 42.18);
    assert_eq!(Array::from(&get(&results.get(1), "data")).length(), 50);
}

#[wasm_bindgen_test]
async fn wasm_memory_does_not_grow_over_10000_sequential_calls() {
    let memory_bytes =
        || wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
    let c = client(TIDY);
    let query = || obj(&[("pageSize", 5.into())]);
    for _ in 0..500 {
        ok(c.transactions(query())).await;
    }
    let warm = memory_bytes();
    for i in 0..10_000 {
        if i % 1000 == 0 {
            let _ = JsFuture::from(client(&fault("wrongtypes")).transactions(JsValue::UNDEFINED)).await;
        }
        ok(c.transactions(query())).await;
    }
    assert_eq!(memory_bytes(), warm, "wasm memory after 10,000 calls (bytes)");
}

#[wasm_bindgen_test]
async fn a_redirect_to_another_server_sends_it_nothing() {
    let Some(record) = option_env!("AUDIAN_RECORD_URL") else { panic!("AUDIAN_RECORD_URL is not set") };
    let e = fails(client(&fault("redirect")).account(JsValue::UNDEFINED), "http").await;
    assert!(text(&e, "message").contains("redirect"));
    let seen = fetch_json(&format!("{record}/__mock/requests?account=__record")).await;
    assert_eq!(Array::from(&seen).length(), 0, "the second server received {}", json(&seen));
}

#[wasm_bindgen_test]
async fn misspelt_query_and_call_option_names_are_rejected() {
    let e = fails(client(TIDY).transactions(obj(&[("pagesize", 5.into())])), "config").await;
    assert!(text(&e, "message").contains("unknown property `query.pagesize`"), "{}", text(&e, "message"));
    fails(client(TIDY).balance(obj(&[("sígnal", JsValue::NULL)])), "config").await;
    let e = fails(client(TIDY).transactions(obj(&[("pageSize", "50".into())])), "config").await;
    assert_eq!(text(&e, "message"), "query.pageSize must be a number");
}

#[wasm_bindgen_test]
async fn a_running_iterator_takes_a_new_token_and_retries_the_failed_page() {
    let c = BillingClient::new(obj(&[("accountId", TIDY.into()), ("authToken", "expired-token-1".into()), ("baseUrl", MOCK.into())])).unwrap();
    let iterable = c.all_transactions(obj(&[("pageSize", 10.into())])).unwrap();
    let next: js_sys::Function = get(&iterable, "next").unchecked_into();
    fails(next.call0(&iterable).unwrap().unchecked_into(), "unauthorized").await;
    c.set_auth_token(TOKEN.into()).unwrap();
    let step = ok(next.call0(&iterable).unwrap().unchecked_into()).await;
    assert_eq!(get(&step, "done").as_bool(), Some(false));
    assert_transaction(&get(&step, "value"));
}

// ------------------------------------------------------------------ the three dialects
// Audian's documented page (TIDY), Kazoo 4.2 (KAZOO42) and Kazoo 5.x (DEMO): the same calls give
// the same shapes, each from the endpoint its server offers, remembered per client.

/// The paths (below the account) of the GETs the mock received for `account`, in order.
async fn paths(account: &str) -> Vec<String> {
    let prefix = format!("/v2/accounts/{account}");
    received(account).await.iter().map(|r| text(r, "path").trim_start_matches(&prefix).to_owned()).collect()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with(url: &str, init: &JsValue) -> Promise;
}

/// Empties the mock's request log for `account`.
async fn clear(account: &str) {
    JsFuture::from(fetch_with(&format!("{MOCK}/__mock/requests?account={account}"), &obj(&[("method", "DELETE".into())]))).await.unwrap();
}

async fn dataset(account: &str) -> JsValue {
    fetch_json(&format!("{MOCK}/__mock/dataset/{account}")).await
}

/// Kazoo's dollars as the client rounds them (to $0.0001).
fn units(dollars: f64) -> f64 {
    (dollars * 1e4).round() / 1e4
}

#[wasm_bindgen_test]
async fn a_fresh_client_finds_the_balance_on_each_dialect_and_then_asks_once() {
    for (account, chain) in [
        (TIDY, vec!["/balance"]),
        (DEMO, vec!["/balance", "/ledgers/total"]),
        (KAZOO42, vec!["/balance", "/ledgers/total", "/transactions/current_balance"]),
    ] {
        clear(account).await;
        let c = client(account);
        let first = ok(c.balance(JsValue::UNDEFINED)).await;
        let second = ok(c.balance(JsValue::UNDEFINED)).await;
        assert_eq!(json(&first), json(&second));
        assert_eq!(num(&first, "balance"), units(num(&dataset(account).await, "balance")), "{account}");
        let mut expected = chain.clone();
        expected.push(chain.last().copied().unwrap_or_default());
        assert_eq!(paths(account).await, expected, "{account}: the chain once, then only the endpoint that answered");
    }
}

#[wasm_bindgen_test]
async fn after_one_kazoo_reply_each_method_goes_straight_to_its_versions_endpoint() {
    for (account, balance, plans, summary) in [
        (DEMO, "/ledgers/total", "/services/available", "/services/summary"),
        (KAZOO42, "/transactions/current_balance", "/service_plans", "/service_plans/current"),
    ] {
        clear(account).await;
        let c = client(account);
        ok(c.account(JsValue::UNDEFINED)).await;
        ok(c.balance(JsValue::UNDEFINED)).await;
        ok(c.service_plans(JsValue::UNDEFINED)).await;
        ok(c.billing_summary(JsValue::UNDEFINED)).await;
        assert_eq!(paths(account).await, ["", balance, plans, summary], "{account}: no request that answers 404");
    }
}

#[wasm_bindgen_test]
async fn kazoo5_payments_are_money_in_and_refunds_money_out() {
    let page = ok(client(DEMO).transactions(JsValue::UNDEFINED)).await;
    let rows: Vec<JsValue> = Array::from(&get(&page, "data")).iter().collect();
    let raw = dataset(DEMO).await;
    let source = |id: &str| Array::from(&get(&raw, "transactions")).iter().find(|r| text(r, "id") == id).unwrap();
    assert!(!rows.is_empty());
    let (mut credits, mut refunds, mut failed) = (0, 0, 0);
    for row in &rows {
        assert_transaction(row);
        let src = source(&text(row, "id"));
        assert_eq!(num(row, "amount"), units(num(&src, "amount")), "amounts keep their sign");
        assert_eq!(get(row, "status").as_string(), get(&src, "status").as_string());
        if num(row, "amount") > 0.0 {
            assert_eq!(text(row, "type"), "credit", "a top-up or card payment is money in");
            assert!(get(row, "refund").is_undefined());
            credits += 1;
        } else {
            assert_eq!((text(row, "type"), get(row, "refund")), ("debit".to_owned(), JsValue::TRUE), "a refund is money out");
            refunds += 1;
        }
        if text(row, "status") == "failed" {
            assert_eq!(get(row, "message").as_string(), get(&src, "bookkeeper.message").as_string());
            failed += 1;
        }
    }
    assert!(credits > 0 && refunds > 0 && failed > 0, "the default window shows each kind: {credits} {refunds} {failed}");
}

#[wasm_bindgen_test]
async fn with_server_version_every_first_call_goes_at_once_to_its_dialects_endpoint() {
    let none = || JsValue::UNDEFINED;
    for (account, version, mut want) in [
        (DEMO, "5.4.32", vec!["/ledgers/total", "/services/available", "/services/summary"]),
        (KAZOO42, "4.2.x", vec!["/transactions/current_balance", "/service_plans", "/service_plans/current"]),
    ] {
        clear(account).await;
        let c = client_with(account, &[("serverVersion", version.into())]);
        assert_eq!(c.server_version().as_string().as_deref(), Some(version));
        // Started together, before any reply could have named the version.
        let calls = [c.balance(none()), c.service_plans(none()), c.billing_summary(none())];
        for call in calls {
            ok(call).await;
        }
        let mut got = paths(account).await;
        got.sort();
        want.sort_unstable();
        assert_eq!(got, want, "{account}: no request that answers 404");
    }

    clear(TIDY).await;
    let c = client_with(TIDY, &[("serverVersion", "audian".into())]);
    assert_eq!(c.server_version().as_string().as_deref(), Some("audian"));
    let e = fails(c.billing_summary(none()), "not_found").await;
    assert!(text(&e, "message").contains("nothing was sent"), "{}", text(&e, "message"));
    assert!(get(&e, "status").is_null() || get(&e, "status").is_undefined(), "no request, no status: {}", json(&e));
    fails(c.usage(none()), "not_found").await;
    ok(c.balance(none())).await;
    assert_eq!(paths(TIDY).await, ["/balance"], "Audian's page has no summary and no ledgers: nothing asked");

    let learned = client(DEMO);
    assert!(learned.server_version().is_null(), "nothing known before a reply");
    ok(learned.account(none())).await;
    assert_eq!(learned.server_version().as_string().as_deref(), Some("5.4.32.6"), "the version the first reply named");
}

#[wasm_bindgen_test]
async fn billing_summary_on_both_kazoo_lines_and_not_offered_on_audians_page() {
    for account in [DEMO, KAZOO42] {
        let s = ok(client(account).billing_summary(JsValue::UNDEFINED)).await;
        assert_eq!(text(&s, "currency"), "USD");
        let items: Vec<JsValue> = Array::from(&get(&s, "items")).iter().collect();
        assert!(!items.is_empty(), "{account}: {}", json(&s));
        for item in &items {
            assert!(!text(item, "category").is_empty() && !text(item, "item").is_empty());
            assert!(num(item, "quantity") >= 0.0 && num(item, "total").is_finite());
        }
        assert!(num(&s, "recurringTotal") > 0.0, "{account}: {}", json(&s));
    }
    clear(TIDY).await;
    let e = fails(client(TIDY).billing_summary(JsValue::UNDEFINED), "not_found").await;
    let message = text(&e, "message");
    assert!(message.contains("does not offer a billing summary") && message.contains("/services/summary, /service_plans/current"), "{message}");
    assert!(!message.contains("account id"), "{message}");
    assert_eq!(num(&e, "status"), 404.0);
    assert_eq!(text(&e, "code"), "not_offered");
    assert_eq!(paths(TIDY).await, ["/services/summary", "/service_plans/current"]);
}

#[wasm_bindgen_test]
async fn usage_and_ledger_entries_agree_with_the_ledgers() {
    let now = js_sys::Date::now();
    let month_ago = js_sys::Date::new(&JsValue::from_f64(now - 30.0 * 86_400_000.0));
    let range = || obj(&[("from", month_ago.clone().into()), ("to", js_sys::Date::new(&JsValue::from_f64(now)).into())]);
    let usage: Vec<JsValue> = Array::from(&ok(client(DEMO).usage(range())).await).iter().collect();
    let raw = dataset(DEMO).await;
    let calls = usage.iter().find(|u| text(u, "ledger") == "per-minute-voip").expect("call charges are a ledger");
    assert!(num(calls, "amount") < 0.0, "money spent is negative, as Kazoo keeps it");

    let with_pages = obj(&[("from", month_ago.clone().into()), ("to", js_sys::Date::new(&JsValue::from_f64(now)).into()), ("pageSize", 25.into())]);
    let entries = drain(client(DEMO).all_ledger_entries("per-minute-voip".into(), with_pages).unwrap()).await;
    assert!(entries.len() > 25, "more than one page");
    let sum: f64 = entries.iter().map(|e| num(e, "amount")).sum();
    assert!((units(sum) - num(calls, "amount")).abs() < 0.01, "entries add up to the ledger's usage: {sum} vs {}", num(calls, "amount"));
    let served = Array::from(&get(&get(&raw, "ledgers"), "per-minute-voip"));
    for entry in &entries {
        assert_eq!(text(entry, "ledger"), "per-minute-voip");
        assert!(text(entry, "created").ends_with('Z'));
        let id = text(entry, "id");
        assert!(served.iter().any(|s| get(&s, "id").as_string().as_deref() == Some(id.as_str())), "{id} was served");
    }
    let page = ok(client(DEMO).ledger_entries("per-minute-voip".into(), obj(&[("pageSize", 5.into())]))).await;
    assert_eq!(Array::from(&get(&page, "data")).length(), 5);
    assert!(get(&page, "nextStartKey").is_string());

    let e = fails(client(TIDY).usage(JsValue::UNDEFINED), "not_found").await;
    assert!(text(&e, "message").contains("does not offer usage by ledger"), "{}", text(&e, "message"));
}

#[wasm_bindgen_test]
async fn bad_ledger_names_and_usage_ranges_are_refused_before_sending() {
    let account = fault("status500");
    let c = client(&account);
    for bad in ["", "../balance", "a/b", "per minute", "x?y", "%2e"] {
        let e = fails(c.ledger_entries(bad.into(), JsValue::UNDEFINED), "config").await;
        assert!(text(&e, "message").starts_with("ledger "), "{}", text(&e, "message"));
        assert!(c.all_ledger_entries(bad.into(), JsValue::UNDEFINED).is_err());
    }
    fails(c.ledger_entries(5.into(), JsValue::UNDEFINED), "config").await;
    let long = obj(&[("from", "2026-01-01".into()), ("to", "2026-03-01".into())]);
    let e = fails(c.usage(long), "config").await;
    assert!(text(&e, "message").contains("at most 31 days"), "{}", text(&e, "message"));
    let e = fails(c.usage(obj(&[("pageSize", 5.into())])), "config").await;
    assert!(text(&e, "message").contains("query.pageSize"), "{}", text(&e, "message"));
    assert!(received(&account).await.is_empty(), "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_bare_date_as_to_covers_that_whole_day() {
    clear(TIDY).await;
    ok(client(TIDY).transactions(obj(&[("from", "2026-06-05".into()), ("to", "2026-06-05".into())]))).await;
    let log = received(TIDY).await;
    let query = get(&log[0], "query");
    let midnight = 1_780_617_600.0 + GREGORIAN_UNIX_OFFSET;
    assert_eq!(text(&query, "created_from").parse::<f64>().unwrap(), midnight);
    assert_eq!(text(&query, "created_to").parse::<f64>().unwrap(), midnight + 86_399.0);
}

#[wasm_bindgen_test]
async fn an_unknown_account_is_not_taken_for_a_missing_endpoint() {
    let unknown = "ffffffffffffffffffffffffffffffff";
    let e = fails(client(unknown).balance(JsValue::UNDEFINED), "not_found").await;
    assert!(text(&e, "message").contains("bad_identifier"), "{}", text(&e, "message"));
    assert_eq!(paths(unknown).await, ["/balance"], "Kazoo's bad_identifier ends the search");
}

// ---- what money means (src/models/meaning.rs), the same on every dialect ----

const DELINQUENT: &str = "de11de11de11de11de11de11de11de11";
const CARD: &str = "ca4dca4dca4dca4dca4dca4dca4dca4d";

/// The last `days` days as a query.
fn last_days(days: f64, extra: &[(&str, JsValue)]) -> JsValue {
    let now = js_sys::Date::now();
    let mut pairs = vec![
        ("from", js_sys::Date::new(&JsValue::from_f64(now - days * 86_400_000.0)).into()),
        ("to", js_sys::Date::new(&JsValue::from_f64(now)).into()),
    ];
    pairs.extend(extra.iter().cloned());
    obj(&pairs)
}

#[wasm_bindgen_test]
async fn kazoo5_entries_say_what_their_money_was() {
    let c = client(DEMO);
    let kinds = [
        ("per-minute-voip", "usage"),
        ("im", "usage"),
        ("asr", "usage"),
        ("mobile_data", "usage"),
        ("recurring", "recurring"),
        ("payments", "payment"),
        ("rollovers", "rollover"),
    ];
    for (ledger, kind) in kinds {
        let entries = drain(c.all_ledger_entries(ledger.into(), last_days(62.0, &[("pageSize", 1000.into())])).unwrap()).await;
        assert!(!entries.is_empty(), "{ledger}");
        for e in &entries {
            assert_eq!(text(e, "kind"), kind, "{ledger}: {}", json(e));
            let category = text(e, "category");
            match kind {
                "usage" | "recurring" => assert_ne!(category, "other", "{ledger}: a known category: {}", json(e)),
                _ => assert_eq!(category, "other", "{ledger} buys nothing"),
            }
        }
        if ledger == "per-minute-voip" {
            for e in &entries {
                let call = get(e, "call");
                assert!(["inbound", "outbound"].contains(&text(&call, "direction").as_str()), "{}", json(e));
                assert!(text(&call, "callerIdNumber").starts_with('+') && text(&call, "calleeIdNumber").starts_with('+'));
                assert!(text(&call, "from").contains('@') && text(&call, "to").contains('@'));
            }
        }
        if ledger == "recurring" {
            let trunks = entries.iter().find(|e| text(e, "item.category") == "limits").expect("a trunk is billed");
            assert_eq!(text(trunks, "category"), "trunks");
            let users = entries.iter().find(|e| text(e, "item.category") == "users").expect("users are billed");
            assert_eq!((text(users, "category"), text(users, "item.item")), ("users".to_owned(), "user".to_owned()));
            assert!(!text(users, "item.name").is_empty());
        }
        if ledger == "rollovers" {
            let newest = &entries[0];
            assert_eq!(num(newest, "amount"), -120.0, "last month ended in deficit: a negative rollover");
        }
    }
    let usage: Vec<JsValue> = Array::from(&ok(c.usage(last_days(20.0, &[]))).await).iter().collect();
    let of = |ledger: &str| usage.iter().find(|u| text(u, "ledger") == ledger).map(|u| (text(u, "kind"), get(u, "category").as_string()));
    assert_eq!(of("per-minute-voip"), Some(("usage".to_owned(), Some("call_usage".to_owned()))));
    assert_eq!(of("payments").map(|k| k.0).as_deref(), Some("payment"));
    assert_eq!(of("recurring").and_then(|k| k.1), None, "a recurring ledger's categories are in its entries");
}

#[wasm_bindgen_test]
async fn older_kazoo_and_audians_page_give_the_same_kinds() {
    let rows = drain(client(KAZOO42).all_transactions(last_days(270.0, &[("pageSize", 1000.into())])).unwrap()).await;
    let find = |reason: &str| rows.iter().find(|r| text(r, "reason") == reason).unwrap_or_else(|| panic!("a {reason} row"));
    assert_eq!((text(find("database_rollup"), "kind"), text(find("database_rollup"), "category")), ("rollover".to_owned(), "other".to_owned()));
    assert_eq!(text(find("admin_discretion"), "kind"), "adjustment");
    assert_eq!((text(find("per_minute_call"), "kind"), text(find("per_minute_call"), "category")), ("usage".to_owned(), "call_usage".to_owned()));
    let e911 = rows.iter().find(|r| text(r, "description").starts_with("E911 service")).expect("E911 rentals");
    assert_eq!((text(e911, "kind"), text(e911, "category")), ("recurring".to_owned(), "e911".to_owned()));
    let tidy = drain(client(TIDY).all_transactions(last_days(120.0, &[])).unwrap()).await;
    for row in &tidy {
        let want = match text(row, "type").as_str() {
            "credit" => "payment",
            "recurring" => "recurring",
            _ => "usage",
        };
        assert_eq!(text(row, "kind"), want, "{}", json(row));
    }
    assert!(tidy.iter().any(|r| text(r, "category") == "number_porting"), "Audian's 'Number port-in fee'");
}

#[wasm_bindgen_test]
async fn billing_summary_says_standing_plans_and_bookkeeper() {
    let demo = ok(client(DEMO).billing_summary(JsValue::UNDEFINED)).await;
    assert_eq!(json(&get(&demo, "standing")), r#"{"acceptable":true,"reason":"good standing"}"#);
    assert_eq!(json(&get(&demo, "plans")), r#"["audian_business_voice","audian_platform","audian_productivity"]"#);
    assert_eq!(text(&demo, "bookkeeper"), "default");
    let bad = ok(client(DELINQUENT).billing_summary(JsValue::UNDEFINED)).await;
    assert_eq!(get(&bad, "standing.acceptable"), JsValue::FALSE);
    assert_eq!(text(&bad, "standing.reason"), "bookkeeper_rejection");
    assert!(text(&bad, "standing.message").contains("billing issue"));
    assert_eq!(get(&bad, "inGoodStanding"), JsValue::FALSE);
    assert_eq!(text(&ok(client(CARD).billing_summary(JsValue::UNDEFINED)).await, "bookkeeper"), "braintree");
    let old = ok(client(KAZOO42).billing_summary(JsValue::UNDEFINED)).await;
    assert_eq!(json(&get(&old, "standing")), r#"{"acceptable":true}"#);
    assert_eq!(Array::from(&get(&old, "plans")).length(), 2);
    assert!(get(&old, "bookkeeper").is_undefined());
}

#[wasm_bindgen_test]
async fn a_shorter_maximum_range_halves_the_windows_and_is_remembered() {
    let account = fault("maxrange7");
    let c = client(&account);
    let range = || last_days(60.0, &[("pageSize", 1000.into())]);
    let rows = drain(c.all_transactions(range()).unwrap()).await;
    let whole = drain(client(TIDY).all_transactions(range()).unwrap()).await;
    assert_eq!(rows.iter().map(|r| text(r, "id")).collect::<Vec<_>>(), whole.iter().map(|r| text(r, "id")).collect::<Vec<_>>(), "every row, once");
    let spans = |log: &[JsValue]| -> Vec<f64> {
        log.iter()
            .map(|r| text(&get(r, "query"), "created_to").parse::<f64>().unwrap() - text(&get(r, "query"), "created_from").parse::<f64>().unwrap())
            .collect()
    };
    let first = spans(&received(&account).await);
    // 31 days refused, 15.5 refused, 7.75 refused, then 3.875-day windows to the range's start.
    assert_eq!(&first[..3], &[31.0 * 86_400.0, 15.5 * 86_400.0, 7.75 * 86_400.0]);
    assert!(first[3..].iter().all(|s| *s <= 7.0 * 86_400.0), "{first:?}");
    clear(&account).await;
    drain(c.all_transactions(range()).unwrap()).await;
    let again = spans(&received(&account).await);
    assert!(again.iter().all(|s| *s <= 7.0 * 86_400.0), "the client remembers the length: {again:?}");
    // A single page is the caller's own range: its 400 is reported, with Kazoo's words.
    let e = fails(c.transactions(last_days(20.0, &[])), "http").await;
    assert!(
        text(&e, "message").contains("created_from: created_to") && text(&e, "message").contains("seconds from created_from"),
        "{}",
        text(&e, "message")
    );
}

#[wasm_bindgen_test]
async fn kazoo_3_22s_ledger_named_total_is_skipped_for_the_current_balance() {
    let account = fault("kazoo322");
    let b = ok(client(&account).balance(JsValue::UNDEFINED)).await;
    assert_eq!(json(&b), r#"{"balance":9.18,"currency":"USD"}"#);
    assert_eq!(paths(&account).await, ["/balance", "/ledgers/total", "/transactions/current_balance"]);
}
