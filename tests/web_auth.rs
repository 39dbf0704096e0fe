//! Sign-in and sessions in headless Chromium, against the mock API's sign-in routes
//! (tests/mock/auth.mjs). `scripts/test.sh` starts the mocks and sets AUDIAN_MOCK_URL (tokens
//! live an hour) and AUDIAN_SHORT_MOCK_URL (tokens live 2 s) at compile time.
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

const SHORT_MOCK: &str = match option_env!("AUDIAN_SHORT_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};
const USER: &str = "demo@northwind.example";
const PASSWORD: &str = "audian-demo-password";
const ACCOUNT_NAME: &str = "northwind-dental";
const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const MINUTE_MS: f64 = 60_000.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32);
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
    ok(fetch_with(&format!("{MOCK}/__mock/requests"), &obj(&[("method", "DELETE".into())]))).await;
}

/// The mock's request log (every account, sign-in routes included; preflights excluded).
async fn log() -> Vec<JsValue> {
    let all = fetch_json(&format!("{MOCK}/__mock/requests")).await;
    Array::from(&all).iter().filter(|r| text(r, "method") != "OPTIONS").collect()
}

async fn count(method: &str, path: &str) -> usize {
    log().await.iter().filter(|r| text(r, "method") == method && text(r, "path") == path).count()
}

/// The `X-Auth-Token` of the latest logged request to `path` (the test reads what the client sent).
async fn last_token(path: &str) -> String {
    let log = log().await;
    let entry = log.iter().rev().find(|r| text(r, "path") == path).unwrap_or_else(|| panic!("no request to {path}"));
    text(entry, "headers.x-auth-token")
}

async fn sleep(ms: i32) {
    let wait = Promise::new(&mut |resolve, _| set_timeout(&resolve, ms));
    JsFuture::from(wait).await.unwrap();
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
        user_login(&[]),
        user_login(&[("accountName", JsValue::UNDEFINED), ("accountRealm", "northwind-dental.sip.audian.com".into()), ("method", "sha".into())]),
        user_login(&[("accountName", JsValue::UNDEFINED), ("phoneNumber", "+14155550123".into()), ("readOnly", false.into())]),
        options_at(MOCK, &[("apiKey", KEY.into())]),
    ];
    for options in forms {
        clear_log().await;
        let client = sign_in(options).await;
        assert_eq!(text(&client, "accountId"), DEMO);
        assert_eq!(text(&client, "accountName"), ACCOUNT_NAME);
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
async fn a_locked_account_is_forbidden_423_and_a_busy_one_rate_limited() {
    let e = fails(BillingClient::sign_in(user_login(&[("accountName", "locked-account".into())])), "forbidden").await;
    assert_eq!(num(&e, "status"), 423.0);
    assert!(text(&e, "message").contains("locked"), "{}", text(&e, "message"));
    assert_eq!(text(&e, "code"), "locked");
    let e = fails(BillingClient::sign_in(user_login(&[("accountName", "busy-account".into())])), "rate_limited").await;
    assert_eq!(num(&e, "status"), 429.0);
    // A 429 says the server did nothing: a PUT may be sent again.
    clear_log().await;
    fails(BillingClient::sign_in(user_login(&[("accountName", "busy-account".into()), ("maxRetries", 2.into())])), "rate_limited").await;
    assert_eq!(count("PUT", "/v2/user_auth").await, 3);
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
async fn an_expired_session_is_unauthorized_and_is_not_renewed() {
    let renewals = || async {
        let log = fetch_json(&format!("{SHORT_MOCK}/__mock/requests")).await;
        Array::from(&log).iter().filter(|r| text(r, "path") == "/v2/auth").count()
    };
    let client = sign_in(options_at(SHORT_MOCK, &[("apiKey", KEY.into())])).await;
    sleep(2_500).await; // the short mock's tokens live 2 s
    let before = renewals().await;
    let e = fails(call(&client, "account", &[]), "unauthorized").await;
    assert_eq!(num(&e, "status"), 401.0);
    assert_eq!(renewals().await, before, "an expired token cannot be renewed: the server's 401 is reported");
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
async fn sign_out_revokes_the_token_and_later_calls_say_so() {
    let client = sign_in(user_login(&[])).await;
    ok(call(&client, "account", &[])).await;
    let token = last_token(&format!("/v2/accounts/{DEMO}")).await;
    ok(call(&client, "signOut", &[])).await;
    assert_eq!(last_token("/v2/token_auth").await, token, "the token was revoked");
    let e = fails(call(&client, "account", &[]), "config").await;
    assert!(text(&e, "message").contains("signed out"), "{}", text(&e, "message"));
    assert!(get(&client, "tokenExpiresAt").is_null());
    ok(call(&client, "signOut", &[])).await; // a second sign-out has nothing to revoke

    // The server refuses the revoked token too.
    let probe = BillingClient::new(obj(&[("accountId", DEMO.into()), ("authToken", token.as_str().into()), ("baseUrl", MOCK.into())])).unwrap();
    fails(probe.account(JsValue::UNDEFINED), "unauthorized").await;

    let set_auth_token: Function = get(&client, "setAuthToken").unchecked_into();
    set_auth_token.call1(&client, &TOKEN.into()).unwrap();
    ok(call(&client, "account", &[])).await;
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
