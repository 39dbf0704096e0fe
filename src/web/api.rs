//! `BillingClient`: the package's public contract (README.md, "API"), as JavaScript sees it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::args::{argument, opt_bool, opt_number, opt_string, property, signal_of};
use super::fetch::FetchTransport;
use super::js::{paged_iterable, spawn, to_js_error};
use super::session::{Session, Source};
use crate::client::{self, DateArg, Pager, TransactionQuery};
use crate::config::{check_path_segment, check_token, required_account_id, Config, Options};
use crate::endpoint::{self, Context, Endpoint, Endpoints, Route};
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::time::GREGORIAN_UNIX_OFFSET;
use crate::transport::Response;

/// The TypeScript types of the package, written as TypeScript (`types.d.ts`).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

const OPTION_NAMES: &[&str] =
    &["accountId", "authToken", "baseUrl", "timeoutMs", "maxRetries", "currency", "maxResponseBytes", "readOnly", "serverVersion"];
const QUERY_NAMES: &[&str] = &["from", "to", "pageSize", "startKey", "signal"];
const USAGE_NAMES: &[&str] = &["from", "to", "signal"];
const CALL_OPTION_NAMES: &[&str] = &["signal"];

/// `authToken`: a string, or a function the session asks for one.
fn source_of(value: &JsValue) -> Result<Source, Error> {
    if let Some(function) = value.dyn_ref::<js_sys::Function>() {
        return Ok(Source::Function(function.clone()));
    }
    let token = value.as_string().ok_or_else(|| Error::config("authToken must be a string or a function returning one"))?;
    check_token(&token)?;
    Ok(Source::Fixed(Rc::from(token)))
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
fn parse_query(value: JsValue, names: &[&str]) -> Result<(TransactionQuery, Option<AbortSignal>), Error> {
    let Some(q) = argument(value, "query", names)? else { return Ok((TransactionQuery::default(), None)) };
    let signal = signal_of(property(&q, "query", "signal")?)?;
    let from = date_of(property(&q, "query", "from")?, "from")?;
    let to = date_of(property(&q, "query", "to")?, "to")?;
    let query = TransactionQuery::new(from, to, opt_number(&q, "query", "pageSize")?, opt_string(&q, "query", "startKey")?)?;
    Ok((query, signal))
}

pub(super) fn parse_call_options(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    match argument(value, "options", CALL_OPTION_NAMES)? {
        Some(o) => signal_of(property(&o, "options", "signal")?),
        None => Ok(None),
    }
}

/// A request's query parameters.
type Params = Vec<(&'static str, String)>;

/// Everything one call needs, owned, so the future outlives `&self`.
pub(super) struct Call {
    pub(super) config: Rc<Config>,
    /// Where the token comes from (web/session.rs).
    pub(super) session: Rc<Session>,
    pub(super) transport: FetchTransport,
    /// What the client has learned about its server, shared by all its calls.
    pub(super) endpoints: Rc<RefCell<Endpoints>>,
    /// The ledger of `ledgerEntries` and `allLedgerEntries` (checked as a path segment).
    ledger: Option<Rc<str>>,
}

impl Call {
    /// The path of `route` for this call: a route ending in `/` takes the call's ledger name.
    fn path(&self, route: &Route) -> String {
        let ledger = self.ledger.as_deref().filter(|_| route.path.ends_with('/'));
        [route.path, ledger.unwrap_or("")].concat()
    }

    /// What the decoders read besides the body; `amount` for `addCredit`.
    pub(super) fn context(&self, amount: i64) -> Context<'_> {
        Context { currency: &self.config.currency, ledger: self.ledger.as_deref().unwrap_or(""), amount }
    }

    /// Reads the dialect off the client's first reply.
    pub(super) fn learn(&self, body: &[u8]) {
        if !self.endpoints.borrow().heard() {
            let version = envelope::version(body);
            self.endpoints.borrow_mut().learn_version(version.as_deref());
        }
    }
}

/// The one async path of every read: each distinct future is a state machine of its own in the
/// `.wasm` (~1.5 KB each), so the endpoints share this one and differ only in `endpoint`.
/// It tries the routes that may serve the endpoint, in the order the client has learned,
/// moving on when one answers "not here" (a 404, or an older Kazoo's form). With a `pager`
/// (an iterator's walk) each page's rows advance it to the next page.
/// A pager's walk also survives a server whose `crossbar.maximum_range` is below 31 days: on a
/// 400 `date_range` it halves its window, asks again, and the client remembers the length.
pub(super) async fn perform(
    call: Rc<Call>,
    endpoint: &'static Endpoint,
    mut params: Params,
    pager: Option<Rc<RefCell<Pager>>>,
) -> Result<JsValue, Error> {
    // A walk whose last page said the rate-limit bucket ran low waits for it to refill.
    let pause = pager.as_ref().map_or(0, |p| p.borrow_mut().take_pause());
    client::pause(&call.transport, &call.config, pause).await?;
    let plan = call.endpoints.borrow().plan(endpoint);
    let (mut tried, mut request_id) = (Vec::new(), None);
    for route in plan {
        let path = call.path(&route);
        let text = loop {
            let text = match call.session.get(&call.transport, &path, &params).await {
                Ok(response) => {
                    call.learn(&response.body);
                    in_response(&response, decode(endpoint, &response.body, &call, pager.as_deref()))
                }
                Err(e) => Err(e),
            };
            let narrower = match (&text, &pager) {
                (Err(e), Some(pager)) if e.code.as_deref() == Some("date_range") => pager.borrow_mut().narrow().map(|span| (span, pager)),
                _ => None,
            };
            match narrower.and_then(|(span, pager)| Some(span).zip(pager.borrow().next_query())) {
                Some((span, query)) => {
                    call.endpoints.borrow_mut().narrowed(span);
                    params = Pager::params(&query);
                }
                None => break text,
            }
        };
        match text {
            Ok(text) => {
                call.endpoints.borrow_mut().answered(endpoint, route);
                return js_sys::JSON::parse(&text).map_err(|_| Error::new(ErrorKind::Decode, "internal: normalized JSON did not parse"));
            }
            Err(e) if endpoint::not_here(&route, &e) => {
                request_id = e.request_id;
                tried.push(path);
            }
            Err(e) => return Err(e),
        }
    }
    Err(endpoint::not_offered(endpoint, &tried, request_id))
}

/// Decodes a reply of `endpoint`; a walk's rows advance its pager to the next page.
fn decode(endpoint: &Endpoint, body: &[u8], call: &Call, pager: Option<&RefCell<Pager>>) -> Result<String, Error> {
    let (text, next_start_key) = (endpoint.decode)(body, &call.context(0))?;
    if let Some(pager) = pager {
        let mut pager = pager.borrow_mut();
        pager.advance(next_start_key);
        pager.pace(envelope::meta(body).and_then(|m| m.tokens_remaining));
    }
    Ok(text)
}

/// Adds the HTTP status and header request id to an error raised while decoding a 2xx body.
pub(super) fn in_response<T>(response: &Response, result: Result<T, Error>) -> Result<T, Error> {
    result.map_err(|mut e| {
        e.status.get_or_insert(response.status);
        if e.request_id.is_none() {
            e.request_id.clone_from(&response.request_id);
        }
        e
    })
}

/// Reads `endpoint` as a Promise whose rejection is always an `AudianError` without any secret.
fn start(call: Rc<Call>, endpoint: &'static Endpoint, params: Params, pager: Option<Rc<RefCell<Pager>>>) -> Promise {
    let session = Rc::clone(&call.session);
    spawn(Box::pin(async move { perform(call, endpoint, params, pager).await.map_err(|e| to_js_error(e, &session.secrets())) }))
}

/// A typed, validated client for one Audian account.
#[wasm_bindgen]
pub struct BillingClient {
    pub(super) shared: Shared,
}

/// What a client shares with its calls and running iterators.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) config: Rc<Config>,
    /// Where tokens come from (web/session.rs).
    pub(super) session: Rc<Session>,
    /// What the client has learned about its server (endpoint::Endpoints).
    pub(super) endpoints: Rc<RefCell<Endpoints>>,
}

impl Shared {
    /// What a new client shares: nothing learned yet about its server.
    pub(super) fn new(config: Rc<Config>, session: Rc<Session>) -> Shared {
        Shared { config, session, endpoints: Rc::default() }
    }

    /// A call with the client's token source.
    pub(super) fn call(&self, signal: Option<AbortSignal>, ledger: Option<Rc<str>>) -> Rc<Call> {
        Rc::new(Call {
            config: Rc::clone(&self.config),
            session: Rc::clone(&self.session),
            transport: FetchTransport { timeout_ms: self.config.timeout_ms, signal },
            endpoints: Rc::clone(&self.endpoints),
            ledger,
        })
    }

    /// An async iterator over every row of `endpoint`'s pages (`TRANSACTION_ROWS` or `LEDGER_ROWS`).
    fn rows(&self, endpoint: &'static Endpoint, query: TransactionQuery, signal: Option<AbortSignal>, ledger: Option<Rc<str>>) -> JsValue {
        let now_gregorian = (js_sys::Date::now() / 1000.0).floor() as i64 + GREGORIAN_UNIX_OFFSET;
        let shared = self.clone();
        let span = self.endpoints.borrow().window();
        paged_iterable(next_page_fn(Pager::new(query, now_gregorian, span), endpoint, move || shared.call(signal.clone(), ledger.clone())))
    }
}

#[wasm_bindgen]
impl BillingClient {
    /// Checks the options; throws `AudianError` (`kind: "config"`) on a bad one.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<BillingClient, JsValue> {
        Self::from_options(options).map_err(|e| to_js_error(e, &[""]))
    }

    fn from_options(options: JsValue) -> Result<BillingClient, Error> {
        let Some(options) = argument(options, "options", OPTION_NAMES)? else {
            return Err(Error::config("options are required: new BillingClient({ accountId, authToken })"));
        };
        const SCOPE: &str = "options";
        // The token is read apart, so its value never enters a message.
        let token = property(&options, SCOPE, "authToken")?;
        let source = if token.is_undefined() { None } else { Some(source_of(&token)?) };
        // Its value is checked once the client exists (`Endpoints::declare`).
        let server_version = opt_string(&options, SCOPE, "serverVersion")?;
        let options = Options {
            account_id: opt_string(&options, SCOPE, "accountId")?,
            base_url: opt_string(&options, SCOPE, "baseUrl")?,
            timeout_ms: opt_number(&options, SCOPE, "timeoutMs")?,
            max_retries: opt_number(&options, SCOPE, "maxRetries")?,
            currency: opt_string(&options, SCOPE, "currency")?,
            max_response_bytes: opt_number(&options, SCOPE, "maxResponseBytes")?,
            read_only: opt_bool(&options, SCOPE, "readOnly")?,
        };
        // Checked in the order of the options table: accountId, authToken, then the rest.
        let account_id = required_account_id(options.account_id.clone())?;
        let source = source.ok_or_else(|| Error::config("authToken is required"))?;
        let config = Rc::new(Config { account_id, ..Config::without_credentials(options)? });
        let session = Session::new(Rc::clone(&config), source, None);
        let shared = Shared::new(config, session);
        if let Some(version) = server_version {
            shared.endpoints.borrow_mut().declare(&version)?;
        }
        Ok(BillingClient { shared })
    }

    /// The server's version as this client knows it: the `serverVersion` option, or the version
    /// the sign-in reply or the first reply named; `null` before any of them. Handing it to the
    /// next client's `serverVersion` lets that one send every first call at once.
    #[wasm_bindgen(getter, js_name = serverVersion, unchecked_return_type = "string | null")]
    pub fn server_version(&self) -> JsValue {
        self.shared.endpoints.borrow().version().map_or(JsValue::NULL, JsValue::from_str)
    }

    /// Uses `token` (a string, or a function returning one) for calls started from now on.
    #[wasm_bindgen(js_name = setAuthToken)]
    pub fn set_auth_token(&self, #[wasm_bindgen(unchecked_param_type = "AuthToken")] token: JsValue) -> Result<(), JsValue> {
        let source = source_of(&token).map_err(|e| self.js_error(e))?;
        self.shared.session.set_source(source);
        Ok(())
    }

    /// A rejection or throw of this client's, without any secret it has held.
    pub(super) fn js_error(&self, error: Error) -> JsValue {
        to_js_error(error, &self.shared.session.secrets())
    }

    /// Reads `endpoint`, or rejects at once when its arguments were bad.
    pub(super) fn run(&self, options: Result<(Params, Option<AbortSignal>), Error>, endpoint: &'static Endpoint, ledger: Option<Rc<str>>) -> Promise {
        match options {
            Ok((params, signal)) => start(self.shared.call(signal, ledger), endpoint, params, None),
            Err(e) => Promise::reject(&self.js_error(e)),
        }
    }

    /// The balance, wherever the server keeps it: Audian's `/balance`, Kazoo 4.3+'s
    /// `/ledgers/total` or Kazoo 3.22–4.2's `/transactions/current_balance`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Balance>")]
    pub fn balance(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), &endpoint::BALANCE, None)
    }

    /// One page of transactions, newest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<TransactionPage>")]
    pub fn transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Promise {
        self.run(parse_query(query, QUERY_NAMES).map(|(q, s)| (Pager::params(&q), s)), &endpoint::TRANSACTION_PAGE, None)
    }

    /// Every transaction in the range, page after page and window after window, newest first.
    /// Throws `AudianError` (`kind: "config"`) on a bad query.
    #[wasm_bindgen(js_name = allTransactions, unchecked_return_type = "AsyncIterableIterator<Transaction>")]
    pub fn all_transactions(&self, #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue) -> Result<JsValue, JsValue> {
        let (query, signal) = parse_query(query, QUERY_NAMES).map_err(|e| self.js_error(e))?;
        Ok(self.shared.rows(&endpoint::TRANSACTION_ROWS, query, signal, None))
    }

    /// The service plans on offer: `/service_plans`, or Kazoo 4.3+'s `/services/available`.
    #[wasm_bindgen(js_name = servicePlans, unchecked_return_type = "Promise<ServicePlan[]>")]
    pub fn service_plans(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), &endpoint::SERVICE_PLANS, None)
    }

    /// What the account pays for each month: Kazoo 4.3+'s `/services/summary`, or 3.22–4.2's
    /// `/service_plans/current`.
    #[wasm_bindgen(js_name = billingSummary, unchecked_return_type = "Promise<BillingSummary>")]
    pub fn billing_summary(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), &endpoint::BILLING_SUMMARY, None)
    }

    /// Spending per ledger in the range (`/ledgers`, Kazoo 4.0+).
    #[wasm_bindgen(unchecked_return_type = "Promise<LedgerUsage[]>")]
    pub fn usage(&self, #[wasm_bindgen(unchecked_optional_param_type = "UsageQuery")] query: JsValue) -> Promise {
        let args = parse_query(query, USAGE_NAMES).and_then(|(q, s)| q.check_one_range().map(|()| (Pager::params(&q), s)));
        self.run(args, &endpoint::USAGE, None)
    }

    /// One page of a ledger's entries (`/ledgers/{ledger}`), newest first.
    #[wasm_bindgen(js_name = ledgerEntries, unchecked_return_type = "Promise<LedgerEntryPage>")]
    pub fn ledger_entries(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ledger: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue,
    ) -> Promise {
        let args = ledger_of(&ledger).and_then(|ledger| Ok((ledger, parse_query(query, QUERY_NAMES)?)));
        match args {
            Ok((ledger, (query, signal))) => self.run(Ok((Pager::params(&query), signal)), &endpoint::LEDGER_PAGE, Some(ledger)),
            Err(e) => Promise::reject(&self.js_error(e)),
        }
    }

    /// Every entry of a ledger in the range, page after page and window after window, newest
    /// first. Throws `AudianError` (`kind: "config"`) on a bad ledger name or query.
    #[wasm_bindgen(js_name = allLedgerEntries, unchecked_return_type = "AsyncIterableIterator<LedgerEntry>")]
    pub fn all_ledger_entries(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ledger: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TransactionQuery")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ledger = ledger_of(&ledger).map_err(|e| self.js_error(e))?;
        let (query, signal) = parse_query(query, QUERY_NAMES).map_err(|e| self.js_error(e))?;
        Ok(self.shared.rows(&endpoint::LEDGER_ROWS, query, signal, Some(ledger)))
    }

    /// The account document.
    #[wasm_bindgen(unchecked_return_type = "Promise<Account>")]
    pub fn account(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|s| (Vec::new(), s)), &endpoint::ACCOUNT, None)
    }
}

/// A ledger name (`"per-minute-voip"`), which becomes a path segment.
fn ledger_of(value: &JsValue) -> Result<Rc<str>, Error> {
    let ledger = value.as_string().ok_or_else(|| Error::config("ledger must be a string (a ledger name such as \"per-minute-voip\")"))?;
    check_path_segment("ledger", "ledger name", &ledger)?;
    Ok(Rc::from(ledger))
}

/// The `nextPage` function behind `allTransactions` and `allLedgerEntries`: each call resolves
/// to the next page's rows, or `null` when the walk is over. JavaScript's `pagedIterable`
/// serializes the calls. Each page is a call of its own, so a token swapped by `setAuthToken`
/// (say after a 401) is used from the next page on.
fn next_page_fn(pager: Pager, endpoint: &'static Endpoint, call: impl Fn() -> Rc<Call> + 'static) -> JsValue {
    let pager = Rc::new(RefCell::new(pager));
    let next_page = move || -> Promise {
        match pager.borrow().next_query() {
            Some(query) => start(call(), endpoint, Pager::params(&query), Some(Rc::clone(&pager))),
            None => Promise::resolve(&JsValue::NULL),
        }
    };
    // Owned by JavaScript from here: freed with the iterator (wasm-bindgen's FinalizationRegistry).
    Closure::<dyn FnMut() -> Promise>::new(next_page).into_js_value()
}
