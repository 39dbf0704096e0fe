//! What a call does, independent of the browser: build the URL, run attempts under the retry
//! policy, map statuses to errors, and walk pages and date windows.

use crate::config::Config;
use crate::envelope::api_error;
use crate::error::{Error, ErrorKind};
use crate::retry::{retry_after_ms, Attempt, Outcome, RetryPolicy, WriteFate};
use crate::text::number_text;
use crate::time::{from_gregorian, parse_query_date, GREGORIAN_UNIX_OFFSET};
use crate::transport::{Failure, Method, Request, Response, Transport};

/// The server refuses `created_to - created_from` beyond 31 days + 1 hour; windows stay at 31 days.
pub const MAX_WINDOW_SECONDS: i64 = 31 * 86_400;
/// The server's own limit on one range: 31 days + 1 hour (a month of local days that gains an
/// hour when the clocks go back, such as October in Europe).
pub const MAX_RANGE_SECONDS: i64 = MAX_WINDOW_SECONDS + 3_600;
/// Largest `page_size` accepted.
pub const MAX_PAGE_SIZE: u32 = 1_000;

/// A query bound as the caller gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum DateArg {
    /// Milliseconds since the epoch (a JS `Date`).
    EpochMs(f64),
    /// RFC 3339 text or `YYYY-MM-DD`.
    Text(String),
}

/// The API's own query parameters for `/transactions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransactionQuery {
    /// `created_from`, in Gregorian seconds.
    pub created_from: Option<i64>,
    /// `created_to`, in Gregorian seconds.
    pub created_to: Option<i64>,
    /// `page_size`.
    pub page_size: Option<u32>,
    /// `start_key`.
    pub start_key: Option<String>,
}

impl TransactionQuery {
    /// Checks the caller's arguments and converts dates to Gregorian seconds.
    ///
    /// ```
    /// use audian_billing::client::{DateArg, TransactionQuery};
    /// let q = TransactionQuery::new(Some(DateArg::Text("1970-01-01".into())), None, Some(25.0), None).unwrap();
    /// assert_eq!(q.created_from, Some(62_167_219_200));
    /// ```
    pub fn new(from: Option<DateArg>, to: Option<DateArg>, page_size: Option<f64>, start_key: Option<String>) -> Result<Self, Error> {
        let created_from = from.map(|d| gregorian("from", d)).transpose()?;
        let created_to = to.map(|d| gregorian("to", d)).transpose()?;
        if let (Some(f), Some(t)) = (created_from, created_to) {
            if f > t {
                return Err(Error::config("query.from is after query.to"));
            }
        }
        let page_size = match page_size {
            None => None,
            Some(n) if n.fract() == 0.0 && (1.0..=f64::from(MAX_PAGE_SIZE)).contains(&n) => Some(n as u32),
            Some(n) => return Err(Error::config(format!("query.pageSize must be a whole number from 1 to {MAX_PAGE_SIZE}; got {}", number_text(n)))),
        };
        if start_key.as_deref() == Some("") {
            return Err(Error::config("query.startKey must not be empty (omit it for the first page)"));
        }
        Ok(TransactionQuery { created_from, created_to, page_size, start_key })
    }

    /// Checks the range of `usage()`, which the server totals in one request (it cannot be split).
    pub fn check_one_range(&self) -> Result<(), Error> {
        match (self.created_from, self.created_to) {
            (Some(from), Some(to)) if to - from > MAX_RANGE_SECONDS => {
                Err(Error::config("usage() covers at most 31 days and 1 hour (the server's limit for ledger totals): ask for one month at a time"))
            }
            _ => Ok(()),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(f) = self.created_from {
            params.push(("created_from", f.to_string()));
        }
        if let Some(t) = self.created_to {
            params.push(("created_to", t.to_string()));
        }
        if let Some(n) = self.page_size {
            params.push(("page_size", n.to_string()));
        }
        if let Some(k) = &self.start_key {
            params.push(("start_key", k.clone()));
        }
        params
    }
}

fn gregorian(name: &str, date: DateArg) -> Result<i64, Error> {
    let unix = match date {
        DateArg::EpochMs(ms) if ms.is_finite() => (ms / 1000.0).floor() as i64,
        DateArg::EpochMs(_) => return Err(Error::config(format!("query.{name} is an invalid Date"))),
        DateArg::Text(text) => parse_query_date(&text, name == "to").map_err(|e| Error::config(format!("query.{name}: {e}")))?.unix,
    };
    // A JS Date reaches ±275,760 years; the API's dates (and RFC 3339) stop at 0000–9999.
    let seconds = unix.saturating_add(GREGORIAN_UNIX_OFFSET);
    from_gregorian(seconds).map_err(|_| Error::config(format!("query.{name} is outside the years 0000–9999")))?;
    Ok(seconds)
}

/// The newest window of at most `span` seconds that ends at `hi` and starts no earlier than `from`.
fn window_ending(hi: i64, from: i64, span: i64) -> (Option<i64>, Option<i64>) {
    (Some(hi.saturating_sub(span).max(from)), Some(hi))
}

/// The shortest window a pager narrows to: an install whose `crossbar.maximum_range` is below
/// an hour is not one to walk.
pub const MIN_WINDOW_SECONDS: i64 = 3_600;

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(crate::text::hex_digit(b >> 4).to_ascii_uppercase()));
            out.push(char::from(crate::text::hex_digit(b).to_ascii_uppercase()));
        }
    }
    out
}

/// Builds the URL of a path below the account (`""` or starting with `/`) with its query.
pub fn url(config: &Config, path: &str, params: &[(&str, String)]) -> String {
    let mut url = config.url(path);
    for (i, (key, value)) in params.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(key);
        url.push('=');
        url.push_str(&percent_encode(value));
    }
    url
}

/// Runs one call: attempts under the retry policy; a 2xx response comes back for decoding.
pub async fn get<T: Transport>(transport: &T, config: &Config, token: &str, path: &str, params: &[(&str, String)]) -> Result<Response, Error> {
    let request =
        Request { url: url(config, path, params), token: token.to_owned(), max_response_bytes: config.max_response_bytes, ..Request::default() };
    send(transport, config, &request).await
}

/// Sends `request` under the retry policy; a 2xx response comes back. A `PUT` or `DELETE` is
/// sent again only after an answer saying the server did not act on it ([`Attempt::refused`]).
pub async fn send<T: Transport>(transport: &T, config: &Config, request: &Request) -> Result<Response, Error> {
    send_with(transport, config, request, None).await
}

/// Sends a write that must happen at most once (adding credit): like [`send`]; a declined card
/// is a `payment_declined` error, and a failure after which the server may have acted
/// ([`WriteFate::Unknown`]) is reported with `outcome_unknown` and `check`, what the user
/// should look at before trying again.
pub async fn send_once<T: Transport>(transport: &T, config: &Config, request: &Request, check: &str) -> Result<Response, Error> {
    send_with(transport, config, request, Some(check)).await
}

async fn send_with<T: Transport>(transport: &T, config: &Config, request: &Request, once: Option<&str>) -> Result<Response, Error> {
    let policy = RetryPolicy { max_retries: config.max_retries };
    let mut retries = 0;
    loop {
        let result = match transport.send(request).await {
            Ok(response) if (200..300).contains(&response.status) => return Ok(response),
            other => other,
        };
        let (attempt, retry_after) = match &result {
            Ok(r) => (Some(Attempt::Status(r.status)), r.retry_after.as_deref().and_then(|h| retry_after_ms(h, transport.now_ms()))),
            Err(Failure::Network(_)) => (Some(Attempt::NetworkError), None),
            Err(Failure::Timeout) => (Some(Attempt::TimedOut), None),
            // The caller's abort once the request left, or a body too large to read.
            Err(Failure::Aborted | Failure::TooLarge { .. }) if once.is_some() => (None, None),
            // Aborted, redirected, too large: retrying cannot help.
            Err(_) => return Err(failure_error(result, config, retries)),
        };
        if let Some(check) = once {
            if let Some(declined) = result.as_ref().ok().and_then(crate::models::topup::declined) {
                return Err(declined);
            }
            match WriteFate::of(attempt) {
                WriteFate::NotDone => {}
                WriteFate::Refused => return Err(failure_error(result, config, retries)),
                WriteFate::Unknown => return Err(failure_error(result, config, retries).outcome_unknown(check)),
            }
        }
        let Some(attempt) = attempt else { return Err(failure_error(result, config, retries)) };
        if request.method != Method::Get && !attempt.refused() {
            return Err(failure_error(result, config, retries));
        }
        match policy.decide(attempt, retries, retry_after, transport.jitter()) {
            Outcome::Stop => return Err(failure_error(result, config, retries)),
            Outcome::Retry { delay_ms } => {
                transport.sleep(delay_ms).await.map_err(|f| failure_error(Err(f), config, retries))?;
                retries += 1;
            }
        }
    }
}

/// Waits `ms` before a request (a walk pacing itself); an abort meanwhile is an `aborted` error.
pub async fn pause<T: Transport>(transport: &T, config: &Config, ms: u32) -> Result<(), Error> {
    if ms == 0 {
        return Ok(());
    }
    transport.sleep(ms).await.map_err(|f| failure_error(Err(f), config, 0))
}

fn failure_error(result: Result<Response, Failure>, config: &Config, retries: u32) -> Error {
    let tries = match retries {
        0 => String::new(),
        n => format!(" (after {} attempts)", n + 1),
    };
    match result {
        Ok(response) => {
            let mut e = api_error(Some(response.status), &response.body, response.request_id);
            if retries > 0 {
                e.message.push_str(&tries);
            }
            e
        }
        Err(Failure::Network(why)) => Error::new(
            ErrorKind::Network,
            format!(
                "Could not reach {}{tries}: {why}. Check the network, the baseUrl, and that the server allows this page's origin (CORS).",
                config.base_url
            ),
        ),
        Err(Failure::Timeout) => Error::new(ErrorKind::Timeout, format!("No complete response within timeoutMs ({} ms){tries}.", config.timeout_ms)),
        Err(Failure::Aborted) => Error::new(ErrorKind::Aborted, "The request was aborted by its AbortSignal."),
        Err(Failure::Redirect(status)) => {
            let e = Error::new(
                ErrorKind::Http,
                "The server answered with a redirect, which this client never follows \
                (the token must not travel to another address). Point baseUrl at the API's final address.",
            );
            match status {
                Some(s) => e.with_status(s),
                None => e,
            }
        }
        Err(Failure::TooLarge { bytes }) => Error::new(
            ErrorKind::Decode,
            format!("The response body ({bytes} bytes or more) is larger than maxResponseBytes ({} bytes).", config.max_response_bytes),
        ),
    }
}

/// Walks `/transactions` page by page, splitting long date ranges into windows the server
/// accepts, newest window first (the API lists newest first).
#[derive(Clone, Debug, PartialEq)]
pub struct Pager {
    /// The current window `(from, to)` in Gregorian seconds, inclusive (`None` bounds are left to
    /// the server); `None` when the walk is over. Older windows are made as each one ends.
    window: Option<(Option<i64>, Option<i64>)>,
    /// Where the whole range starts.
    from: Option<i64>,
    page_size: Option<u32>,
    start_key: Option<String>,
    /// The keys already sent in the current window: one coming back would walk a cycle forever.
    sent: Vec<String>,
    /// How long to wait before the next page: the server's rate-limit bucket ran low.
    pause_ms: u32,
    /// The length of a window: [`MAX_WINDOW_SECONDS`], or less on a server that refused it.
    span: i64,
}

impl Pager {
    /// Plans the walk; `now_gregorian` closes a range that has `from` but no `to`.
    ///
    /// ```
    /// use audian_billing::client::{Pager, TransactionQuery, MAX_WINDOW_SECONDS};
    /// let q = TransactionQuery { created_from: Some(0), created_to: Some(2 * MAX_WINDOW_SECONDS), ..Default::default() };
    /// let pager = Pager::new(q, 0, MAX_WINDOW_SECONDS);
    /// assert_eq!(pager.next_query().unwrap().created_to, Some(2 * MAX_WINDOW_SECONDS));
    /// ```
    pub fn new(query: TransactionQuery, now_gregorian: i64, span: i64) -> Pager {
        let span = span.clamp(MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS);
        let window = match (query.created_from, query.created_to) {
            (Some(from), to) => Some(window_ending(to.unwrap_or(now_gregorian.max(from)), from, span)),
            (None, to) => Some((None, to)),
        };
        Pager { window, from: query.created_from, page_size: query.page_size, start_key: query.start_key, sent: Vec::new(), pause_ms: 0, span }
    }

    /// After the server refused the current window as too long (400 `date_range`: its
    /// `crossbar.maximum_range` is below 31 days), halves the window length and starts the
    /// window again, ending where it ended. Returns the new length, or `None` when the window
    /// cannot shrink (it is open-ended, already a page into it, or down to an hour).
    pub fn narrow(&mut self) -> Option<i64> {
        let (Some((Some(lo), Some(hi))), Some(from)) = (self.window, self.from) else { return None };
        if self.start_key.is_some() || !self.sent.is_empty() || hi - lo <= MIN_WINDOW_SECONDS {
            return None;
        }
        self.span = ((hi - lo) / 2).max(MIN_WINDOW_SECONDS);
        self.window = Some(window_ending(hi, from, self.span));
        Some(self.span)
    }

    /// The query for the next page, or `None` when the walk is over.
    pub fn next_query(&self) -> Option<TransactionQuery> {
        let (created_from, created_to) = self.window?;
        Some(TransactionQuery { created_from, created_to, page_size: self.page_size, start_key: self.start_key.clone() })
    }

    /// Records the `next_start_key` of the page just read.
    pub fn advance(&mut self, next_start_key: Option<String>) {
        // A key sent before in this window would loop forever (a known server bug class is the
        // one just sent; a hostile server can cycle through several).
        self.sent.extend(self.start_key.take());
        match next_start_key {
            Some(key) if !self.sent.contains(&key) => self.start_key = Some(key),
            _ => {
                self.sent.clear();
                self.window = match (self.window, self.from) {
                    (Some((Some(lo), _)), Some(from)) if lo > from => Some(window_ending(lo - 1, from, self.span)),
                    _ => None,
                };
            }
        }
    }

    /// Records the `tokens.remaining` of the page just read: when the bucket runs low, the next
    /// page waits for it to refill ([`crate::retry::pace_ms`]) instead of running into 429s.
    pub fn pace(&mut self, remaining: Option<u64>) {
        self.pause_ms = crate::retry::pace_ms(remaining);
    }

    /// The wait owed before the next page (then none until the next reply says so).
    pub fn take_pause(&mut self) -> u32 {
        std::mem::take(&mut self.pause_ms)
    }

    /// The query parameters of `query`.
    pub fn params(query: &TransactionQuery) -> Vec<(&'static str, String)> {
        query.params()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Options;
    use crate::endpoint::Endpoints;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Plays back scripted results and records what was sent and slept.
    #[derive(Default)]
    struct Script {
        results: RefCell<VecDeque<Result<Response, Failure>>>,
        sent: RefCell<Vec<Request>>,
        slept: RefCell<Vec<u32>>,
        abort_sleep: bool,
    }

    impl Transport for Script {
        async fn send(&self, request: &Request) -> Result<Response, Failure> {
            self.sent.borrow_mut().push(request.clone());
            self.results.borrow_mut().pop_front().unwrap_or(Err(Failure::Network("script ran out".into())))
        }
        async fn sleep(&self, ms: u32) -> Result<(), Failure> {
            self.slept.borrow_mut().push(ms);
            if self.abort_sleep {
                Err(Failure::Aborted)
            } else {
                Ok(())
            }
        }
        fn now_ms(&self) -> f64 {
            0.0
        }
        fn jitter(&self) -> f64 {
            1.0
        }
    }

    /// The scripted transport never pends, so polling once completes the future.
    fn run<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("scripted futures never pend"),
        }
    }

    fn config() -> Config {
        Config::new(Options { account_id: Some("acct".into()), base_url: Some("http://127.0.0.1:9".into()), ..Options::default() }).unwrap()
    }

    fn status(status: u16, retry_after: Option<&str>) -> Result<Response, Failure> {
        Ok(Response { status, retry_after: retry_after.map(Into::into), ..Response::default() })
    }

    fn script(results: Vec<Result<Response, Failure>>) -> Script {
        Script { results: RefCell::new(results.into()), ..Script::default() }
    }

    #[test]
    fn a_payment_is_sent_once_and_says_when_its_outcome_is_unknown() {
        let post = Request {
            method: Method::Post,
            url: "http://127.0.0.1:9/v2/accounts/acct/services/topup".into(),
            body: Some("{}".into()),
            ..Request::default()
        };
        let check = "check the transactions.";
        let t = script(vec![status(429, Some("0")), status(503, None), status(200, None)]);
        assert_eq!(run(send_once(&t, &config(), &post, check)).unwrap().status, 200);
        assert_eq!(t.sent.borrow().len(), 3, "429 and 503 say the server did nothing");

        for result in [
            Err(Failure::Network("reset".into())),
            Err(Failure::Timeout),
            Err(Failure::Aborted),
            status(500, None),
            status(502, None),
            status(504, None),
        ] {
            let t = script(vec![result.clone(), status(200, None)]);
            let e = run(send_once(&t, &config(), &post, check)).unwrap_err();
            assert_eq!(t.sent.borrow().len(), 1, "{result:?}: never sent twice");
            assert!(e.outcome_unknown, "{result:?}");
            assert!(e.message.ends_with("it was not sent again: check the transactions."), "{}", e.message);
        }
        for code in [400, 401, 402, 403, 404] {
            let t = script(vec![status(code, None), status(200, None)]);
            let e = run(send_once(&t, &config(), &post, check)).unwrap_err();
            assert_eq!((e.status, e.outcome_unknown, t.sent.borrow().len()), (Some(code), false, 1), "{code}: the server refused");
        }
        let declined =
            br#"{"status":"error","message":"processor_declined","data":{"status":"failed","bookkeeper":{"results":{"message":"Do Not Honor"}}}}"#;
        let t = script(vec![Ok(Response { status: 500, body: declined.to_vec(), ..Response::default() })]);
        let e = run(send_once(&t, &config(), &post, check)).unwrap_err();
        assert_eq!((e.kind, e.outcome_unknown), (ErrorKind::PaymentDeclined, false));

        let t = Script { abort_sleep: true, ..script(vec![status(503, None)]) };
        let e = run(send_once(&t, &config(), &post, check)).unwrap_err();
        assert_eq!((e.kind, e.outcome_unknown), (ErrorKind::Aborted, false), "aborted while waiting to resend: nothing was done");
    }

    #[test]
    fn urls_carry_only_the_api_parameters() {
        let q = TransactionQuery { created_from: Some(1), page_size: Some(50), start_key: Some("a b/&=?".into()), ..Default::default() };
        assert_eq!(
            url(&config(), "/transactions", &q.params()),
            "http://127.0.0.1:9/v2/accounts/acct/transactions?created_from=1&page_size=50&start_key=a%20b%2F%26%3D%3F"
        );
        assert_eq!(url(&config(), "", &[]), "http://127.0.0.1:9/v2/accounts/acct");
    }

    #[test]
    fn retries_transient_failures_then_succeeds() {
        let t = script(vec![Err(Failure::Network("reset".into())), status(503, Some("1")), status(200, None)]);
        let r = run(get(&t, &config(), "token-123", "/balance", &[])).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(*t.slept.borrow(), vec![300, 1_000], "backoff, then the server's Retry-After");
        assert!(t.sent.borrow().iter().all(|r| r.method == Method::Get && r.body.is_none()));
        assert_eq!(t.sent.borrow().len(), 3);
        assert!(t.sent.borrow().iter().all(|r| r.token == "token-123" && r.url.ends_with("/balance")));
    }

    #[test]
    fn the_retry_budget_ends_in_the_contract_kind() {
        let t = script(vec![status(429, Some("0")), status(429, Some("0")), status(429, Some("0")), status(200, None)]);
        let e = run(get(&t, &config(), "token-123", "/balance", &[])).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::RateLimited, Some(429)));
        assert!(e.message.ends_with("(after 3 attempts)"), "{}", e.message);
        assert_eq!(t.sent.borrow().len(), 3, "1 + maxRetries attempts");

        let t = script(vec![Err(Failure::Timeout), Err(Failure::Timeout), Err(Failure::Timeout)]);
        let e = run(get(&t, &config(), "token-123", "/balance", &[])).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert!(e.message.contains("15000 ms"), "{}", e.message);
    }

    #[test]
    fn client_errors_and_final_failures_are_not_retried() {
        for (result, kind) in [
            (status(400, None), ErrorKind::Http),
            (status(401, None), ErrorKind::Unauthorized),
            (status(403, None), ErrorKind::Forbidden),
            (status(404, None), ErrorKind::NotFound),
            (status(500, None), ErrorKind::Server),
            (status(429, Some("3600")), ErrorKind::RateLimited),
            (Err(Failure::Aborted), ErrorKind::Aborted),
            (Err(Failure::Redirect(Some(302))), ErrorKind::Http),
            (Err(Failure::TooLarge { bytes: 1 << 30 }), ErrorKind::Decode),
        ] {
            let t = script(vec![result, status(200, None)]);
            let e = run(get(&t, &config(), "token-123", "/balance", &[])).unwrap_err();
            assert_eq!(e.kind, kind);
            assert_eq!(t.sent.borrow().len(), 1, "{kind:?} must not be retried");
        }
    }

    #[test]
    fn puts_and_deletes_are_resent_only_when_the_server_did_not_act() {
        let put = Request { method: Method::Put, url: "http://127.0.0.1:9/v2/user_auth".into(), body: Some("{}".into()), ..Request::default() };
        let t = script(vec![status(429, Some("0")), status(503, None), status(200, None)]);
        assert_eq!(run(send(&t, &config(), &put)).unwrap().status, 200);
        assert_eq!(t.sent.borrow().len(), 3);
        for result in [Err(Failure::Network("reset".into())), Err(Failure::Timeout), status(502, None), status(504, None)] {
            let t = script(vec![result, status(200, None)]);
            assert!(run(send(&t, &config(), &put)).is_err());
            assert_eq!(t.sent.borrow().len(), 1, "the server may have acted: not resent");
        }
    }

    #[test]
    fn aborting_while_waiting_stops_at_once() {
        let mut t = script(vec![status(503, None), status(200, None)]);
        t.abort_sleep = true;
        let e = run(get(&t, &config(), "token-123", "/balance", &[])).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Aborted);
        assert_eq!(t.sent.borrow().len(), 1);
    }

    #[test]
    fn query_arguments_are_checked() {
        let text = |s: &str| Some(DateArg::Text(s.into()));
        let q = TransactionQuery::new(Some(DateArg::EpochMs(1_000.9)), text("2026-02-01T00:00:00Z"), None, Some("k".into())).unwrap();
        assert_eq!(q.created_from, Some(GREGORIAN_UNIX_OFFSET + 1));
        assert_eq!(q.created_to, Some(GREGORIAN_UNIX_OFFSET + 1_769_904_000));
        for (from, to, size, key, says) in [
            (text("2026-02-30"), None, None, None, "query.from"),
            (Some(DateArg::EpochMs(f64::NAN)), None, None, None, "invalid Date"),
            (text("2026-03-01"), text("2026-02-01"), None, None, "after"),
            (None, None, Some(0.0), None, "pageSize"),
            (None, None, Some(2.5), None, "pageSize"),
            (None, None, Some(1_001.0), None, "pageSize"),
            (None, None, None, Some(String::new()), "startKey"),
            (Some(DateArg::EpochMs(-8.64e15)), None, None, None, "outside the years"),
            (None, Some(DateArg::EpochMs(8.64e15)), None, None, "outside the years"),
            // A Date subclass can override getTime: any finite number must give an error, not overflow.
            (Some(DateArg::EpochMs(1e300)), None, None, None, "outside the years"),
            (None, Some(DateArg::EpochMs(-1e300)), None, None, "outside the years"),
        ] {
            let e = TransactionQuery::new(from, to, size, key).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Config);
            assert!(e.message.contains(says), "{}", e.message);
        }
    }

    #[test]
    fn a_bare_date_as_to_includes_that_day() {
        let day = |s: &str| Some(DateArg::Text(s.into()));
        let q = TransactionQuery::new(day("2026-06-05"), day("2026-06-05"), None, None).unwrap();
        let midnight = GREGORIAN_UNIX_OFFSET + 1_780_617_600; // 2026-06-05T00:00:00Z
        assert_eq!((q.created_from, q.created_to), (Some(midnight), Some(midnight + 86_399)));
        let exact = TransactionQuery::new(None, day("2026-06-05T00:00:00Z"), None, None).unwrap();
        assert_eq!(exact.created_to, Some(midnight), "a full timestamp is taken as written");
    }

    #[test]
    fn usage_takes_any_local_calendar_month() {
        let text = |s: &str| Some(DateArg::Text(s.into()));
        let range = |from: &str, to: &str| TransactionQuery::new(text(from), text(to), None, None).unwrap().check_one_range();
        // October in Paris: 31 days and the hour the clocks go back, as the widget asks for it.
        assert_eq!(range("2026-10-01T00:00:00+02:00", "2026-10-31T23:59:59+01:00"), Ok(()));
        assert_eq!(range("2026-01-01", "2026-01-31"), Ok(()));
        let e = range("2026-01-01", "2026-02-01").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Config);
        assert!(e.message.contains("usage() covers at most 31 days and 1 hour"), "{}", e.message);
    }

    #[test]
    fn a_server_with_a_shorter_maximum_range_gets_halved_windows() {
        let day = 86_400;
        let q = TransactionQuery { created_from: Some(0), created_to: Some(60 * day), ..Default::default() };
        let mut pager = Pager::new(q.clone(), 0, MAX_WINDOW_SECONDS);
        // The server allows 7 days: 31 → 15.5 → 7.75 → 3.875 days, the window still ending at `to`.
        let mut refused = 0;
        while pager.next_query().and_then(|q| q.created_from.zip(q.created_to)).is_some_and(|(lo, hi)| hi - lo > 7 * day) {
            assert!(pager.narrow().is_some());
            refused += 1;
        }
        assert_eq!(refused, 3);
        let first = pager.next_query().unwrap();
        assert_eq!((first.created_to, first.created_to.unwrap() - first.created_from.unwrap()), (Some(60 * day), 334_800));
        let mut endpoints = Endpoints::default();
        endpoints.narrowed(334_800);
        endpoints.narrowed(MAX_WINDOW_SECONDS);
        assert_eq!(endpoints.window(), 334_800, "remembered per client: only ever shorter");
        // The walk goes on, window after window of that length, to the range's start.
        let mut lows = Vec::new();
        while let Some(next) = pager.next_query() {
            lows.push(next.created_from.unwrap());
            pager.advance(None);
        }
        assert_eq!((lows.len(), lows.last().copied()), (16, Some(0)));
        // A later pager starts at the remembered length.
        assert_eq!(Pager::new(q, 0, endpoints.window()).next_query().unwrap().created_from, Some(60 * day - 334_800));
    }

    #[test]
    fn a_window_that_cannot_shrink_is_reported() {
        let mut open = Pager::new(TransactionQuery::default(), 0, MAX_WINDOW_SECONDS);
        assert_eq!(open.narrow(), None, "no range of ours: the server's default window");
        let mut hour = Pager::new(TransactionQuery { created_from: Some(0), created_to: Some(3_600), ..Default::default() }, 0, MAX_WINDOW_SECONDS);
        assert_eq!(hour.narrow(), None, "an hour is the floor");
        let mut paged = Pager::new(TransactionQuery { created_from: Some(0), created_to: Some(86_400), ..Default::default() }, 0, MAX_WINDOW_SECONDS);
        paged.advance(Some("k".into()));
        assert_eq!(paged.narrow(), None, "a page into a window: the server took it");
    }

    #[test]
    fn date_range_causes_mark_the_error() {
        let body = br#"{"data":{"created_from":{"date_range":{"message":"created_to 63940425600 is more than 604800 seconds from created_from 63937747200","cause":63940425600}}},"error":"400","message":"validation error","status":"error"}"#;
        let e = crate::envelope::api_error(Some(400), body, None);
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Http, Some("date_range")));
        let other = crate::envelope::api_error(Some(400), br#"{"data":{"page_size":{"range":{"message":"x"}}},"message":"validation error"}"#, None);
        assert_eq!(other.code.as_deref(), Some("validation error"));
    }

    #[test]
    fn long_ranges_are_split_into_windows_newest_first() {
        let day = 86_400;
        let q = TransactionQuery { created_from: Some(0), created_to: Some(100 * day), page_size: Some(10), ..Default::default() };
        let mut pager = Pager::new(q, 0, MAX_WINDOW_SECONDS);
        let mut windows = Vec::new();
        while let Some(q) = pager.next_query() {
            windows.push((q.created_from.unwrap(), q.created_to.unwrap()));
            assert_eq!(q.page_size, Some(10));
            pager.advance(None);
        }
        assert_eq!(windows.first(), Some(&(100 * day - MAX_WINDOW_SECONDS, 100 * day)));
        assert_eq!(windows.last().map(|w| w.0), Some(0));
        for pair in windows.windows(2) {
            assert_eq!(pair[1].1, pair[0].0 - 1, "windows touch without overlapping");
        }
        assert!(windows.iter().all(|(lo, hi)| hi - lo <= MAX_WINDOW_SECONDS && lo <= hi));
        assert_eq!(windows.len(), 4);
    }

    #[test]
    fn pages_follow_keys_and_stop_on_a_repeated_key() {
        let q = TransactionQuery { created_from: Some(10), created_to: Some(20), ..Default::default() };
        let mut pager = Pager::new(q, 0, MAX_WINDOW_SECONDS);
        assert_eq!(pager.next_query().unwrap().start_key, None);
        pager.advance(Some("k1".into()));
        assert_eq!(pager.next_query().unwrap().start_key.as_deref(), Some("k1"));
        pager.advance(Some("k1".into()));
        assert_eq!(pager.next_query(), None, "a repeated key ends the walk");

        let mut cycle = Pager::new(TransactionQuery { created_from: Some(10), created_to: Some(20), ..Default::default() }, 0, MAX_WINDOW_SECONDS);
        for key in ["a", "b", "c"] {
            cycle.advance(Some(key.into()));
            assert_eq!(cycle.next_query().and_then(|q| q.start_key).as_deref(), Some(key));
        }
        cycle.advance(Some("a".into()));
        assert_eq!(cycle.next_query(), None, "a key sent earlier in the window ends it: no cycle a → b → c → a");
        let mut windows = Pager::new(
            TransactionQuery { created_from: Some(0), created_to: Some(2 * MAX_WINDOW_SECONDS), ..Default::default() },
            0,
            MAX_WINDOW_SECONDS,
        );
        windows.advance(Some("a".into()));
        windows.advance(None);
        windows.advance(Some("a".into()));
        assert_eq!(windows.next_query().and_then(|q| q.start_key).as_deref(), Some("a"), "each window has keys of its own");

        let mut open = Pager::new(TransactionQuery::default(), 0, MAX_WINDOW_SECONDS);
        assert_eq!(open.next_query(), Some(TransactionQuery::default()), "no range: the server's default window");
        open.advance(None);
        assert_eq!(open.next_query(), None);

        let from_only = Pager::new(TransactionQuery { created_from: Some(5), ..Default::default() }, 100, MAX_WINDOW_SECONDS);
        assert_eq!(from_only.next_query().map(|q| (q.created_from, q.created_to)), Some((Some(5), Some(100))));
    }

    #[test]
    fn a_walk_waits_once_after_a_page_that_found_the_bucket_low() {
        let mut pager = Pager::new(TransactionQuery::default(), 0, MAX_WINDOW_SECONDS);
        assert_eq!(pager.take_pause(), 0);
        pager.pace(Some(5));
        assert_eq!((pager.take_pause(), pager.take_pause()), (1_500, 0), "owed once");
        pager.pace(Some(90));
        assert_eq!(pager.take_pause(), 0);
        let s = script(vec![]);
        assert_eq!(run(pause(&s, &config(), 0)), Ok(()));
        assert_eq!(run(pause(&s, &config(), 700)), Ok(()));
        assert_eq!(*s.slept.borrow(), [700], "no timer for no pause");
        let aborting = Script { abort_sleep: true, ..Script::default() };
        assert_eq!(run(pause(&aborting, &config(), 100)).unwrap_err().kind, ErrorKind::Aborted);
    }
}
