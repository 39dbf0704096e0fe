//! Managing billing in headless Chromium against the mock API (tests/mock/billing.mjs): adding
//! credit on each dialect, a declined card, a dropped connection, billing settings and the card
//! on file. `scripts/test.sh` starts the mock and sets AUDIAN_MOCK_URL at compile time.
#![cfg(target_arch = "wasm32")]

#[path = "support/browser.rs"]
mod browser;

use audian_billing::web::BillingClient;
use browser::*;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh scenario account (`billing-<scenario>-<dialect>-<nonce>`): its own copy of the data.
fn account(scenario: &str, dialect: &str) -> String {
    format!("billing-{scenario}-{dialect}-{}", (js_sys::Math::random() * 1e9) as u64)
}

fn client_with(account: &str, extra: &[(&str, JsValue)]) -> BillingClient {
    let mut pairs = vec![("accountId", account.into()), ("authToken", TOKEN.into()), ("baseUrl", MOCK.into()), ("maxRetries", 2.into())];
    pairs.extend(extra.iter().cloned());
    BillingClient::new(obj(&pairs)).unwrap()
}

fn client(account: &str) -> BillingClient {
    client_with(account, &[])
}

fn amount(value: f64) -> JsValue {
    obj(&[("amount", value.into())])
}

/// `METHOD path` of every request the mock received for `account` (preflights excluded).
async fn received(account: &str) -> Vec<String> {
    let log = fetch_json(&format!("{MOCK}/__mock/requests?account={account}")).await;
    let prefix = format!("/v2/accounts/{account}");
    Array::from(&log)
        .iter()
        .filter(|r| text(r, "method") != "OPTIONS")
        .map(|r| format!("{} {}", text(&r, "method"), text(&r, "path").replace(&prefix, "")))
        .collect()
}

async fn balance(client: &BillingClient) -> f64 {
    num(&ok(client.balance(JsValue::UNDEFINED)).await, "balance")
}

// ---- adding credit ----

#[wasm_bindgen_test]
async fn kazoo5_posts_one_topup_and_confirms_the_new_balance() {
    let id = account("ok", "kazoo5");
    let c = client(&id);
    ok(c.account(JsValue::UNDEFINED)).await; // the first reply names Kazoo 5: the client goes straight to /services/topup
    let before = balance(&c).await;
    let credit = ok(c.add_credit(amount(25.5))).await;
    assert_eq!(num(&credit, "amount"), 25.5);
    assert_eq!((text(&credit, "transaction.status"), num(&credit, "transaction.amount")), ("completed".into(), 25.5));
    assert_eq!(num(&credit, "ledgerEntry.amount"), 25.5);
    assert!(!text(&credit, "transaction.id").is_empty() && !text(&credit, "ledgerEntry.id").is_empty());
    assert!((num(&credit, "balance") - (before + 25.5)).abs() < 1e-9, "{}", json(&credit));
    assert_eq!(received(&id).await, ["GET ", "GET /ledgers/total", "POST /services/topup", "GET /ledgers/total"]);

    let page = ok(c.transactions(JsValue::UNDEFINED)).await;
    let newest = get(&page, "data.0");
    assert_eq!((text(&newest, "type"), num(&newest, "amount"), text(&newest, "status")), ("credit".into(), 25.5, "completed".into()));
}

#[wasm_bindgen_test]
async fn a_client_that_knows_no_dialect_yet_moves_on_after_a_404_that_charged_nothing() {
    let id = account("ok", "kazoo5");
    let c = client(&id);
    let credit = ok(c.add_credit(amount(10.0))).await;
    assert_eq!(num(&credit, "amount"), 10.0);
    assert_eq!(received(&id).await[..2], ["PUT /braintree/credits", "POST /services/topup"]);
    ok(c.add_credit(amount(5.0))).await;
    let posts = received(&id).await.iter().filter(|r| r.starts_with("PUT") || r.starts_with("POST")).cloned().collect::<Vec<_>>();
    assert_eq!(posts, ["PUT /braintree/credits", "POST /services/topup", "POST /services/topup"], "the endpoint that answered is remembered");
}

#[wasm_bindgen_test]
async fn kazoo42_and_audian_put_braintree_credits() {
    let id = account("ok", "kazoo42");
    let c = client(&id);
    ok(c.account(JsValue::UNDEFINED)).await;
    let before = balance(&c).await;
    let credit = ok(c.add_credit(amount(20.0))).await;
    assert_eq!(get(&credit, "transaction"), JsValue::UNDEFINED, "Kazoo 4.2 keeps the transaction's id private");
    assert!((num(&credit, "balance") - (before + 20.0)).abs() < 1e-9, "{}", json(&credit));
    assert_eq!(received(&id).await[2..], ["PUT /braintree/credits", "GET /transactions/current_balance"]);

    let id = account("ok", "audian");
    let credit = ok(client(&id).add_credit(amount(12.34))).await;
    assert_eq!((num(&credit, "transaction.amount"), text(&credit, "transaction.status")), (12.34, "completed".into()));
    assert_eq!(received(&id).await[0], "PUT /braintree/credits");
}

#[wasm_bindgen_test]
async fn a_declined_card_is_payment_declined_and_not_money_in() {
    for dialect in ["kazoo5", "kazoo42", "audian"] {
        let id = account("declined", dialect);
        let c = client(&id);
        let before = balance(&c).await;
        let e = fails(c.add_credit(amount(25.0)), "payment_declined").await;
        assert!(text(&e, "message").contains("Insufficient Funds") && text(&e, "message").contains("No money was taken"), "{}", text(&e, "message"));
        assert!(!text(&e, "requestId").is_empty());
        assert_eq!(get(&e, "outcomeUnknown"), JsValue::UNDEFINED);
        assert_eq!(balance(&c).await, before, "{dialect}");
        let writes = received(&id).await.iter().filter(|r| !r.starts_with("GET")).count();
        assert_eq!(writes, 1, "{dialect}: not sent again");
    }
    let id = account("declined", "kazoo5");
    let c = client(&id);
    fails(c.add_credit(amount(25.0)), "payment_declined").await;
    let newest = get(&ok(c.transactions(JsValue::UNDEFINED)).await, "data.0");
    assert_eq!((text(&newest, "status"), text(&newest, "message")), ("failed".into(), "Insufficient Funds".into()));
}

#[wasm_bindgen_test]
async fn a_connection_dropped_after_the_server_acted_is_never_resent_and_says_the_outcome_is_unknown() {
    let id = account("drop", "kazoo5");
    let c = client_with(&id, &[("maxRetries", 5.into())]);
    ok(c.account(JsValue::UNDEFINED)).await;
    let before = balance(&c).await;
    let e = fails(c.add_credit(amount(25.0)), "network").await;
    assert_eq!(get(&e, "outcomeUnknown"), JsValue::TRUE);
    assert!(text(&e, "message").contains("check the account's transactions and balance before trying again"), "{}", text(&e, "message"));
    let json_form = json(&get(&e, "toJSON").unchecked_into::<js_sys::Function>().call0(&e).unwrap());
    assert!(json_form.contains(r#""outcomeUnknown":true"#), "{json_form}");
    assert_eq!(received(&id).await.iter().filter(|r| r.as_str() == "POST /services/topup").count(), 1, "exactly one POST reached the server");
    assert_eq!(balance(&c).await, before + 25.0, "the mock did add the credit: only the transactions tell");
}

#[wasm_bindgen_test]
async fn a_503_said_nothing_was_done_so_the_top_up_is_sent_again() {
    let id = account("busy", "kazoo5");
    let c = client(&id);
    ok(c.account(JsValue::UNDEFINED)).await;
    ok(c.add_credit(amount(7.0))).await;
    assert_eq!(received(&id).await.iter().filter(|r| r.as_str() == "POST /services/topup").count(), 2);
}

#[wasm_bindgen_test]
async fn refusals_and_installs_without_braintree() {
    let e = fails(client(&account("refused", "kazoo42")).add_credit(amount(5.0)), "forbidden").await;
    assert!(text(&e, "message").contains("Please contact your phone provider to add credit"), "{}", text(&e, "message"));
    assert_eq!(get(&e, "outcomeUnknown"), JsValue::UNDEFINED);

    let id = account("nobraintree", "kazoo42");
    let e = fails(client(&id).add_credit(amount(5.0)), "not_found").await;
    assert!(text(&e, "message").contains("does not offer adding credit by card"), "{}", text(&e, "message"));

    // Kazoo 5 without a bookkeeper books the credit without a card transaction.
    let id = account("nobraintree", "kazoo5");
    let c = client(&id);
    ok(c.account(JsValue::UNDEFINED)).await;
    let credit = ok(c.add_credit(amount(5.0))).await;
    assert_eq!((get(&credit, "transaction"), num(&credit, "ledgerEntry.amount")), (JsValue::UNDEFINED, 5.0));
    assert_eq!(ok(c.payment_method(JsValue::UNDEFINED)).await, JsValue::NULL, "no card service: null");
}

#[wasm_bindgen_test]
async fn bad_amounts_read_only_clients_and_aborted_signals_send_nothing() {
    let id = account("ok", "kazoo5");
    let c = client(&id);
    let bad: [(JsValue, &str); 8] = [
        (amount(0.0), "amount must be a number more than 0, at most 10000, in whole cents; got 0"),
        (amount(-5.0), "got -5"),
        (amount(10.001), "whole cents"),
        (amount(10_000.01), "at most 10000"),
        (amount(f64::NAN), "got NaN"),
        (obj(&[("amount", "25".into())]), "options.amount must be a number"),
        (obj(&[("amount", 5.into()), ("amuont", 5.into())]), "unknown property `options.amuont`"),
        (JsValue::UNDEFINED, "addCredit needs { amount }"),
    ];
    for (options, says) in bad {
        let e = fails(c.add_credit(options), "config").await;
        assert!(text(&e, "message").contains(says), "{}", text(&e, "message"));
    }
    let read_only = client_with(&id, &[("readOnly", true.into())]);
    let e = fails(read_only.add_credit(amount(5.0)), "config").await;
    assert!(text(&e, "message").contains("addCredit() changes the account, and this client was made with readOnly: true"), "{}", text(&e, "message"));
    let settings = obj(&[("lowBalanceAlert", obj(&[("enabled", true.into()), ("threshold", 5.into())]))]);
    fails(read_only.update_billing_settings(settings), "config").await;

    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let e = fails(c.add_credit(obj(&[("amount", 5.into()), ("signal", controller.signal().into())])), "aborted").await;
    assert_eq!(get(&e, "outcomeUnknown"), JsValue::UNDEFINED, "nothing had been sent");
    assert!(received(&id).await.is_empty(), "{:?}", received(&id).await);
}

// ---- billing settings ----

#[wasm_bindgen_test]
async fn billing_settings_from_the_account_document() {
    let s = ok(client(&account("ok", "kazoo5")).billing_settings(JsValue::UNDEFINED)).await;
    assert_eq!(json(&s), r#"{"autoRecharge":{"threshold":10,"amount":25},"lowBalanceAlert":{"enabled":true,"threshold":5}}"#);
    let s = ok(client(&account("ok", "audian")).billing_settings(JsValue::UNDEFINED)).await;
    assert_eq!(json(&s), r#"{"autoRecharge":null,"lowBalanceAlert":{"enabled":true,"threshold":5}}"#);
}

#[wasm_bindgen_test]
async fn updates_patch_only_what_changes_and_return_what_was_stored() {
    let id = account("ok", "kazoo5");
    let c = client(&id);
    let off = ok(c.update_billing_settings(obj(&[("autoRecharge", JsValue::NULL)]))).await;
    assert_eq!(json(&off), r#"{"autoRecharge":null,"lowBalanceAlert":{"enabled":true,"threshold":5}}"#, "null turned it off, the alert is untouched");
    let on = obj(&[
        ("autoRecharge", obj(&[("threshold", 15.into()), ("amount", 50.5.into())])),
        ("lowBalanceAlert", obj(&[("enabled", false.into()), ("threshold", 2.5.into())])),
    ]);
    let stored = ok(c.update_billing_settings(on)).await;
    assert_eq!(json(&stored), r#"{"autoRecharge":{"threshold":15,"amount":50.5},"lowBalanceAlert":{"enabled":false,"threshold":2.5}}"#);
    assert_eq!(json(&ok(c.billing_settings(JsValue::UNDEFINED)).await), json(&stored));
    assert_eq!(received(&id).await, ["PATCH ", "PATCH ", "GET "]);
}

#[wasm_bindgen_test]
async fn bad_updates_are_config_errors_and_send_nothing() {
    let id = account("ok", "kazoo42");
    let c = client(&id);
    let recharge = |threshold: JsValue, amount: JsValue| obj(&[("autoRecharge", obj(&[("threshold", threshold), ("amount", amount)]))]);
    let alert = |pairs: &[(&str, JsValue)]| obj(&[("lowBalanceAlert", obj(pairs))]);
    let bad: [(JsValue, &str); 9] = [
        (obj(&[]), "updateBillingSettings changes nothing"),
        (JsValue::UNDEFINED, "updateBillingSettings needs"),
        (recharge(0.into(), 25.into()), "changes.autoRecharge.threshold must be a number more than 0"),
        (recharge(10.into(), 25.001.into()), "changes.autoRecharge.amount must be"),
        (recharge(10.into(), JsValue::UNDEFINED), "changes.autoRecharge.amount is required"),
        (alert(&[("enabled", true.into()), ("threshold", (-1).into())]), "changes.lowBalanceAlert.threshold must be a number 0 or more"),
        (alert(&[("threshold", 5.into())]), "changes.lowBalanceAlert.enabled is required"),
        (obj(&[("lowBalanceAlert", JsValue::NULL)]), "cannot be null"),
        (obj(&[("topup", obj(&[]))]), "unknown property `changes.topup`"),
    ];
    for (changes, says) in bad {
        let e = fails(c.update_billing_settings(changes), "config").await;
        assert!(text(&e, "message").contains(says), "{}", text(&e, "message"));
    }
    assert!(received(&id).await.is_empty());
}

// ---- the card on file ----

#[wasm_bindgen_test]
async fn the_card_on_file_and_an_expired_one() {
    let card = ok(client(&account("ok", "kazoo5")).payment_method(JsValue::UNDEFINED)).await;
    let year = js_sys::Date::new_0().get_utc_full_year() + 2;
    assert_eq!(json(&card), format!(r#"{{"cards":[{{"brand":"Visa","lastFour":"4242","expires":"04/{year}","expired":false,"default":true}}]}}"#));
    let expired = ok(client(&account("expired", "kazoo42")).payment_method(JsValue::UNDEFINED)).await;
    assert_eq!((text(&expired, "cards.0.lastFour"), get(&expired, "cards.0.expired")), ("0069".into(), JsValue::TRUE));
    let e = fails(client(&account("expired", "audian")).add_credit(amount(5.0)), "payment_declined").await;
    assert!(text(&e, "message").contains("Expired Card"), "{}", text(&e, "message"));
}
