//! The token behind every call, from one of three sources:
//! - a fixed string (`authToken: "…"`), used as it is;
//! - a host function (`authToken: () => string | Promise<string>`), asked for the first call and
//!   again after a 401, after which that call is sent once more;
//! - a signed-in session (`BillingClient.signIn`), renewed with `PUT /v2/auth` when a call finds
//!   less than a few minutes left ([`Lease::should_renew`]), on the server's clock (the envelope's
//!   `timestamp`); a server that does not renew (Kazoo 4.0/4.1: 403, 404, 405) is asked once, and
//!   the session then ends at `exp`: a later call rejects with `unauthorized` without sending.
//!
//! Asking the function and renewing are single-flight: one shared pending `Promise`, however many
//! calls run in parallel. The token itself never crosses into JavaScript: the promise resolves to
//! `undefined` once the new token is in the session's state.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::fetch::{describe, FetchTransport};
use super::js::{spawn, Task};
use crate::auth::{self, jwt_claims, Claims, Lease};
use crate::client;
use crate::config::{check_path_segment, check_token, Config};
use crate::error::{Error, ErrorKind};
use crate::transport::{Method, Request, Response};

/// Tokens kept for redaction: the current one and those before it (renewals add one an hour).
const MAX_SECRETS: usize = 32;

/// Where tokens come from.
#[derive(Clone)]
pub enum Source {
    /// A string given by the host.
    Fixed(Rc<str>),
    /// `() => string | Promise<string>`, owned by the host.
    Function(Function),
    /// The first token from `signIn`; the session renews it.
    SignedIn(Rc<str>),
}

struct State {
    source: Source,
    token: Option<Rc<str>>,
    claims: Option<Claims>,
    lease: Option<Lease>,
    /// The one running function call or renewal; it resolves once `token` is updated.
    pending: Option<Promise>,
    /// Why the last function call gave no token.
    failure: Option<Error>,
    signed_out: bool,
    /// Bumped by `setAuthToken` and `signOut`, so a late answer for an older source is dropped.
    generation: u32,
    /// Every token held, and the sign-in's password hash or API key: redacted from every error (the
    /// password itself never leaves the page, so no reply can echo it).
    secrets: Vec<Rc<str>>,
    account_name: Option<String>,
    /// `data.owner_id` of the sign-in: the user whose sessions `signOut({ everywhere })` ends.
    owner_id: Option<String>,
    /// Page clock minus server clock (ms) of the last sign-in or renewal reply, when it said.
    server_ms_behind: Option<f64>,
    /// Cleared when the server refuses renewals (Kazoo 4.0/4.1): the session then ends at `exp`.
    renewal_offered: bool,
}

/// A token fetch: the token, and the server's clock when it answered (ms), when it said.
type Fetched = Result<(String, Option<f64>), Error>;

/// The token source of one client, shared by its calls and iterators.
pub struct Session {
    config: Rc<Config>,
    state: RefCell<State>,
}

impl Session {
    /// A session for `source`; `account_name` as a sign-in reported it.
    pub fn new(config: Rc<Config>, source: Source, account_name: Option<String>) -> Rc<Session> {
        let state = State {
            source: Source::Fixed(Rc::from("")),
            token: None,
            claims: None,
            lease: None,
            pending: None,
            failure: None,
            signed_out: false,
            generation: 0,
            secrets: Vec::new(),
            account_name,
            owner_id: None,
            server_ms_behind: None,
            renewal_offered: true,
        };
        let session = Rc::new(Session { config, state: RefCell::new(state) });
        session.set_source(source);
        session
    }

    /// Replaces the source (`setAuthToken`); also undoes `signOut`.
    pub fn set_source(&self, source: Source) {
        let mut s = self.state.borrow_mut();
        s.generation = s.generation.wrapping_add(1);
        s.pending = None;
        s.failure = None;
        s.signed_out = false;
        s.token = None;
        s.claims = None;
        s.lease = None;
        // A new token may be anyone's: only a sign-in names its user and the server's clock.
        s.owner_id = None;
        s.server_ms_behind = None;
        s.renewal_offered = true;
        if let Source::Fixed(token) | Source::SignedIn(token) = &source {
            adopt(&mut s, Rc::clone(token), None);
        }
        s.source = source;
    }

    /// Adds secrets (a sign-in's password hash or API key) to those redacted from errors.
    pub fn add_secrets(&self, secrets: impl IntoIterator<Item = String>) {
        let mut s = self.state.borrow_mut();
        s.secrets.extend(secrets.into_iter().map(Rc::from));
    }

    /// Every secret this client has held.
    pub fn secrets(&self) -> Vec<Rc<str>> {
        self.state.borrow().secrets.clone()
    }

    /// `data.account_name` of the sign-in, when the server sent it.
    pub fn account_name(&self) -> Option<String> {
        self.state.borrow().account_name.clone()
    }

    /// Records what a sign-in reply said besides the token: its user (`None` for an API key)
    /// and the server's clock, which puts the token's `exp` on the page's clock.
    pub fn signed_in(&self, owner_id: Option<String>, server_ms: Option<f64>, received_ms: f64) {
        let mut s = self.state.borrow_mut();
        s.owner_id = owner_id;
        s.server_ms_behind = server_ms.map(|server| received_ms - server);
        s.lease = s.claims.map(|c| Lease::new(c, received_ms, server_ms));
    }

    /// `data.owner_id` of the sign-in: the user signed in; `None` for an API key or a token given
    /// by the host.
    pub fn owner_id(&self) -> Option<String> {
        self.state.borrow().owner_id.clone()
    }

    /// The current token's `exp` as RFC 3339; `None` when there is none or it is not a JWT.
    pub fn expires_at(&self) -> Option<String> {
        self.state.borrow().claims.map(|c| c.expires_at())
    }

    /// The token for a call: asks the host function the first time, renews a signed-in token
    /// that is close to expiry (a failed renewal leaves the current token in use: it is still
    /// valid, and the next call tries again, unless the server said it does not renew). A
    /// signed-in token past its expiry is not sent: the session is over.
    pub async fn token(self: &Rc<Self>) -> Result<Rc<str>, Error> {
        if let Some(pending) = self.pending()? {
            let _ = JsFuture::from(pending).await;
        }
        let (source, token, renew) = {
            let s = self.state.borrow();
            let now = js_sys::Date::now();
            if let (Source::SignedIn(_), Some(lease), Some(claims)) = (&s.source, s.lease, s.claims) {
                if lease.expired(now) {
                    return Err(auth::session_expired(&claims.expires_at()));
                }
            }
            let renew = s.renewal_offered && s.lease.is_some_and(|l| l.should_renew(now));
            (s.source.clone(), s.token.clone(), renew)
        };
        match (source, token) {
            (Source::SignedIn(_), Some(token)) if renew => {
                let _ = JsFuture::from(self.renew(&token)).await;
                self.current()
            }
            (Source::Function(function), None) => {
                let _ = JsFuture::from(self.ask(function)).await;
                self.current()
            }
            (_, Some(token)) => Ok(token),
            (_, None) => self.current(),
        }
    }

    /// After a 401 to a call sent with `used`: a new token from the host function (or one that
    /// another call already got), or `None` when the 401 stands (fixed and signed-in tokens).
    pub async fn after_unauthorized(self: &Rc<Self>, used: &str) -> Option<Rc<str>> {
        if let Ok(Some(pending)) = self.pending() {
            let _ = JsFuture::from(pending).await;
        }
        let (source, token) = {
            let s = self.state.borrow();
            (s.source.clone(), s.token.clone())
        };
        let Source::Function(function) = source else { return None };
        if let Some(token) = token.filter(|t| &**t != used) {
            return Some(token);
        }
        let _ = JsFuture::from(self.ask(function)).await;
        self.current().ok().filter(|t| &**t != used)
    }

    /// `GET`s `path` (of the account) with the session's token; after a 401, once more with a new token from
    /// the host function. A second 401 is reported; a 400 refusing the account (Kazoo: the
    /// account expired) is `forbidden` in words ([`auth::refusal`]).
    pub async fn get(self: &Rc<Self>, transport: &FetchTransport, path: &str, params: &[(&str, String)]) -> Result<Response, Error> {
        let mut token = self.token().await?;
        let mut retried = false;
        // A loop rather than a second `client::get`: each await of it is a copy of the retry
        // loop's state machine in the `.wasm`.
        loop {
            match client::get(transport, &self.config, &token, path, params).await {
                Err(e) if e.kind == ErrorKind::Unauthorized && !retried => match self.after_unauthorized(&token).await {
                    Some(fresh) => (token, retried) = (fresh, true),
                    None => return Err(e),
                },
                other => return other.map_err(auth::refusal),
            }
        }
    }

    /// Signs out at once: the token is forgotten and later calls fail with a `config` error.
    /// Returns the request that tells the server, if there is a token to tell it with:
    /// `DELETE /v2/token_auth` (a courtesy: it revokes Kazoo 3.x's stored tokens, while a JWT
    /// stays valid until its `exp`), or with `everywhere`, `reset_signature_secret` for the
    /// signed-in user, which ends every session of theirs. `everywhere` without a user (an API
    /// key, or a token given by the host) is a `config` error, and the client stays as it was.
    pub fn sign_out(&self, everywhere: bool) -> Result<Option<Request>, Error> {
        let mut s = self.state.borrow_mut();
        let owner = s.owner_id.clone();
        let reset = match (everywhere, owner) {
            (false, _) => None,
            (true, Some(owner)) if s.token.is_some() && !s.signed_out => {
                check_path_segment("ownerId", "user id", &owner)?;
                Some(auth::reset_path(&self.config.account_id, &owner))
            }
            (true, Some(_)) => return Err(Error::config(
                "signOut({ everywhere: true }) needs the session's token, and this client is already signed out: nothing was sent. Sign in again, then sign out everywhere.",
            )),
            (true, None) => return Err(Error::config(
                "signOut({ everywhere: true }) ends every session of the signed-in user, and this client has none (ownerId is null: it signed in with an API key, or was given a token). Nothing was sent and the client is still signed in; use signOut() to sign out this client.",
            )),
        };
        s.generation = s.generation.wrapping_add(1);
        s.signed_out = true;
        s.pending = None;
        s.claims = None;
        s.lease = None;
        let Some(token) = s.token.take() else { return Ok(None) };
        drop(s);
        Ok(Some(match reset {
            Some(path) => self.auth_request(Method::Put, &path, &token, Some(auth::RESET_BODY.to_owned())),
            None => self.auth_request(Method::Delete, auth::TOKEN_AUTH, &token, None),
        }))
    }

    /// Sends what [`Session::sign_out`] returned. The courtesy `DELETE` resolves whatever the
    /// server answers (the client is signed out either way). A failed `reset_signature_secret`
    /// rejects, saying the other sessions may still be valid.
    pub async fn tell_server(&self, request: Request) -> Result<(), Error> {
        let result = client::send(&self.transport(), &self.config, &request).await;
        match result {
            Err(mut e) if request.method == Method::Put => {
                e.message =
                    ["Signed out on this page, but ending the user's other sessions failed, so they may stay valid until they expire: ", &e.message]
                        .concat();
                Err(e)
            }
            _ => Ok(()),
        }
    }

    /// The current token, or why there is none.
    fn current(&self) -> Result<Rc<str>, Error> {
        let s = self.state.borrow();
        if s.signed_out {
            return Err(signed_out());
        }
        match (&s.token, &s.failure) {
            (Some(token), _) => Ok(Rc::clone(token)),
            (None, Some(failure)) => Err(failure.clone()),
            (None, None) => Err(Error::new(ErrorKind::Unauthorized, "No auth token: the authToken function gave none.")),
        }
    }

    /// The running function call or renewal, after checking the client is not signed out.
    fn pending(&self) -> Result<Option<Promise>, Error> {
        let s = self.state.borrow();
        if s.signed_out {
            return Err(signed_out());
        }
        Ok(s.pending.clone())
    }

    /// Starts (or joins) a call of the host function.
    fn ask(self: &Rc<Self>, function: Function) -> Promise {
        self.single_flight(Box::pin(async move { call_host(&function).await.map(|token| (token, None)) }))
    }

    /// Starts (or joins) a renewal of `token`. A server that answers 403, 404 or 405 does not
    /// renew (Kazoo 4.0/4.1): it is not asked again for this session.
    fn renew(self: &Rc<Self>, token: &str) -> Promise {
        let request = self.auth_request(Method::Put, auth::REFRESH, token, Some(auth::REFRESH_BODY.to_owned()));
        let session = Rc::clone(self);
        self.single_flight(Box::pin(async move {
            let response = client::send(&session.transport(), &session.config, &request).await.inspect_err(|e| {
                if auth::renewal_not_offered(e.status) {
                    session.state.borrow_mut().renewal_offered = false;
                }
            })?;
            auth::renewed_token(&response.body)
        }))
    }

    /// Runs `fetch_token` unless another fetch is running; the returned promise settles once
    /// the state holds the outcome. Boxed, so both fetches share one copy of what follows.
    fn single_flight(self: &Rc<Self>, fetch_token: Task<Fetched>) -> Promise {
        let generation = {
            let s = self.state.borrow();
            if let Some(pending) = &s.pending {
                return pending.clone();
            }
            s.generation
        };
        let session = Rc::clone(self);
        let promise = spawn(Box::pin(async move {
            let result = fetch_token.await;
            let mut s = session.state.borrow_mut();
            if s.generation == generation {
                s.pending = None;
                match result {
                    Ok((token, server_ms)) => {
                        s.failure = None;
                        adopt(&mut s, Rc::from(token), server_ms);
                    }
                    Err(e) => s.failure = Some(e),
                }
            } else if let Ok((token, _)) = result {
                // Too late for this source, but still a secret to keep out of errors.
                push_secret(&mut s, Rc::from(token));
            }
            Ok(JsValue::UNDEFINED)
        }));
        self.state.borrow_mut().pending = Some(promise.clone());
        promise
    }

    fn transport(&self) -> FetchTransport {
        // No caller's signal: a renewal or sign-out serves every call, not the one that started it.
        FetchTransport { timeout_ms: self.config.timeout_ms, signal: None }
    }

    fn auth_request(&self, method: Method, path: &str, token: &str, body: Option<String>) -> Request {
        Request {
            method,
            url: auth::url(&self.config.base_url, path),
            token: token.to_owned(),
            body,
            max_response_bytes: self.config.max_response_bytes,
        }
    }
}

/// Makes `token` the current one, with its lease when it is a JWT; `server_ms` is the server's
/// clock in the reply that brought it (else the last one heard, else the page's own).
fn adopt(s: &mut State, token: Rc<str>, server_ms: Option<f64>) {
    let claims = jwt_claims(&token).ok();
    let now = js_sys::Date::now();
    if let Some(server) = server_ms {
        s.server_ms_behind = Some(now - server);
    }
    let server_now = s.server_ms_behind.map(|behind| now - behind);
    s.lease = claims.map(|c| Lease::new(c, now, server_now));
    s.claims = claims;
    push_secret(s, Rc::clone(&token));
    s.token = Some(token);
}

fn push_secret(s: &mut State, token: Rc<str>) {
    if s.secrets.contains(&token) {
        return;
    }
    if s.secrets.len() >= MAX_SECRETS {
        // The oldest token is long expired; sign-in secrets come first and stay.
        if let Some(at) = s.secrets.iter().position(|t| jwt_claims(t).is_ok()) {
            s.secrets.remove(at);
        }
    }
    s.secrets.push(token);
}

fn signed_out() -> Error {
    Error::config("This client is signed out (signOut was called): sign in again with BillingClient.signIn, or give a token with setAuthToken.")
}

/// Calls the host's `authToken` function and awaits its answer.
async fn call_host(function: &Function) -> Result<String, Error> {
    let failed = |how: &str, e: &JsValue| Error::new(ErrorKind::Unauthorized, ["The authToken function ", how, ": ", &describe(e)].concat());
    let value = function.call0(&JsValue::UNDEFINED).map_err(|e| failed("threw", &e))?;
    let value = JsFuture::from(Promise::resolve(&value)).await.map_err(|e| failed("rejected", &e))?;
    let token = value.as_string().ok_or_else(|| Error::config("The authToken function must return a string or a Promise of a string"))?;
    check_token(&token).map_err(|e| Error::config(["The authToken function returned a bad token: ", &e.message].concat()))?;
    Ok(token)
}
