//! Sign-in and sessions in headless Chromium, against the mock API's sign-in routes
//! (tests/mock/auth.mjs). `scripts/test.sh` starts the mocks and sets AUDIAN_MOCK_URL (tokens
//! live an hour) and AUDIAN_BUCKET_MOCK_URL (Kazoo's rate limit: a bucket of 100 tokens per client
//! and account, refilled 10 a second) at compile time.
#![cfg(target_arch = "wasm32")]

#[path = "support/browser.rs"]
mod browser;

use audian_billing::auth::{credentials_hash, Method};
use audian_billing::web::BillingClient;
use browser::*;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BUCKET_MOCK: &str = match option_env!("AUDIAN_BUCKET_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};
const USER: &str = "demo@northwind.example";
const PASSWORD: &str = "audian-demo-password";
const ACCOUNT_NAME: &str = "northwind-dental";
const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const OWNER: &str = "8e248327b85591955749e53ea45b6baa";
const MINUTE_MS: f64 = 60_000.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with(url: &str, init: &JsValue) -> Promise;
}

/// Sign-in options against `base` (no retries, so faults answer at once), plus `extra`.
fn options_at(base: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![("baseUrl", base.into()), ("maxRetries", 0.into())];
    pairs.extend(extra.iter().cloned());
    obj(&pairs)
}

fn user_login(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![("username", USER.into()), ("password", PASSWORD.into()), ("accountName", ACCOUNT_NAME.into())];
    pairs.extend(extra.iter().cloned());
    options_at(MOCK, &pairs)
}

async fn sign_in(options: JsValue) -> JsValue {
    ok(BillingClient::sign_in(options)).await
}

/// Calls `client[method](...args)` (a signed-in client is a JS object here).
fn call(client: &JsValue, method: &str, args: &[JsValue]) -> Promise {
    let f: Function = get(client, method).unchecked_into();
    f.apply(client, &args.iter().collect::<Array>()).unwrap().unchecked_into()
}

fn balance(client: &JsValue) -> Promise {
    call(client, "balance", &[])
}

/// Empties the mock's request log (suites and their tests run one at a time), so counts are exact.
async fn clear_log() {
    clear_log_of(MOCK).await;
}

async fn clear_log_of(mock: &str) {
    ok(fetch_with(&format!("{mock}/__mock/requests"), &obj(&[("method", "DELETE".into())]))).await;
}

/// The mock's request log (every account, sign-in routes included; preflights excluded).
async fn log() -> Vec<JsValue> {
    log_of(MOCK).await
}

async fn log_of(mock: &str) -> Vec<JsValue> {
    let all = fetch_json(&format!("{mock}/__mock/requests")).await;
    Array::from(&all).iter().filter(|r| text(r, "method") != "OPTIONS").collect()
}

async fn count(method: &str, path: &str) -> usize {
    log().await.iter().filter(|r| text(r, "method") == method && text(r, "path") == path).count()
}

/// The `data` keys of the latest sign-in body (the mock logs keys, never values).
async fn last_body_keys() -> Vec<String> {
    let log = log().await;
    let entry = log.iter().rev().find(|r| !get(r, "bodyKeys").is_undefined()).expect("a sign-in");
    Array::from(&get(entry, "bodyKeys")).iter().filter_map(|k| k.as_string()).collect()
}

/// The `X-Auth-Token` of the latest logged request to `path` (the test reads what the client sent).
async fn last_token(path: &str) -> String {
    let log = log().await;
    let entry = log.iter().rev().find(|r| text(r, "path") == path).unwrap_or_else(|| panic!("no request to {path}"));
    text(entry, "headers.x-auth-token")
}

/// Moves `Date.now` (the session's clock) `ahead_ms` into the future until dropped.
struct FakeClock {
    date: JsValue,
    now: JsValue,
}

impl FakeClock {
    fn ahead(ahead_ms: f64) -> FakeClock {
        let date = Reflect::get(&js_sys::global(), &"Date".into()).unwrap();
        let now = Reflect::get(&date, &"now".into()).unwrap();
        let fake = Function::new_with_args("", &format!("return performance.timeOrigin + performance.now() + {ahead_ms};"));
        Reflect::set(&date, &"now".into(), &fake).unwrap();
        FakeClock { date, now }
    }
}

impl Drop for FakeClock {
    fn drop(&mut self) {
        Reflect::set(&self.date, &"now".into(), &self.now).unwrap();
    }
}

/// Checks that no view of `error` (message, JSON, stack, toString) holds any of `secrets`.
fn assert_redacted(error: &JsValue, secrets: &[&str]) {
    let to_string: Function = get(error, "toString").unchecked_into();
    let views = [text(error, "message"), json(error), text(error, "stack"), to_string.call0(error).unwrap().as_string().unwrap()];
    for view in views {
        for secret in secrets {
            assert!(!view.contains(secret), "{secret} leaked into {view}");
        }
    }
}

// ---- signing in ----

#[wasm_bindgen_test]
async fn each_sign_in_form_gets_a_client_for_the_named_account() {
    let forms = [
        (user_login(&[]), Some(OWNER), ["credentials", "account_name", "method"].as_slice()),
        (
            user_login(&[("accountName", JsValue::UNDEFINED), ("accountRealm", "northwind-dental.sip.audian.com".into()), ("method", "sha".into())]),
            Some(OWNER),
            &["credentials", "account_realm", "method"],
        ),
        (
            user_login(&[("accountName", JsValue::UNDEFINED), ("phoneNumber", "+14155550123".into())]),
            Some(OWNER),
            &["credentials", "phone_number", "method"],
        ),
        (options_at(MOCK, &[("apiKey", KEY.into())]), None, &["api_key"]),
    ];
    for (options, owner, body_keys) in forms {
        clear_log().await;
        let client = sign_in(options).await;
        assert_eq!(text(&client, "accountId"), DEMO);
        assert_eq!(text(&client, "accountName"), ACCOUNT_NAME);
        assert_eq!(get(&client, "ownerId").as_string().as_deref(), owner, "an API key has no user");
        assert_eq!(last_body_keys().await, body_keys, "exactly what Kazoo's schemas allow");
        let expires = js_sys::Date::parse(&text(&client, "tokenExpiresAt"));
        let in_an_hour = js_sys::Date::now() + 60.0 * MINUTE_MS;
        assert!((expires - in_an_hour).abs() < 5.0 * MINUTE_MS, "{}", text(&client, "tokenExpiresAt"));
        let account = ok(call(&client, "account", &[])).await;
        assert_eq!(text(&account, "id"), DEMO);

        let sent = log().await;
        let sign_in = sent.first().unwrap();
        assert_eq!(text(sign_in, "method"), "PUT");
        assert!(["/v2/user_auth", "/v2/api_auth"].contains(&text(sign_in, "path").as_str()));
        assert_eq!(json(&get(sign_in, "query")), "{}", "no secret in the URL");
        assert_eq!(text(sign_in, "headers.content-type"), "application/json");
        assert!(get(sign_in, "headers.x-auth-token").is_undefined());
    }
}

#[wasm_bindgen_test]
async fn a_signed_in_client_knows_its_servers_version_and_asks_no_path_that_404s() {
    clear_log().await;
    let client = sign_in(user_login(&[])).await;
    ok(balance(&client)).await;
    ok(call(&client, "servicePlans", &[])).await;
    let paths: Vec<String> = log().await.iter().skip(1).map(|r| text(r, "path")).collect();
    let account = format!("/v2/accounts/{DEMO}");
    assert_eq!(paths, [format!("{account}/ledgers/total"), format!("{account}/services/available")], "Kazoo 5.x's endpoints at once");
}

#[wasm_bindgen_test]
async fn a_plain_token_client_knows_its_account_and_a_jwt_its_expiry() {
    let plain = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", TOKEN.into()), ("baseUrl", MOCK.into())])).unwrap();
    assert_eq!(plain.account_id(), DEMO);
    assert!(plain.account_name().is_null());
    assert!(plain.owner_id().is_null(), "a token given by the host names no user");
    assert!(plain.token_expires_at().is_null(), "not a JWT");
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTg3NjE2MDB9.c2ln";
    plain.set_auth_token(jwt.into()).unwrap();
    assert_eq!(plain.token_expires_at().as_string().as_deref(), Some("2027-01-01T00:00:00Z"));
}

#[wasm_bindgen_test]
async fn wrong_credentials_are_unauthorized_in_words() {
    clear_log().await;
    let e = fails(BillingClient::sign_in(user_login(&[("password", "not-the-password".into())])), "unauthorized").await;
    assert_eq!(num(&e, "status"), 401.0);
    assert!(text(&e, "message").starts_with("The username, password or account name was not accepted"), "{}", text(&e, "message"));
    assert!(!text(&e, "requestId").is_empty());
    assert_eq!(text(&e, "code"), "invalid_credentials", "the server's name for it, under the package's words");
    let e = fails(BillingClient::sign_in(user_login(&[("accountName", "someone-else".into())])), "unauthorized").await;
    assert!(text(&e, "message").contains("was not accepted"));
    assert_eq!(count("PUT", "/v2/user_auth").await, 2, "a 401 is not retried");

    let e = fails(BillingClient::sign_in(options_at(MOCK, &[("apiKey", "f".repeat(64).into()), ("maxRetries", 2.into())])), "unauthorized").await;
    assert!(text(&e, "message").starts_with("The API key was not accepted"), "{}", text(&e, "message"));
}

#[wasm_bindgen_test]
async fn a_short_or_common_password_is_not_marked_in_the_message() {
    // The password never leaves the page, so no reply can hold it: masking it in the package's own
    // words would only show where it occurs ("The username, [redacted] or account name").
    for password in ["password", "or", "e"] {
        let e = fails(BillingClient::sign_in(user_login(&[("password", password.into())])), "unauthorized").await;
        assert!(text(&e, "message").starts_with("The username, password or account name was not accepted"), "{}", text(&e, "message"));
    }
    // An API key that is refused before sending is not sent either.
    let e = fails(BillingClient::sign_in(options_at(MOCK, &[("apiKey", "API".into())])), "config").await;
    assert!(text(&e, "message").contains("(Audian API keys are 64 hex characters)"), "{}", text(&e, "message"));
}

#[wasm_bindgen_test]
async fn refusals_say_why_in_customer_words() {
    // Kazoo 4.x/5.x: a disabled or expired account is a 400 validation error on `account`.
    for (account, says) in [("disabled-account", "This account is disabled"), ("expired-account", "This account has expired")] {
        let e = fails(BillingClient::sign_in(user_login(&[("accountName", account.into())])), "forbidden").await;
        assert_eq!(num(&e, "status"), 400.0);
        assert!(text(&e, "message").starts_with(says), "{}", text(&e, "message"));
        assert!(!text(&e, "requestId").is_empty());
    }
    // A disabled user is left out of Kazoo's credentials view: a 401 like a wrong password.
    let e = fails(BillingClient::sign_in(user_login(&[("username", "disabled@northwind.example".into())])), "unauthorized").await;
    assert_eq!(num(&e, "status"), 401.0);
    // A trial that ends after sign-in: every later request is that 400.
    let client = sign_in(user_login(&[("accountName", "trial-ending".into())])).await;
    let e = fails(call(&client, "account", &[]), "forbidden").await;
    assert_eq!(num(&e, "status"), 400.0);
    assert!(text(&e, "message").starts_with("This account has expired"), "{}", text(&e, "message"));
    // Kazoo 3.22 answers 423 for a disabled or expired account.
    let e = fails(BillingClient::sign_in(user_login(&[("accountName", "locked-account".into())])), "forbidden").await;
    assert_eq!(num(&e, "status"), 423.0);
    assert!(text(&e, "message").contains("disabled or has expired"), "{}", text(&e, "message"));
    assert_eq!(text(&e, "code"), "locked");
    // Too many attempts: Crossbar's rate limit (429).
    let e = fails(BillingClient::sign_in(user_login(&[("accountName", "busy-account".into())])), "rate_limited").await;
    assert_eq!(num(&e, "status"), 429.0);
    assert!(text(&e, "message").contains("wait a minute"), "{}", text(&e, "message"));
    // A 429 says the server did nothing: a PUT may be sent again.
    clear_log().await;
    fails(BillingClient::sign_in(user_login(&[("accountName", "busy-account".into()), ("maxRetries", 2.into())])), "rate_limited").await;
    assert_eq!(count("PUT", "/v2/user_auth").await, 3);
}

#[wasm_bindgen_test]
async fn read_only_is_the_pages_own_latch_and_sends_no_restrictions() {
    // api_auth refuses any key besides api_key: a readOnly client signs in all the same.
    clear_log().await;
    let client = sign_in(options_at(MOCK, &[("apiKey", KEY.into()), ("readOnly", true.into())])).await;
    assert_eq!(last_body_keys().await, ["api_key"]);
    ok(call(&client, "account", &[])).await;
    sign_in(user_login(&[("readOnly", true.into())])).await;
    assert_eq!(last_body_keys().await, ["credentials", "account_name", "method"], "no restrictions");
    let e = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", TOKEN.into()), ("readOnly", "yes".into())])).map(|_| ()).unwrap_err();
    assert_eq!(text(&e, "kind"), "config");
    assert!(text(&e, "message").contains("options.readOnly must be a boolean"), "{}", text(&e, "message"));
}

#[wasm_bindgen_test]
async fn bad_sign_in_options_name_the_option_and_send_nothing() {
    let cases: Vec<(JsValue, &str)> = vec![
        (user_login(&[("apiKey", KEY.into())]), "options.apiKey and options.username cannot be used together"),
        (options_at(MOCK, &[]), "options.username (with options.password) or options.apiKey is required"),
        (JsValue::UNDEFINED, "options are required"),
        (user_login(&[("accountName", JsValue::UNDEFINED)]), "one of options.accountName, options.accountRealm or options.phoneNumber"),
        (user_login(&[("phoneNumber", "+1".into())]), "options.accountName and options.phoneNumber cannot be used together"),
        (user_login(&[("username", "".into())]), "options.username must not be empty"),
        (user_login(&[("password", "".into())]), "options.password must not be empty"),
        (user_login(&[("password", 5.into())]), "options.password must be a string"),
        (user_login(&[("method", "sha256".into())]), "options.method must be \"md5\" or \"sha\""),
        (options_at(MOCK, &[("apiKey", KEY.get(1..).unwrap().into())]), "options.apiKey must be 64"),
        (user_login(&[("user", "x".into())]), "unknown property `options.user`"),
        (user_login(&[("readOnly", "yes".into())]), "options.readOnly must be a boolean"),
        (user_login(&[("baseUrl", "http://api.example.com".into())]), "baseUrl"),
        (user_login(&[("signal", "stop".into())]), "signal must be an AbortSignal"),
    ];
    clear_log().await;
    for (options, says) in cases {
        let e = fails(BillingClient::sign_in(options), "config").await;
        assert!(text(&e, "message").contains(says), "{} does not say {says}", text(&e, "message"));
        assert_redacted(&e, &[PASSWORD, KEY]);
    }
    assert_eq!(log().await.len(), 0, "nothing was sent");
}

// ---- renewal ----

#[wasm_bindgen_test]
async fn a_call_that_finds_less_than_five_minutes_left_renews_first() {
    clear_log().await;
    let client = sign_in(user_login(&[])).await;
    ok(balance(&client)).await;
    let first = last_token(&format!("/v2/accounts/{DEMO}/ledgers/total")).await;
    ok(balance(&client)).await;
    assert_eq!(count("PUT", "/v2/auth").await, 0, "fresh token: no renewal");

    let _clock = FakeClock::ahead(56.0 * MINUTE_MS);
    ok(balance(&client)).await;
    assert_eq!(count("PUT", "/v2/auth").await, 1);
    assert_eq!(last_token("/v2/auth").await, first, "renewed with the old token");
    let second = last_token(&format!("/v2/accounts/{DEMO}/ledgers/total")).await;
    assert_ne!(second, first, "the call went out with the new token");
    ok(balance(&client)).await;
    assert_eq!(count("PUT", "/v2/auth").await, 1, "the new token is fresh");
}

#[wasm_bindgen_test]
async fn ten_parallel_calls_share_one_renewal() {
    clear_log().await;
    let client = sign_in(options_at(MOCK, &[("apiKey", KEY.into())])).await;
    let _clock = FakeClock::ahead(58.0 * MINUTE_MS);
    let calls: Array = (0..10).map(|_| JsValue::from(call(&client, "account", &[]))).collect();
    let results = Array::from(&ok(Promise::all(&calls)).await);
    assert_eq!(results.length(), 10);
    assert_eq!(count("PUT", "/v2/auth").await, 1, "one renewal for ten calls");
    let calls: Array = (0..10).map(|_| JsValue::from(call(&client, "account", &[]))).collect();
    ok(Promise::all(&calls)).await;
    assert_eq!(count("PUT", "/v2/auth").await, 1);
}

#[wasm_bindgen_test]
async fn an_expired_session_is_unauthorized_and_its_token_is_never_sent() {
    let client = sign_in(options_at(MOCK, &[("apiKey", KEY.into())])).await;
    clear_log().await;
    let _clock = FakeClock::ahead(61.0 * MINUTE_MS);
    let e = fails(call(&client, "account", &[]), "unauthorized").await;
    assert!(text(&e, "message").contains("session has ended"), "{}", text(&e, "message"));
    assert!(get(&e, "status").is_undefined(), "no server answered: nothing was sent");
    assert_eq!(log().await.len(), 0, "no renewal and no call with the expired token");
}

/// Signs in while the page's clock is `skew_ms` off, then calls 56 minutes later (page time):
/// the call renews first and goes out with the new token.
async fn renews_on_time_with_a_page_clock_off_by(skew_ms: f64) {
    let client = {
        let _skewed = FakeClock::ahead(skew_ms);
        sign_in(user_login(&[])).await
    };
    clear_log().await;
    let _later = FakeClock::ahead(skew_ms + 56.0 * MINUTE_MS);
    ok(call(&client, "account", &[])).await;
    assert_eq!(count("PUT", "/v2/auth").await, 1, "renewed before expiry with the page clock {skew_ms} ms off");
    assert_eq!(count("GET", &format!("/v2/accounts/{DEMO}")).await, 1);
}

#[wasm_bindgen_test]
async fn a_page_clock_ten_minutes_fast_or_slow_still_renews_before_expiry() {
    // Fast: the token's exp read on the page's clock would look past at 56 minutes.
    renews_on_time_with_a_page_clock_off_by(10.0 * MINUTE_MS).await;
    // Slow: it would look 14 minutes away, and the token would expire unrenewed.
    renews_on_time_with_a_page_clock_off_by(-10.0 * MINUTE_MS).await;
}

#[wasm_bindgen_test]
async fn a_server_that_refuses_renewal_is_asked_once_and_the_session_ends_at_exp() {
    // Kazoo 4.1: PUT /v2/auth is for super-duper admins only (403).
    let client = sign_in(user_login(&[("accountName", "legacy-renewal".into())])).await;
    clear_log().await;
    {
        let _clock = FakeClock::ahead(56.0 * MINUTE_MS);
        ok(call(&client, "account", &[])).await;
        ok(call(&client, "account", &[])).await;
        assert_eq!(count("PUT", "/v2/auth").await, 1, "one attempt, not one per call");
    }
    {
        let _clock = FakeClock::ahead(58.0 * MINUTE_MS);
        ok(call(&client, "account", &[])).await;
        assert_eq!(count("PUT", "/v2/auth").await, 1);
    }
    let _clock = FakeClock::ahead(61.0 * MINUTE_MS);
    fails(call(&client, "account", &[]), "unauthorized").await;
    assert_eq!(count("GET", &format!("/v2/accounts/{DEMO}")).await, 3, "the expired token was not sent");
}

// ---- token functions ----

/// A host function that hands out `tokens` in turn (the last one again when they run out) and
/// counts its calls in `window[counter]`.
fn token_function(counter: &str, tokens: &[&str], asynchronous: bool) -> Function {
    let list = tokens.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(",");
    let value = if asynchronous { "Promise.resolve(t)" } else { "t" };
    Function::new_no_args(&format!(
        "const n = globalThis.{counter} = (globalThis.{counter} || 0) + 1; const list = [{list}]; \
         const t = list[Math.min(n, list.length) - 1]; return {value};"
    ))
}

fn calls_of(counter: &str) -> f64 {
    Reflect::get(&js_sys::global(), &counter.into()).unwrap().as_f64().unwrap_or(0.0)
}

#[wasm_bindgen_test]
async fn a_token_function_is_asked_first_and_again_after_a_401() {
    let f = token_function("fnA", &["expired-token-1", TOKEN], true);
    let client = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", f.into()), ("baseUrl", MOCK.into())])).unwrap();
    assert!(client.token_expires_at().is_null(), "no token yet");
    ok(client.account(JsValue::UNDEFINED)).await;
    assert_eq!(calls_of("fnA"), 2.0, "asked for the first call, then after its 401");
    ok(client.account(JsValue::UNDEFINED)).await;
    assert_eq!(calls_of("fnA"), 2.0, "the token is kept");

    let f = token_function("fnB", &["expired-token-1", "expired-token-2"], false);
    client.set_auth_token(f.into()).unwrap();
    let e = fails(client.account(JsValue::UNDEFINED), "unauthorized").await;
    assert_eq!(num(&e, "status"), 401.0);
    assert_eq!(calls_of("fnB"), 2.0, "a second 401 is reported, not retried");
}

#[wasm_bindgen_test]
async fn ten_parallel_first_calls_ask_the_function_once() {
    let f = token_function("fnC", &[TOKEN], true);
    let client = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", f.into()), ("baseUrl", MOCK.into())])).unwrap();
    let calls: Array = (0..10).map(|_| JsValue::from(client.account(JsValue::UNDEFINED))).collect();
    ok(Promise::all(&calls)).await;
    assert_eq!(calls_of("fnC"), 1.0);
}

#[wasm_bindgen_test]
async fn a_function_that_fails_or_returns_nonsense_gives_a_clear_error() {
    let client = |f: Function| BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", f.into()), ("baseUrl", MOCK.into())])).unwrap();
    let e = fails(client(Function::new_no_args("throw new Error('no session')")).account(JsValue::UNDEFINED), "unauthorized").await;
    assert_eq!(text(&e, "message"), "The authToken function threw: no session");
    let e = fails(client(Function::new_no_args("return Promise.reject(new Error('logged out'))")).account(JsValue::UNDEFINED), "unauthorized").await;
    assert_eq!(text(&e, "message"), "The authToken function rejected: logged out");
    let e = fails(client(Function::new_no_args("return 42")).account(JsValue::UNDEFINED), "config").await;
    assert!(text(&e, "message").contains("must return a string"), "{}", text(&e, "message"));
    let e = fails(client(Function::new_no_args("return 'short'")).account(JsValue::UNDEFINED), "config").await;
    assert!(text(&e, "message").contains("bad token"), "{}", text(&e, "message"));
    let e = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", 42.into())])).map(|_| ()).unwrap_err();
    assert!(text(&e, "message").contains("authToken must be a string or a function"), "{}", text(&e, "message"));
}

// ---- signing out ----

#[wasm_bindgen_test]
async fn sign_out_forgets_the_token_at_once_and_tells_the_server_as_a_courtesy() {
    let client = sign_in(user_login(&[])).await;
    ok(call(&client, "account", &[])).await;
    let token = last_token(&format!("/v2/accounts/{DEMO}")).await;
    let signing_out = call(&client, "signOut", &[]);
    // Forgotten before the server has answered.
    let e = fails(call(&client, "account", &[]), "config").await;
    assert!(text(&e, "message").contains("signed out"), "{}", text(&e, "message"));
    assert!(get(&client, "tokenExpiresAt").is_null());
    ok(signing_out).await;
    assert_eq!(last_token("/v2/token_auth").await, token, "DELETE /v2/token_auth with the token");
    ok(call(&client, "signOut", &[])).await; // a second sign-out has nothing to send

    // Kazoo 4.x/5.x keep no JWTs, so the server still accepts the token until it expires.
    let probe = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", token.as_str().into()), ("baseUrl", MOCK.into())])).unwrap();
    ok(probe.account(JsValue::UNDEFINED)).await;

    let set_auth_token: Function = get(&client, "setAuthToken").unchecked_into();
    set_auth_token.call1(&client, &TOKEN.into()).unwrap();
    ok(call(&client, "account", &[])).await;
}

#[wasm_bindgen_test]
async fn sign_out_everywhere_ends_every_session_of_the_user() {
    let here = sign_in(user_login(&[])).await;
    let elsewhere = sign_in(user_login(&[("method", "sha".into())])).await;
    ok(call(&elsewhere, "account", &[])).await;
    clear_log().await;
    ok(call(&here, "signOut", &[obj(&[("everywhere", true.into())])])).await;
    let reset = format!("/v2/accounts/{DEMO}/users/{OWNER}/auth");
    assert_eq!(count("PUT", &reset).await, 1);
    assert_eq!(count("DELETE", "/v2/token_auth").await, 0, "the reset ends this session too");
    fails(call(&here, "account", &[]), "config").await;
    let e = fails(call(&elsewhere, "account", &[]), "unauthorized").await;
    assert_eq!(num(&e, "status"), 401.0, "the other session's token no longer works");

    // The other client's own signOut() still resolves: the courtesy DELETE's 401 does not matter.
    ok(call(&elsewhere, "signOut", &[])).await;
}

#[wasm_bindgen_test]
async fn sign_out_everywhere_without_a_user_sends_nothing_and_a_failed_reset_still_signs_out() {
    let by_key = sign_in(options_at(MOCK, &[("apiKey", KEY.into())])).await;
    clear_log().await;
    let e = fails(call(&by_key, "signOut", &[obj(&[("everywhere", true.into())])]), "config").await;
    assert!(text(&e, "message").contains("ownerId is null"), "{}", text(&e, "message"));
    for (options, says) in [
        (obj(&[("everywhere", "yes".into())]), "options.everywhere must be a boolean"),
        (obj(&[("all", true.into())]), "unknown property `options.all`"),
    ] {
        let e = fails(call(&by_key, "signOut", &[options]), "config").await;
        assert!(text(&e, "message").contains(says), "{}", text(&e, "message"));
    }
    assert_eq!(log().await.len(), 0, "nothing was sent");
    ok(call(&by_key, "account", &[])).await; // still signed in

    // A reset that fails: this client is signed out all the same, and the rejection says what stands.
    let stale = sign_in(user_login(&[])).await;
    let other = sign_in(user_login(&[])).await;
    ok(call(&other, "signOut", &[obj(&[("everywhere", true.into())])])).await; // ends `stale`'s token too
    let e = fails(call(&stale, "signOut", &[obj(&[("everywhere", true.into())])]), "unauthorized").await;
    assert!(text(&e, "message").starts_with("Signed out on this page, but ending the user's other sessions failed"), "{}", text(&e, "message"));
    fails(call(&stale, "account", &[]), "config").await;
}

// ---- the rate limit (Kazoo's token bucket) ----

#[wasm_bindgen_test]
async fn a_429_without_retry_after_is_waited_out_within_the_retry_budget() {
    // Sign-ins cost 35 of the address's 100 tokens: the third in a row finds the bucket short.
    clear_log_of(BUCKET_MOCK).await;
    let attempt = || options_at(BUCKET_MOCK, &[("apiKey", KEY.into())]);
    let mut refused = false;
    for _ in 0..4 {
        if JsFuture::from(BillingClient::sign_in(attempt())).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "the bucket ran out");
    clear_log_of(BUCKET_MOCK).await;
    // With the default budget (2 retries, about 1 s then 2 s) the bucket refills enough.
    sign_in(options_at(BUCKET_MOCK, &[("apiKey", KEY.into()), ("maxRetries", 2.into())])).await;
    let statuses: Vec<f64> = log_of(BUCKET_MOCK).await.iter().map(|r| num(r, "status")).collect();
    assert_eq!(statuses.first(), Some(&429.0), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&201.0), "{statuses:?}");
}

#[wasm_bindgen_test]
async fn a_long_walk_paces_itself_and_meets_no_429() {
    let client = sign_in(options_at(BUCKET_MOCK, &[("apiKey", KEY.into()), ("maxRetries", 2.into())])).await;
    // Spend 70 of the account's 100 tokens first, so 40 pages at full speed would run out.
    let calls: Array = (0..70).map(|_| JsValue::from(call(&client, "account", &[]))).collect();
    ok(Promise::all(&calls)).await;
    clear_log_of(BUCKET_MOCK).await;
    let walk = call(&client, "allLedgerEntries", &["per-minute-voip".into(), obj(&[("from", "2020-01-01".into()), ("pageSize", 15.into())])]);
    let take = Function::new_with_args(
        "it, n",
        "return (async () => { let rows = 0; for await (const r of it) { if (++rows >= n) break; } return rows; })();",
    );
    let rows = ok(take.call2(&JsValue::NULL, &walk, &600.into()).unwrap().unchecked_into()).await;
    assert_eq!(rows.as_f64(), Some(600.0));
    let log = log_of(BUCKET_MOCK).await;
    let pages = log.iter().filter(|r| text(r, "path").ends_with("/ledgers/per-minute-voip")).count();
    assert!(pages >= 40, "{pages} pages");
    let refused: Vec<String> = log.iter().filter(|r| num(r, "status") == 429.0).map(|r| text(r, "path")).collect();
    assert!(refused.is_empty(), "429s: {refused:?}");
}

// ---- secrets ----

#[wasm_bindgen_test]
async fn no_error_path_carries_the_password_its_hash_the_key_or_a_token() {
    let hash = credentials_hash(USER, PASSWORD, Method::Md5);
    let sha = credentials_hash(USER, PASSWORD, Method::Sha);
    let secrets = [PASSWORD, hash.as_str(), sha.as_str(), KEY];
    // Bad options, wrong credentials, a bad key, a refused connection, a timeout-free abort.
    let aborted = web_sys::AbortController::new().unwrap();
    aborted.abort();
    for options in [
        user_login(&[("method", "nope".into())]),
        user_login(&[("password", "wrong-password".into())]),
        user_login(&[("accountName", "locked-account".into()), ("method", "sha".into())]),
        options_at(MOCK, &[("apiKey", KEY.into()), ("username", USER.into())]),
        options_at(MOCK, &[("apiKey", "0".repeat(64).into())]),
        options_at("http://127.0.0.1:9", &[("apiKey", KEY.into())]),
        user_login(&[("signal", aborted.signal().into())]),
    ] {
        let e = match JsFuture::from(BillingClient::sign_in(options)).await {
            Err(e) => e,
            Ok(_) => panic!("expected a rejection"),
        };
        assert_redacted(&e, &secrets);
    }

    // A server that echoes the token it got: the first token and the one after the 401 both stay out.
    let echo = format!("fault-echotoken-{}", (js_sys::Math::random() * 1e9) as u64);
    let f = token_function("fnEcho", &["first-secret-token-1", "second-secret-token-2"], false);
    let client =
        BillingClient::new(obj(&[("accountId", echo.as_str().into()), ("authToken", f.into()), ("baseUrl", MOCK.into()), ("maxRetries", 0.into())]))
            .unwrap();
    let e = fails(client.account(JsValue::UNDEFINED), "unauthorized").await;
    assert!(text(&e, "message").contains("[redacted]"), "{}", text(&e, "message"));
    assert_redacted(&e, &["first-secret-token-1", "second-secret-token-2"]);
}
