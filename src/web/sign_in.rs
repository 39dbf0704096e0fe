//! `BillingClient.signIn`, `signOut` and the who-and-until-when getters (README.md, "Sign-in
//! and sessions"). The checks and bodies are in `crate::auth`; tokens live in `session`.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::api::{BillingClient, Shared};
use super::args::{argument, opt_bool, opt_number, opt_string, property, signal_of};
use super::fetch::FetchTransport;
use super::js::{spawn, to_js_error};
use super::session::{Session, Source};
use crate::auth::{self, SignIn, SignInOptions};
use crate::client;
use crate::config::{Config, Options};
use crate::envelope;
use crate::error::Error;
use crate::transport::{Method, Request};

const SCOPE: &str = "options";

/// Secrets to keep out of a sign-in's errors: what is sent, the API key or the password's hash.
/// Not the password, nor a key refused before sending: they never leave the page, so no reply
/// can hold them, and masking them in the package's own words would show where they occur
/// ("The username, [redacted] or account name…" for the password "password").
#[derive(Default)]
struct Secrets {
    sent: Vec<String>,
}

impl Secrets {
    fn error(&self, e: Error) -> JsValue {
        to_js_error(e, &self.sent)
    }
}

/// The sign-in options, checked; what will be sent is collected in `secrets` once checked.
fn parse(options: JsValue, secrets: &mut Secrets) -> Result<(SignIn, Config, Option<AbortSignal>), Error> {
    let Some(o) = argument(options, SCOPE, auth::OPTION_NAMES)? else {
        return Err(Error::config("options are required: BillingClient.signIn({ username, password, accountName }) or ({ apiKey })"));
    };
    let api_key = opt_string(&o, SCOPE, "apiKey")?;
    let password = opt_string(&o, SCOPE, "password")?;
    // A client-side latch only (Config::require_writable): Kazoo has no read-only tokens, and
    // `api_auth` refuses any key besides `api_key`, so nothing of it is sent.
    let read_only = opt_bool(&o, SCOPE, "readOnly")?;
    let sign_in = SignInOptions {
        api_key,
        // Lowered by the browser, as Monster UI does (`toLowerCase`, all of Unicode); see auth::credentials_hash.
        username: opt_string(&o, SCOPE, "username")?.map(|u| String::from(js_sys::JsString::from(u).to_lower_case())),
        password,
        account_name: opt_string(&o, SCOPE, "accountName")?,
        account_realm: opt_string(&o, SCOPE, "accountRealm")?,
        phone_number: opt_string(&o, SCOPE, "phoneNumber")?,
        method: opt_string(&o, SCOPE, "method")?,
    }
    .check()?;
    secrets.sent.extend(sign_in.secrets.iter().cloned());
    let config = Config::without_credentials(Options {
        base_url: opt_string(&o, SCOPE, "baseUrl")?,
        timeout_ms: opt_number(&o, SCOPE, "timeoutMs")?,
        max_retries: opt_number(&o, SCOPE, "maxRetries")?,
        currency: opt_string(&o, SCOPE, "currency")?,
        max_response_bytes: opt_number(&o, SCOPE, "maxResponseBytes")?,
        read_only,
        ..Options::default()
    })?;
    let signal = signal_of(property(&o, SCOPE, "signal")?)?;
    Ok((sign_in, config, signal))
}

/// Sends the sign-in and builds the client for the account the server names.
async fn sign_in(sign_in: SignIn, config: Config, signal: Option<AbortSignal>) -> Result<BillingClient, Error> {
    let transport = FetchTransport { timeout_ms: config.timeout_ms, signal };
    let request = Request {
        method: Method::Put,
        url: auth::url(&config.base_url, sign_in.path),
        body: Some(sign_in.body),
        max_response_bytes: config.max_response_bytes,
        ..Request::default()
    };
    let response = client::send(&transport, &config, &request).await.map_err(|e| auth::sign_in_error(sign_in.form, e))?;
    let grant = auth::grant(&response.body).map_err(|mut e| {
        e.status.get_or_insert(response.status);
        e
    })?;
    let config = Rc::new(config.with_account(grant.account_id)?);
    let session = Session::new(Rc::clone(&config), Source::SignedIn(Rc::from(grant.token)), grant.account_name);
    session.signed_in(grant.owner_id, grant.server_ms, js_sys::Date::now());
    session.add_secrets(sign_in.secrets);
    let shared = Shared::new(config, session);
    // The sign-in reply names the server's version: the client's first calls go straight to its
    // endpoints (no 404 on a Kazoo 5.x server).
    shared.endpoints.borrow_mut().learn_version(envelope::version(&response.body).as_deref());
    Ok(BillingClient { shared })
}

#[wasm_bindgen]
impl BillingClient {
    /// Signs in with a username, password and account, or with an API key, and resolves to a
    /// client for the account the server names. Rejects with `AudianError`: `config` for bad
    /// options (nothing is sent), `unauthorized` for credentials that were not accepted.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<BillingClient>")]
    pub fn sign_in(#[wasm_bindgen(unchecked_param_type = "SignInOptions")] options: JsValue) -> Promise {
        let mut secrets = Secrets::default();
        match parse(options, &mut secrets) {
            Ok((request, config, signal)) => {
                spawn(Box::pin(async move { sign_in(request, config, signal).await.map(JsValue::from).map_err(|e| secrets.error(e)) }))
            }
            Err(e) => Promise::reject(&secrets.error(e)),
        }
    }

    /// The account this client reads.
    #[wasm_bindgen(getter, js_name = accountId)]
    pub fn account_id(&self) -> String {
        self.shared.config.account_id.clone()
    }

    /// The account's name, when a sign-in reply gave it (Kazoo 5.x); else `null`.
    #[wasm_bindgen(getter, js_name = accountName, unchecked_return_type = "string | null")]
    pub fn account_name(&self) -> JsValue {
        string_or_null(self.shared.session.account_name())
    }

    /// The user signed in (the sign-in reply's `owner_id`); `null` for an API key, which
    /// belongs to the account, and for a client given a token.
    #[wasm_bindgen(getter, js_name = ownerId, unchecked_return_type = "string | null")]
    pub fn owner_id(&self) -> JsValue {
        string_or_null(self.shared.session.owner_id())
    }

    /// When the current token expires (RFC 3339, read from the JWT's `exp` without
    /// verifying); `null` when the token is not a JWT or there is none yet.
    #[wasm_bindgen(getter, js_name = tokenExpiresAt, unchecked_return_type = "string | null")]
    pub fn token_expires_at(&self) -> JsValue {
        string_or_null(self.shared.session.expires_at())
    }

    /// Signs out: the token is forgotten at once (later calls reject with `config`), then
    /// `DELETE /v2/token_auth` is sent as a courtesy (a Kazoo 4.x/5.x token stays valid until it
    /// expires) and the promise resolves. `{ everywhere: true }` instead ends every session of
    /// the signed-in user (`reset_signature_secret`); it rejects with `config`, sending nothing,
    /// for a client without a user (API key), and with the server's error when the reset fails
    /// (the client is signed out either way).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: JsValue) -> Promise {
        let session = Rc::clone(&self.shared.session);
        let everywhere = argument(options, SCOPE, &["everywhere"]).and_then(|o| match o {
            Some(o) => opt_bool(&o, SCOPE, "everywhere").map(|e| e.unwrap_or(false)),
            None => Ok(false),
        });
        let request = match everywhere.and_then(|everywhere| session.sign_out(everywhere)) {
            Ok(Some(request)) => request,
            Ok(None) => return Promise::resolve(&JsValue::UNDEFINED),
            Err(e) => return Promise::reject(&to_js_error(e, &session.secrets())),
        };
        spawn(Box::pin(async move {
            let result = session.tell_server(request).await;
            result.map(|()| JsValue::UNDEFINED).map_err(|e| to_js_error(e, &session.secrets()))
        }))
    }
}

/// `null`, not wasm-bindgen's `undefined`, for an absent value (the contract says `string | null`).
fn string_or_null(value: Option<String>) -> JsValue {
    value.map_or(JsValue::NULL, |v| JsValue::from_str(&v))
}
