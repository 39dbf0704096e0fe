//! `BillingClient`: the package's public contract (README.md, "API"), as JavaScript sees it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::fetch::FetchTransport;
use super::js::{paged_iterable, to_js_error};
use crate::client::{self, DateArg, Pager, Resource, TransactionQuery};
use crate::config::{check_token, Config, Options};
use crate::error::{Error, ErrorKind};
use crate::models::{account, balance, service_plan, transaction};
use crate::time::GREGORIAN_UNIX_OFFSET;
use crate::transport::Response;

/// The TypeScript types of the package, written as TypeScript (`types.d.ts`).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

const OPTION_NAMES: &[&str] = &["accountId", "authToken", "baseUrl", "timeoutMs", "maxRetries", "currency", "maxResponseBytes"];
const QUERY_NAMES: &[&str] = &["from", "to", "pageSize", "startKey", "signal"];
const CALL_OPTION_NAMES: &[&str] = &["signal"];

/// Reads `object[name]`; a throwing getter becomes a `config` error.
fn property(object: &JsValue, scope: &str, name: &str) -> Result<JsValue, Error> {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).map_err(|_| Error::config(format!("{scope}.{name} could not be read")))
}

/// An optional string property (`undefined` and `null` mean absent).
fn opt_string(object: &JsValue, scope: &str, name: &str) -> Result<Option<String>, Error> {
    let value = property(object, scope, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| Error::config(format!("{scope}.{name} must be a string")))
}

/// An optional number property (`undefined` and `null` mean absent).
fn opt_number(object: &JsValue, scope: &str, name: &str) -> Result<Option<f64>, Error> {
    let value = property(object, scope, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| Error::config(format!("{scope}.{name} must be a number")))
}

/// An options, query or call-options argument: `undefined`/`null` for none, else an object
/// whose keys are all in `names` (only known names are read, so a misspelt one is caught here).
fn argument(value: JsValue, scope: &str, names: &[&str]) -> Result<Option<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>().filter(|_| value.is_object()) else {
        return Err(Error::config(format!("{scope} must be an object")));
    };
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !names.contains(&key.as_str()) {
            return Err(Error::config(format!("unknown property `{scope}.{key}`; expected one of {}", names.join(", "))));
        }
    }
    Ok(Some(value))
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
    let Some(q) = argument(value, "query", QUERY_NAMES)? else { return Ok((TransactionQuery::default(), None)) };
    let signal = signal_of(property(&q, "query", "signal")?)?;
    let from = date_of(property(&q, "query", "from")?, "from")?;
    let to = date_of(property(&q, "query", "to")?, "to")?;
    let query = TransactionQuery::new(from, to, opt_number(&q, "query", "pageSize")?, opt_string(&q, "query", "startKey")?)?;
    Ok((query, signal))
}

fn parse_call_options(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    match argument(value, "options", CALL_OPTION_NAMES)? {
        Some(o) => signal_of(property(&o, "options", "signal")?),
        None => Ok(None),
    }
}

/// A request's query parameters.
type Params = Vec<(&'static str, String)>;

/// Everything one call needs, owned, so the future outlives `&self`.
struct Call {
    config: Rc<Config>,
    token: Rc<str>,
    transport: FetchTransport,
}

/// What a call fetches, and how its body becomes the JSON text handed to `JSON.parse`.
#[derive(Clone, Copy, PartialEq)]
enum Job {
    Balance,
    Page,
    /// A page's rows for `allTransactions`, which then advances its pager.
    Rows,
    ServicePlans,
    Account,
}

/// The one async path of every method: each distinct future is a state machine of its own in
/// the `.wasm` (~1.5 KB each), so the endpoints share this one and differ only in `job`.
async fn perform(call: Rc<Call>, job: Job, params: Params, pager: Option<Rc<RefCell<Pager>>>) -> Result<JsValue, Error> {
    let resource = match job {
        Job::Balance => Resource::Balance,
        Job::Page | Job::Rows => Resource::Transactions,
        Job::ServicePlans => Resource::ServicePlans,
        Job::Account => Resource::Account,
    };
    let mut result = client::get(&call.transport, &call.config, &call.token, resource.path(), &params).await;
    if job == Job::Balance && matches!(&result, Err(e) if e.kind == ErrorKind::NotFound) {
        // Kazoo 4.3+ serves the balance at /ledgers/total.
        result = client::get(&call.transport, &call.config, &call.token, Resource::LedgersTotal.path(), &[]).await;
    }
    let response = result?;
    let text = in_response(&response, decode(job, &response.body, &call.config, pager.as_deref()))?;
    js_sys::JSON::parse(&text).map_err(|_| Error::new(ErrorKind::Decode, "internal: normalized JSON did not parse"))
}

fn decode(job: Job, body: &[u8], config: &Config, pager: Option<&RefCell<Pager>>) -> Result<String, Error> {
    match job {
        Job::Balance => balance::json(body, &config.currency),
        Job::Page => transaction::page_json(body),
        Job::Rows => {
            let (rows, next_start_key) = transaction::data_json(body)?;
            if let Some(pager) = pager {
                pager.borrow_mut().advance(next_start_key);
            }
            Ok(rows)
        }
        Job::ServicePlans => service_plan::json(body),
        Job::Account => account::json(body),
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

/// Runs a job as a Promise whose rejection is always an `AudianError` without the token.
fn start(call: Rc<Call>, job: Job, params: Params, pager: Option<Rc<RefCell<Pager>>>) -> Promise {
    let token = Rc::clone(&call.token);
    future_to_promise(async move { perform(call, job, params, pager).await.map_err(|e| to_js_error(e, &token)) })
}

/// A typed, validated client for one Audian account.
#[wasm_bindgen]
pub struct BillingClient {
    config: Rc<Config>,
    /// Shared with running `allTransactions` iterators.
    token: Rc<RefCell<Rc<str>>>,
}

/// A call with the client's current token.
fn new_call(config: &Rc<Config>, token: &RefCell<Rc<str>>, signal: Option<AbortSignal>) -> Rc<Call> {
    Rc::new(Call {
        config: Rc::clone(config),
        token: Rc::clone(&token.borrow()),
        transport: FetchTransport { timeout_ms: config.timeout_ms, signal },
    })
}

#[wasm_bindgen]
impl BillingClient {
    /// Checks the options; throws `AudianError` (`kind: "config"`) on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<BillingClient, JsValue> {
        Self::from_options(options).map_err(|e| to_js_error(e, ""))
    }

    fn from_options(options: JsValue) -> Result<BillingClient, Error> {
        let Some(options) = argument(options, "options", OPTION_NAMES)? else {
            return Err(Error::config("options are required: new BillingClient({ accountId, authToken })"));
        };
        const SCOPE: &str = "options";
        // The token is read apart, so its value never enters a message.
        let token = property(&options, SCOPE, "authToken")?;
        let config = Config::new(Options {
            account_id: opt_string(&options, SCOPE, "accountId")?,
            auth_token: if token.is_undefined() { None } else { Some(token_of(&token)?) },
            base_url: opt_string(&options, SCOPE, "baseUrl")?,
            timeout_ms: opt_number(&options, SCOPE, "timeoutMs")?,
            max_retries: opt_number(&options, SCOPE, "maxRetries")?,
            currency: opt_string(&options, SCOPE, "currency")?,
            max_response_bytes: opt_number(&options, SCOPE, "maxResponseBytes")?,
        })?;
        let token = Rc::new(RefCell::new(Rc::from(config.auth_token.as_str())));
        Ok(BillingClient { config: Rc::new(config), token })
    }

    /// Uses `token` for calls started from now on.
    #[wasm_bindgen(js_name = setAuthToken)]
    pub fn set_auth_token(&self, #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue) -> Result<(), JsValue> {
        let token = token_of(&token).map_err(|e| to_js_error(e, ""))?;
        *self.token.borrow_mut() = Rc::from(token);
        Ok(())
    }

    fn call(&self, signal: Option<AbortSignal>) -> Rc<Call> {
        new_call(&self.config, &self.token, signal)
    }

    /// Starts `job`, or rejects at once when its arguments were bad.
    fn run(&self, options: Result<(Params, Option<AbortSignal>), Error>, job: Job) -> Promise {
        match options {
            Ok((params, signal)) => start(self.call(signal), job, params, None),
            Err(e) => Promise::reject(&to_js_error(e, &self.token.borrow())),
        }
    }

    /// The balance; falls back to Kazoo's `/ledgers/total` when `/balance` answers 404.
    #[wasm_bindgen(unchecked_return_type = "Promise<Balance>")]
    pub fn balance(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), Job::Balance)
    }

    /// One page of transactions, newest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<TransactionPage>")]
    pub fn transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Promise {
        self.run(parse_query(query).map(|(q, s)| (Pager::params(&q), s)), Job::Page)
    }

    /// Every transaction in the range, page after page and window after window, newest first.
    /// Throws `AudianError` (`kind: "config"`) on a bad query.
    #[wasm_bindgen(js_name = allTransactions, unchecked_return_type = "AsyncIterableIterator<Transaction>")]
    pub fn all_transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Result<JsValue, JsValue> {
        let (query, signal) = parse_query(query).map_err(|e| to_js_error(e, &self.token.borrow()))?;
        let now_gregorian = (js_sys::Date::now() / 1000.0).floor() as i64 + GREGORIAN_UNIX_OFFSET;
        let (config, token) = (Rc::clone(&self.config), Rc::clone(&self.token));
        Ok(paged_iterable(next_page_fn(Pager::new(query, now_gregorian), move || new_call(&config, &token, signal.clone()))))
    }

    /// The account's service plans.
    #[wasm_bindgen(js_name = servicePlans, unchecked_return_type = "Promise<ServicePlan[]>")]
    pub fn service_plans(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), Job::ServicePlans)
    }

    /// The account document.
    #[wasm_bindgen(unchecked_return_type = "Promise<Account>")]
    pub fn account(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), Job::Account)
    }
}

/// The `nextPage` function behind `allTransactions`: each call resolves to the next page's rows,
/// or `null` when the walk is over. JavaScript's `pagedIterable` serializes the calls.
/// Each page is a call of its own, so a token swapped by `setAuthToken` (say after a 401) is
/// used from the next page on.
fn next_page_fn(pager: Pager, call: impl Fn() -> Rc<Call> + 'static) -> JsValue {
    let pager = Rc::new(RefCell::new(pager));
    let next_page = move || -> Promise {
        match pager.borrow().next_query() {
            Some(query) => start(call(), Job::Rows, Pager::params(&query), Some(Rc::clone(&pager))),
            None => Promise::resolve(&JsValue::NULL),
        }
    };
    // Owned by JavaScript from here: freed with the iterator (wasm-bindgen's FinalizationRegistry).
    Closure::<dyn FnMut() -> Promise>::new(next_page).into_js_value()
}
