//! `BillingClient`: the contract of shared/API-CONTRACT.md, as JavaScript sees it.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::fetch::FetchTransport;
use super::js::{paged_iterable, to_js_error};
use crate::client::{self, DateArg, Pager, Resource, TransactionQuery};
use crate::config::{check_token, Config, Options};
use crate::envelope::path_of;
use crate::error::{Error, ErrorKind};
use crate::models::{account, balance, service_plan, to_json, transaction};
use crate::time::GREGORIAN_UNIX_OFFSET;
use crate::transport::Response;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** The four kinds of ledger entry. */
export type TransactionType = "debit" | "credit" | "recurring" | "usage";

/** One ledger entry, checked and normalized. */
export interface Transaction {
  id: string;
  /** Dollars (the account's currency), rounded to 0.0001. */
  amount: number;
  /** The description, else Kazoo's `reason`, else "". */
  description: string;
  /** RFC 3339 in UTC, e.g. "2026-02-01T00:00:00Z". */
  created: string;
  type: TransactionType;
  /** Kazoo's machine reason (e.g. "per_minute_call"), when the server sent one. */
  reason?: string;
  /** A payment's processing state ("completed", "failed", …), when the server sent one. */
  status?: string;
}

/** One page of `transactions()`. */
export interface TransactionPage {
  data: Transaction[];
  /** Pass as `startKey` for the next page; null on the last page. */
  nextStartKey: string | null;
  requestId: string | null;
}

export interface Balance {
  /** May be negative. */
  balance: number;
  /** ISO 4217 code. */
  currency: string;
}

/** A priced item of a service plan category (Kazoo plan documents). */
export interface PlanItem {
  name?: string;
  rate?: number;
  /** Tiered rates: quantity threshold → rate. */
  rates?: Record<string, number>;
  activation_charge?: number;
  minimum?: number;
}

export interface ServicePlan {
  id: string;
  name: string;
  description?: string;
  /** Category → item (or "_all") → pricing, when the server sends the plan document. */
  plan?: Record<string, Record<string, PlanItem>>;
}

export interface Account {
  id: string;
  name: string;
  /** false when the account is suspended. */
  enabled: boolean;
  /** RFC 3339 in UTC. */
  created?: string;
}

export interface ClientOptions {
  accountId: string;
  /** Sent only as the X-Auth-Token header. */
  authToken: string;
  /** Default "https://api.audian.com:8443"; http: only to loopback. */
  baseUrl?: string | undefined;
  /** Per attempt; default 15000. */
  timeoutMs?: number | undefined;
  /** Extra attempts after a network error, timeout, 429, 502, 503 or 504; default 2. */
  maxRetries?: number | undefined;
  /** ISO 4217 code for balances without one; default "USD". */
  currency?: string | undefined;
  /** Largest response body read; default 64 MiB. */
  maxResponseBytes?: number | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface TransactionQuery extends CallOptions {
  from?: Date | string | undefined;
  to?: Date | string | undefined;
  pageSize?: number | undefined;
  startKey?: string | undefined;
}

export type AudianErrorKind =
  | "config" | "network" | "timeout" | "aborted" | "unauthorized" | "forbidden" | "not_found"
  | "rate_limited" | "server" | "http" | "api" | "decode" | "validation";

/** Every rejection and throw of this package is an AudianError. */
export declare class AudianError extends Error {
  readonly name: "AudianError";
  readonly kind: AudianErrorKind;
  /** The HTTP status, where there was one. */
  readonly status?: number;
  /** The envelope's request_id (or X-Request-Id), where there was one. */
  readonly requestId?: string;
  /** For validation errors: where in the body, e.g. "data[3].amount". */
  readonly path?: string;
  toJSON(): { name: "AudianError"; kind: AudianErrorKind; message: string; status?: number; requestId?: string; path?: string };
}
"#;

const OPTION_NAMES: &[&str] = &["accountId", "authToken", "baseUrl", "timeoutMs", "maxRetries", "currency", "maxResponseBytes"];
const QUERY_NAMES: &[&str] = &["from", "to", "pageSize", "startKey", "signal"];
const CALL_OPTION_NAMES: &[&str] = &["signal"];

/// Options read from JavaScript; `authToken` is read apart so its value never enters a message.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsOptions {
    account_id: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    auth_token: JsValue,
    base_url: Option<String>,
    timeout_ms: Option<f64>,
    max_retries: Option<f64>,
    currency: Option<String>,
    max_response_bytes: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsQuery {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    from: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    to: JsValue,
    page_size: Option<f64>,
    start_key: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    signal: JsValue,
}

/// Reads a JS object into `T`, naming the bad property. serde-wasm-bindgen reads only the
/// declared fields, so unknown (misspelt) keys are checked first.
fn from_js<T: for<'de> Deserialize<'de> + Default>(value: JsValue, what: &str, names: &[&str]) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>().filter(|_| value.is_object()) else {
        return Err(Error::config(format!("{what} must be an object")));
    };
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !names.contains(&key.as_str()) {
            return Err(Error::config(format!("unknown property `{what}.{key}`; expected one of {}", names.join(", "))));
        }
    }
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(|e| Error::config(format!("{}: {}", path_of(e.path(), what), plain(&e.inner().to_string()))))
}

/// serde's wording without Rust type names: "expected f64" → "expected a number".
fn plain(message: &str) -> String {
    message
        .trim_start_matches("Error: ")
        .replace("expected f64", "expected a number")
        .replace("a string or a number", "a string")
}

impl Default for JsOptions {
    fn default() -> Self {
        JsOptions {
            account_id: None,
            auth_token: JsValue::UNDEFINED,
            base_url: None,
            timeout_ms: None,
            max_retries: None,
            currency: None,
            max_response_bytes: None,
        }
    }
}

fn token_of(value: &JsValue) -> Result<String, Error> {
    let token = value.as_string().ok_or_else(|| Error::config("authToken must be a string"))?;
    check_token(&token)?;
    Ok(token)
}

fn signal_of(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into().map(Some).map_err(|_| Error::config("signal must be an AbortSignal"))
}

fn date_of(value: JsValue, name: &str) -> Result<Option<DateArg>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return Ok(Some(DateArg::EpochMs(date.get_time())));
    }
    match value.as_string() {
        Some(text) => Ok(Some(DateArg::Text(text))),
        None => Err(Error::config(format!("query.{name} must be a Date or an RFC 3339 string"))),
    }
}

/// A client checked query: API parameters plus the caller's signal.
fn parse_query(value: JsValue) -> Result<(TransactionQuery, Option<AbortSignal>), Error> {
    let q: JsQuery = from_js(value, "query", QUERY_NAMES)?;
    let signal = signal_of(q.signal)?;
    let query = TransactionQuery::new(date_of(q.from, "from")?, date_of(q.to, "to")?, q.page_size, q.start_key)?;
    Ok((query, signal))
}

fn parse_call_options(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    let q: JsQuery = from_js(value, "options", CALL_OPTION_NAMES)?;
    signal_of(q.signal)
}

/// Everything one call needs, owned, so the future outlives `&self`.
struct Call {
    config: Rc<Config>,
    token: Rc<str>,
    transport: FetchTransport,
}

impl Call {
    async fn get(&self, resource: Resource, params: &[(&str, String)]) -> Result<Response, Error> {
        client::get(&self.transport, &self.config, &self.token, resource, params).await
    }
}

/// Adds the HTTP status and header request id to an error raised while decoding a 2xx body.
fn in_response<T>(response: &Response, result: Result<T, Error>) -> Result<T, Error> {
    result.map_err(|mut e| {
        e.status.get_or_insert(response.status);
        if e.request_id.is_none() {
            e.request_id.clone_from(&response.request_id);
        }
        e
    })
}

/// Hands a normalized object to JavaScript: one JSON text, parsed by the engine.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    parse_json(&to_json(value)?)
}

fn parse_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| Error::new(ErrorKind::Decode, "internal: normalized JSON did not parse"))
}

/// Runs a call as a Promise whose rejection is always an `AudianError` without the token.
fn promise<F: Future<Output = Result<JsValue, Error>> + 'static>(token: Rc<str>, work: F) -> Promise {
    future_to_promise(async move { work.await.map_err(|e| to_js_error(e, &token)) })
}

/// A typed, validated client for one Audian account.
#[wasm_bindgen]
pub struct BillingClient {
    config: Rc<Config>,
    token: RefCell<Rc<str>>,
}

#[wasm_bindgen]
impl BillingClient {
    /// Checks the options; throws `AudianError` (`kind: "config"`) on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<BillingClient, JsValue> {
        Self::from_options(options).map_err(|e| to_js_error(e, ""))
    }

    fn from_options(options: JsValue) -> Result<BillingClient, Error> {
        if options.is_undefined() || options.is_null() {
            return Err(Error::config("options are required: new BillingClient({ accountId, authToken })"));
        }
        let o: JsOptions = from_js(options, "options", OPTION_NAMES)?;
        let token = if o.auth_token.is_undefined() { None } else { Some(token_of(&o.auth_token)?) };
        let config = Config::new(Options {
            account_id: o.account_id,
            auth_token: token,
            base_url: o.base_url,
            timeout_ms: o.timeout_ms,
            max_retries: o.max_retries,
            currency: o.currency,
            max_response_bytes: o.max_response_bytes,
        })?;
        let token = RefCell::new(Rc::from(config.auth_token.as_str()));
        Ok(BillingClient { config: Rc::new(config), token })
    }

    /// Uses `token` for calls started from now on.
    #[wasm_bindgen(js_name = setAuthToken)]
    pub fn set_auth_token(&self, #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue) -> Result<(), JsValue> {
        let token = token_of(&token).map_err(|e| to_js_error(e, ""))?;
        *self.token.borrow_mut() = Rc::from(token);
        Ok(())
    }

    fn call(&self, signal: Option<AbortSignal>) -> Call {
        Call {
            config: Rc::clone(&self.config),
            token: Rc::clone(&self.token.borrow()),
            transport: FetchTransport { timeout_ms: self.config.timeout_ms, signal },
        }
    }

    fn run<F, Fut>(&self, options: Result<Option<AbortSignal>, Error>, work: F) -> Promise
    where
        F: FnOnce(Call) -> Fut,
        Fut: Future<Output = Result<JsValue, Error>> + 'static,
    {
        let token = Rc::clone(&self.token.borrow());
        match options {
            Ok(signal) => promise(token, work(self.call(signal))),
            Err(e) => Promise::reject(&to_js_error(e, &token)),
        }
    }

    /// The balance; falls back to Kazoo's `/ledgers/total` when `/balance` answers 404.
    #[wasm_bindgen(unchecked_return_type = "Promise<Balance>")]
    pub fn balance(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options), |call| async move {
            let response = match call.get(Resource::Balance, &[]).await {
                Err(e) if e.kind == ErrorKind::NotFound => call.get(Resource::LedgersTotal, &[]).await?,
                other => other?,
            };
            let balance = in_response(&response, balance::decode(&response.body, &call.config.currency))?;
            to_js(&balance)
        })
    }

    /// One page of transactions, newest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<TransactionPage>")]
    pub fn transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Promise {
        let parsed = parse_query(query);
        let (query, signal) = match parsed {
            Ok((q, s)) => (q, Ok(s)),
            Err(e) => (TransactionQuery::default(), Err(e)),
        };
        self.run(signal, |call| async move {
            let response = call.get(Resource::Transactions, &Pager::params(&query)).await?;
            parse_json(&in_response(&response, transaction::page_json(&response.body))?)
        })
    }

    /// Every transaction in the range, page after page and window after window, newest first.
    /// Throws `AudianError` (`kind: "config"`) on a bad query.
    #[wasm_bindgen(js_name = allTransactions, unchecked_return_type = "AsyncIterableIterator<Transaction>")]
    pub fn all_transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Result<JsValue, JsValue> {
        let token = Rc::clone(&self.token.borrow());
        let (query, signal) = parse_query(query).map_err(|e| to_js_error(e, &token))?;
        let now_gregorian = (js_sys::Date::now() / 1000.0).floor() as i64 + GREGORIAN_UNIX_OFFSET;
        Ok(paged_iterable(next_page_fn(Pager::new(query, now_gregorian), self.call(signal))))
    }

    /// The account's service plans.
    #[wasm_bindgen(js_name = servicePlans, unchecked_return_type = "Promise<ServicePlan[]>")]
    pub fn service_plans(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options), |call| async move {
            let response = call.get(Resource::ServicePlans, &[]).await?;
            let plans = in_response(&response, service_plan::decode(&response.body))?;
            to_js(&plans)
        })
    }

    /// The account document.
    #[wasm_bindgen(unchecked_return_type = "Promise<Account>")]
    pub fn account(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options), |call| async move {
            let response = call.get(Resource::Account, &[]).await?;
            let account = in_response(&response, account::decode(&response.body))?;
            to_js(&account)
        })
    }
}

/// The `nextPage` function behind `allTransactions`: each call resolves to the next page's rows,
/// or `null` when the walk is over. JavaScript's `pagedIterable` serializes the calls.
fn next_page_fn(pager: Pager, call: Call) -> JsValue {
    let (pager, call) = (Rc::new(RefCell::new(pager)), Rc::new(call));
    let next_page = move || -> Promise {
        let next = pager.borrow().next_query();
        let (pager, call) = (Rc::clone(&pager), Rc::clone(&call));
        promise(Rc::clone(&call.token), async move {
            let Some(query) = next else { return Ok(JsValue::NULL) };
            let response = call.get(Resource::Transactions, &Pager::params(&query)).await?;
            let (rows, next_start_key) = in_response(&response, transaction::data_json(&response.body))?;
            pager.borrow_mut().advance(next_start_key);
            parse_json(&rows)
        })
    };
    // Owned by JavaScript from here: freed with the iterator (wasm-bindgen's FinalizationRegistry).
    Closure::<dyn FnMut() -> Promise>::new(next_page).into_js_value()
}
