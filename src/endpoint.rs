//! Every endpoint the client calls, each described once: what it is (for messages), the paths
//! (and methods) that may serve it with the dialect known to serve each, and the decoder that
//! turns its reply into the JSON text handed to `JSON.parse`. Adding an endpoint is a model file
//! (its decoder), one [`Endpoint`] here, and the `BillingClient` method that names it (web/).
//!
//! Also here: the server's [`Dialect`], what a client has learned about its server
//! ([`Endpoints`]), and the two decisions of the path search ([`not_here`], [`not_offered`]).

use crate::client::MAX_WINDOW_SECONDS;
use crate::error::{Error, ErrorKind};
use crate::models::{account, balance, billing_settings, billing_summary, ledger, payment_method, service_plan, topup, transaction};
use crate::transport::Method;

/// Which line of Kazoo the server runs, as far as its replies have said.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Dialect {
    /// No reply has named a version (Audian's documented examples carry none).
    #[default]
    Unknown,
    /// Audian's documented API, as the `serverVersion` option declares it: no billing summary,
    /// no ledgers (usage and recurring charges are rows of `/transactions`).
    Audian,
    /// Kazoo 3.22–4.2: ledger rows in `/transactions`, `/transactions/current_balance`.
    Kazoo4,
    /// Kazoo 4.3+ and 5.x: payments in `/transactions`, usage in `/ledgers`, `/services/…`.
    Kazoo5,
}

impl Dialect {
    /// The dialect of an envelope's `version` (`"5.4.32.6"`, `"4.2.38"`); `None` when the text
    /// is not a version.
    ///
    /// ```
    /// use audian_billing::endpoint::Dialect;
    /// assert_eq!(Dialect::from_version("5.4.32.6"), Some(Dialect::Kazoo5));
    /// assert_eq!(Dialect::from_version("4.3.1"), Some(Dialect::Kazoo5));
    /// assert_eq!(Dialect::from_version("4.2.38"), Some(Dialect::Kazoo4));
    /// assert_eq!(Dialect::from_version("3.22"), Some(Dialect::Kazoo4));
    /// assert_eq!(Dialect::from_version("unknown"), None);
    /// ```
    pub fn from_version(version: &str) -> Option<Dialect> {
        let mut parts = version.trim().split('.').map(|p| p.parse::<u32>().ok());
        let major = parts.next().flatten()?;
        let minor = parts.next().flatten().unwrap_or(0);
        match (major, minor) {
            (0..=2, _) => None,
            (3, _) | (4, 0..=2) => Some(Dialect::Kazoo4),
            _ => Some(Dialect::Kazoo5),
        }
    }

    /// The dialect the `serverVersion` option names: a Kazoo version (`"5.4.32"`, `"4.2.x"`,
    /// `"3.22"`) or `"audian"` (Audian's documented API); a `config` error otherwise.
    ///
    /// ```
    /// use audian_billing::endpoint::Dialect;
    /// assert_eq!(Dialect::from_option("audian"), Ok(Dialect::Audian));
    /// assert_eq!(Dialect::from_option("4.2.x"), Ok(Dialect::Kazoo4));
    /// assert!(Dialect::from_option("latest").is_err());
    /// ```
    pub fn from_option(text: &str) -> Result<Dialect, Error> {
        if text.eq_ignore_ascii_case("audian") {
            return Ok(Dialect::Audian);
        }
        Dialect::from_version(text).ok_or_else(|| {
            Error::config(format!(
                "options.serverVersion must be a Kazoo version from 3.22 on (such as \"5.4.32\" or \"4.2\") or \"audian\" \
                (Audian's documented API); got \"{text}\""
            ))
        })
    }
}

/// One path (and method) an endpoint may be served at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    /// `GET` for every read.
    pub method: Method,
    /// Below `/v2/accounts/{id}`: `""` is the account itself; a path ending in `/` is followed
    /// by the call's ledger name.
    pub path: &'static str,
    /// The dialect known to serve the endpoint here, which a client of that dialect tries first.
    pub dialect: Option<Dialect>,
    /// Whether a list where the endpoint's object belongs means "not here": Kazoo 4.0–4.2 read
    /// `total` in `/ledgers/total` as a ledger's name and answer `[]`.
    pub list_means_elsewhere: bool,
}

impl Route {
    /// A `GET` of a path, for any dialect.
    const fn at(path: &'static str) -> Route {
        Route { method: Method::Get, path, dialect: None, list_means_elsewhere: false }
    }

    /// A `GET` of a path that `dialect` serves.
    const fn of(dialect: Dialect, path: &'static str) -> Route {
        Route { dialect: Some(dialect), ..Route::at(path) }
    }
}

/// What a decoder reads besides the body.
pub struct Context<'c> {
    /// The `currency` option, for balances and summaries without one.
    pub currency: &'c str,
    /// The ledger of `ledgerEntries` and `allLedgerEntries` (else empty).
    pub ledger: &'c str,
    /// The amount `addCredit` asked for, in units of $0.0001 (else 0).
    pub amount: i64,
}

/// The JSON text for `JSON.parse`, and, for the rows of a page an iterator walks, the next page's
/// key (`None` for every other result).
pub type Decoded = (String, Option<String>);

/// A decoder: a reply's body to [`Decoded`], or the error that names what is wrong where.
pub type Decode = fn(&[u8], &Context) -> Result<Decoded, Error>;

/// One endpoint: what it is, where it may be, and how its reply is read.
pub struct Endpoint {
    /// For people, in a `not_found` message: "the account's balance". It also names what a
    /// client remembers about the endpoint, so a page and its rows share the memory.
    pub what: &'static str,
    /// Every route that may serve it: Audian's documented one first, then Kazoo's newest to oldest.
    pub routes: &'static [Route],
    /// Whether Audian's documented API has it (`serverVersion: "audian"` sends nothing otherwise).
    pub audian: bool,
    /// The decoder of its reply.
    pub decode: Decode,
}

/// A decoder's text as a whole result (no next page).
fn whole(text: Result<String, Error>) -> Result<Decoded, Error> {
    text.map(|text| (text, None))
}

use Dialect::{Kazoo4, Kazoo5};

const TRANSACTIONS: &[Route] = &[Route::at("/transactions")];
const LEDGER: &[Route] = &[Route::at("/ledgers/")];
const THE_ACCOUNT: &[Route] = &[Route::at("")];

/// `account()`: the account document; every dialect serves it.
pub const ACCOUNT: Endpoint = Endpoint { what: "this account", routes: THE_ACCOUNT, audian: true, decode: |body, _| whole(account::json(body)) };

/// `balance()`: Audian's `/balance`, Kazoo 4.3+'s `/ledgers/total` or 3.22–4.2's `/transactions/current_balance`.
pub const BALANCE: Endpoint = Endpoint {
    what: "the account's balance",
    routes: &[
        Route::at("/balance"),
        Route { list_means_elsewhere: true, ..Route::of(Kazoo5, "/ledgers/total") },
        Route::of(Kazoo4, "/transactions/current_balance"),
    ],
    audian: true,
    decode: |body, c| whole(balance::json(body, c.currency)),
};

/// `transactions()`: one page.
pub const TRANSACTION_PAGE: Endpoint =
    Endpoint { what: "the account's transactions", routes: TRANSACTIONS, audian: true, decode: |body, _| whole(transaction::page_json(body)) };

/// `allTransactions()`: the rows of each page.
pub const TRANSACTION_ROWS: Endpoint =
    Endpoint { what: "the account's transactions", routes: TRANSACTIONS, audian: true, decode: |body, _| transaction::data_json(body) };

/// `servicePlans()`: `/service_plans` (Audian's page; the reseller's catalogue on Kazoo ≤ 4.2)
/// is gone on Kazoo 4.3+.
pub const SERVICE_PLANS: Endpoint = Endpoint {
    what: "the service plans on offer",
    routes: &[Route::of(Kazoo4, "/service_plans"), Route::of(Kazoo5, "/services/available")],
    audian: true,
    decode: |body, _| whole(service_plan::json(body)),
};

/// `billingSummary()`: what the account pays for each month.
pub const BILLING_SUMMARY: Endpoint = Endpoint {
    what: "a billing summary (what the account pays for each month)",
    routes: &[Route::of(Kazoo5, "/services/summary"), Route::of(Kazoo4, "/service_plans/current")],
    audian: false,
    decode: |body, c| whole(billing_summary::json(body, c.currency)),
};

/// `usage()`: spending per ledger (Kazoo 4.0+).
pub const USAGE: Endpoint =
    Endpoint { what: "usage by ledger", routes: &[Route::at("/ledgers")], audian: false, decode: |body, _| whole(ledger::usage_json(body)) };

/// `ledgerEntries()`: one page of a ledger (Kazoo 4.0+).
pub const LEDGER_PAGE: Endpoint =
    Endpoint { what: "ledger entries", routes: LEDGER, audian: false, decode: |body, c| whole(ledger::entries_page_json(body, c.ledger)) };

/// `allLedgerEntries()`: the rows of each page.
pub const LEDGER_ROWS: Endpoint =
    Endpoint { what: "ledger entries", routes: LEDGER, audian: false, decode: |body, c| ledger::entries_data_json(body, c.ledger) };

/// `addCredit()`: Audian's page's (and Kazoo ≤ 4.2's) `PUT /braintree/credits`, Kazoo 4.3+'s
/// `POST /services/topup`. A 404 on either means Crossbar has no such route: nothing was charged.
pub const CREDIT: Endpoint = Endpoint {
    what: "adding credit by card",
    routes: &[
        Route { method: Method::Put, ..Route::of(Kazoo4, "/braintree/credits") },
        Route { method: Method::Post, ..Route::of(Kazoo5, "/services/topup") },
    ],
    audian: true,
    decode: |body, c| whole(topup::credit_json(body, c.amount)),
};

/// `billingSettings()`: auto-recharge and the low-balance alert, in the account document.
pub const BILLING_SETTINGS: Endpoint =
    Endpoint { what: "the billing settings", routes: THE_ACCOUNT, audian: true, decode: |body, _| whole(billing_settings::json(body)) };

/// A `PATCH` of the account document: every dialect has it.
pub const PATCH_ACCOUNT: Route = Route { method: Method::Patch, ..Route::at("") };

/// `updateBillingSettings()`: a [`PATCH_ACCOUNT`], read back as `billingSettings()` reads it.
pub const UPDATE_SETTINGS: Endpoint =
    Endpoint { what: "the billing settings", routes: &[PATCH_ACCOUNT], audian: true, decode: |body, _| whole(billing_settings::json(body)) };

/// `paymentMethod()`: the cards on file (a 404 where the install has no Braintree).
pub const PAYMENT_METHOD: Endpoint = Endpoint {
    what: "the cards on file",
    routes: &[Route::at("/braintree/customer")],
    audian: true,
    decode: |body, _| whole(payment_method::json(body)),
};

/// What a client has learned about its server: the dialect, and which route answered each
/// endpoint that has several. Later calls go straight there, so a Kazoo server is asked once,
/// not through a chain of 404s every time.
///
/// ```
/// use audian_billing::endpoint::{Endpoints, BALANCE};
/// let paths = |e: &Endpoints| e.plan(&BALANCE).iter().map(|r| r.path).collect::<Vec<_>>();
/// let mut endpoints = Endpoints::default();
/// assert_eq!(paths(&endpoints), ["/balance", "/ledgers/total", "/transactions/current_balance"]);
/// endpoints.learn_version(Some("5.4.32.6"));
/// assert_eq!(paths(&endpoints)[0], "/ledgers/total");
/// endpoints.answered(&BALANCE, BALANCE.routes[2]);
/// assert_eq!(paths(&endpoints)[0], "/transactions/current_balance");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoints {
    dialect: Dialect,
    /// The version as the server named it or the `serverVersion` option declared it.
    version: Option<String>,
    /// Whether a reply was read for its version (or the option declared it): the first decides.
    heard: bool,
    /// The route that answered, by the endpoint's `what` (a handful of entries).
    answered: Vec<(&'static str, Route)>,
    /// The longest date window the server accepted, once it refused a longer one (its
    /// `crossbar.maximum_range` is configurable); `None`: [`MAX_WINDOW_SECONDS`].
    window: Option<i64>,
}

impl Endpoints {
    /// The window length new pagers start with.
    pub fn window(&self) -> i64 {
        self.window.unwrap_or(MAX_WINDOW_SECONDS)
    }

    /// Remembers that the server refused windows longer than `span` seconds.
    pub fn narrowed(&mut self, span: i64) {
        self.window = Some(self.window().min(span));
    }

    /// The dialect learned so far.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the first reply has been read for its version (later ones need not be).
    pub fn heard(&self) -> bool {
        self.heard
    }

    /// The server's version as the client knows it: the `version` a reply named, the
    /// `serverVersion` option (`"audian"` included), or `None` before either.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref().filter(|_| self.dialect != Dialect::Unknown)
    }

    /// Learns the dialect from the `version` of the first reply's envelope; a first reply
    /// without one (Audian's documented form) leaves the routes in their documented order.
    pub fn learn_version(&mut self, version: Option<&str>) {
        if !self.heard {
            self.heard = true;
            self.dialect = version.and_then(Dialect::from_version).unwrap_or_default();
            self.version = version.map(str::to_owned);
        }
    }

    /// Takes the dialect the `serverVersion` option declares (checked by [`Dialect::from_option`]):
    /// the first calls go straight to its routes, without waiting for a reply.
    pub fn declare(&mut self, version: &str) -> Result<(), Error> {
        self.dialect = Dialect::from_option(version)?;
        self.version = Some(if self.dialect == Dialect::Audian { "audian".to_owned() } else { version.trim().to_owned() });
        self.heard = true;
        Ok(())
    }

    /// The routes to try for `endpoint`, in order: the one that answered before, the dialect's
    /// own, then the rest; none when the dialect does not serve it.
    pub fn plan(&self, endpoint: &Endpoint) -> Vec<Route> {
        if self.dialect == Dialect::Audian && !endpoint.audian {
            return Vec::new();
        }
        let remembered = self.answered.iter().find(|(what, _)| *what == endpoint.what).map(|&(_, route)| route);
        let own = endpoint.routes.iter().copied().find(|r| r.dialect == Some(self.dialect));
        let mut plan = Vec::with_capacity(endpoint.routes.len());
        for route in remembered.into_iter().chain(own).chain(endpoint.routes.iter().copied()) {
            if !plan.contains(&route) {
                plan.push(route);
            }
        }
        plan
    }

    /// Records that `route` answered `endpoint` (only where there was a choice).
    pub fn answered(&mut self, endpoint: &Endpoint, route: Route) {
        if endpoint.routes.len() < 2 {
            return;
        }
        match self.answered.iter_mut().find(|(what, _)| *what == endpoint.what) {
            Some(entry) => entry.1 = route,
            None => self.answered.push((endpoint.what, route)),
        }
    }
}

/// Whether `error`, from `route`, means "this server serves the endpoint elsewhere": a 404 that
/// is not about the account (Kazoo says `bad_identifier` for an unknown account), or a list
/// where a [`Route::list_means_elsewhere`].
pub fn not_here(route: &Route, error: &Error) -> bool {
    match error.kind {
        // A 404 at the account itself is about the account id or the baseUrl, which its own
        // message says; every dialect serves the account.
        ErrorKind::NotFound => !route.path.is_empty() && error.code.as_deref() != Some("bad_identifier"),
        ErrorKind::Validation => route.list_means_elsewhere && error.path.as_deref() == Some("data"),
        _ => false,
    }
}

/// The `not_found` error when no route of `endpoint` answered; `tried` are the paths asked
/// (none when the dialect does not serve it).
///
/// ```
/// use audian_billing::endpoint::{not_offered, BILLING_SUMMARY};
/// let tried = ["/services/summary".to_owned(), "/service_plans/current".to_owned()];
/// let e = not_offered(&BILLING_SUMMARY, &tried, None);
/// assert_eq!(e.message, "The server does not offer a billing summary (what the account pays for each month): \
///     it answered 404 (or an older form) at /services/summary, /service_plans/current.");
/// ```
pub fn not_offered(endpoint: &Endpoint, tried: &[String], request_id: Option<String>) -> Error {
    let mut message = format!("The server does not offer {}", endpoint.what);
    if tried.is_empty() {
        message.push_str(": Audian's documented API (serverVersion \"audian\") has no such endpoint, so nothing was sent.");
    } else {
        message.push_str(": it answered 404 (or an older form) at ");
        for (i, path) in tried.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push_str(if path.is_empty() { "the account" } else { path });
        }
        message.push('.');
    }
    let mut e = Error::new(ErrorKind::NotFound, message).with_request_id(request_id);
    if !tried.is_empty() {
        e.status = Some(404);
    }
    e.code = Some("not_offered".to_owned());
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(e: &Endpoints, endpoint: &Endpoint) -> Vec<&'static str> {
        e.plan(endpoint).iter().map(|r| r.path).collect()
    }

    #[test]
    fn endpoints_follow_the_dialect_and_what_answered() {
        let mut e = Endpoints::default();
        assert_eq!(paths(&e, &SERVICE_PLANS), ["/service_plans", "/services/available"]);
        assert_eq!(paths(&e, &BILLING_SUMMARY), ["/services/summary", "/service_plans/current"]);
        assert_eq!(paths(&e, &USAGE), ["/ledgers"]);

        e.learn_version(Some("4.2.38"));
        assert_eq!((e.dialect(), e.heard()), (Dialect::Kazoo4, true));
        assert_eq!(paths(&e, &BALANCE), ["/transactions/current_balance", "/balance", "/ledgers/total"]);
        assert_eq!(paths(&e, &BILLING_SUMMARY), ["/service_plans/current", "/services/summary"]);
        e.learn_version(Some("5.4.32.6"));
        assert_eq!(e.dialect(), Dialect::Kazoo4, "the first reply decides");

        let mut e = Endpoints::default();
        e.learn_version(None);
        assert_eq!((e.dialect(), e.heard()), (Dialect::Unknown, true));
        let mut e = Endpoints::default();
        e.learn_version(Some("not a version"));
        assert_eq!(e.dialect(), Dialect::Unknown);
        let mut e = Endpoints::default();
        e.learn_version(Some("5.4.32.6"));
        assert_eq!(paths(&e, &BALANCE), ["/ledgers/total", "/balance", "/transactions/current_balance"]);
        assert_eq!(paths(&e, &SERVICE_PLANS), ["/services/available", "/service_plans"]);
        e.answered(&SERVICE_PLANS, SERVICE_PLANS.routes[0]);
        assert_eq!(paths(&e, &SERVICE_PLANS), ["/service_plans", "/services/available"], "what answered comes first");
        e.answered(&USAGE, USAGE.routes[0]);
        assert_eq!(paths(&e, &USAGE), ["/ledgers"], "single-route endpoints have nothing to remember");
        assert_eq!(e.answered.len(), 1);
        assert_eq!(e.version(), Some("5.4.32.6"));
    }

    #[test]
    fn the_server_version_option_sets_the_plans_before_any_reply() {
        let mut e = Endpoints::default();
        assert_eq!(e.version(), None);
        e.declare(" 5.4.32 ").unwrap();
        assert_eq!((e.dialect(), e.heard(), e.version()), (Dialect::Kazoo5, true, Some("5.4.32")));
        assert_eq!(paths(&e, &BILLING_SUMMARY), ["/services/summary", "/service_plans/current"]);
        e.learn_version(Some("4.2.38"));
        assert_eq!(e.dialect(), Dialect::Kazoo5, "the option decides: replies are not read for it");

        let mut e = Endpoints::default();
        e.declare("4.2.x").unwrap();
        assert_eq!(paths(&e, &BALANCE)[0], "/transactions/current_balance");
        e.declare("3.22").unwrap();
        assert_eq!(e.dialect(), Dialect::Kazoo4);

        let mut e = Endpoints::default();
        e.declare("Audian").unwrap();
        assert_eq!((e.dialect(), e.version()), (Dialect::Audian, Some("audian")));
        assert_eq!(paths(&e, &BALANCE), ["/balance", "/ledgers/total", "/transactions/current_balance"]);
        for endpoint in [&BILLING_SUMMARY, &USAGE, &LEDGER_PAGE, &LEDGER_ROWS] {
            assert_eq!(paths(&e, endpoint), [] as [&str; 0], "{}: Audian's documented API has none", endpoint.what);
        }
        let none = not_offered(&BILLING_SUMMARY, &[], None);
        assert!(none.message.contains("nothing was sent"), "{}", none.message);
        assert_eq!((none.status, none.code.as_deref()), (None, Some("not_offered")));

        for bad in ["", "latest", "2.9", "v5", "audian5"] {
            let err = Endpoints::default().declare(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::Config, "{bad:?}");
            assert!(err.message.contains("options.serverVersion"), "{}", err.message);
        }
    }

    /// Each endpoint's routes as each dialect tries them before learning anything else: the
    /// whole routing table with the method of each route, then what each dialect changes.
    #[test]
    fn every_endpoint_routes_per_dialect() {
        let all = [
            &ACCOUNT,
            &BALANCE,
            &TRANSACTION_PAGE,
            &TRANSACTION_ROWS,
            &SERVICE_PLANS,
            &BILLING_SUMMARY,
            &USAGE,
            &LEDGER_PAGE,
            &LEDGER_ROWS,
            &CREDIT,
            &BILLING_SETTINGS,
            &UPDATE_SETTINGS,
            &PAYMENT_METHOD,
        ];
        let plans = |version: Option<&str>| {
            let mut e = Endpoints::default();
            if let Some(v) = version {
                e.declare(v).unwrap();
            }
            all.map(|endpoint| e.plan(endpoint).iter().map(|r| format!("{} {}", r.method.as_str(), r.path)).collect::<Vec<_>>().join(", "))
        };
        let unknown = plans(None);
        assert_eq!(
            unknown,
            [
                "GET ",
                "GET /balance, GET /ledgers/total, GET /transactions/current_balance",
                "GET /transactions",
                "GET /transactions",
                "GET /service_plans, GET /services/available",
                "GET /services/summary, GET /service_plans/current",
                "GET /ledgers",
                "GET /ledgers/",
                "GET /ledgers/",
                "PUT /braintree/credits, POST /services/topup",
                "GET ",
                "PATCH ",
                "GET /braintree/customer",
            ]
        );
        // Where a declared dialect's plan differs from the documented order: (endpoint, plan).
        let differs = |version: &str| {
            let plans = plans(Some(version));
            (0..all.len()).filter(|&i| plans[i] != unknown[i]).map(|i| (all[i].what, plans[i].clone())).collect::<Vec<_>>()
        };
        let summary = BILLING_SUMMARY.what;
        assert_eq!(
            differs("audian"),
            [(summary, String::new()), ("usage by ledger", String::new()), ("ledger entries", String::new()), ("ledger entries", String::new())]
        );
        assert_eq!(
            differs("4.2"),
            [
                (BALANCE.what, "GET /transactions/current_balance, GET /balance, GET /ledgers/total".to_owned()),
                (summary, "GET /service_plans/current, GET /services/summary".to_owned()),
            ]
        );
        assert_eq!(
            differs("5.4.32"),
            [
                (BALANCE.what, "GET /ledgers/total, GET /balance, GET /transactions/current_balance".to_owned()),
                (SERVICE_PLANS.what, "GET /services/available, GET /service_plans".to_owned()),
                (CREDIT.what, "POST /services/topup, PUT /braintree/credits".to_owned()),
            ]
        );
    }

    #[test]
    fn what_answered_is_remembered_per_endpoint() {
        let mut e = Endpoints::default();
        e.answered(&CREDIT, CREDIT.routes[1]);
        assert_eq!(paths(&e, &CREDIT), ["/services/topup", "/braintree/credits"]);
        assert_eq!(paths(&e, &SERVICE_PLANS)[0], "/service_plans", "each endpoint its own memory");
        e.answered(&CREDIT, CREDIT.routes[0]);
        assert_eq!(paths(&e, &CREDIT)[0], "/braintree/credits", "the latest answer counts");
        assert_eq!(e.answered.len(), 1);
    }

    #[test]
    fn only_a_404_about_the_path_or_an_older_form_moves_on() {
        let not_found = |code: Option<&str>| {
            let mut e = Error::new(ErrorKind::NotFound, "HTTP 404").with_status(404);
            e.code = code.map(Into::into);
            e
        };
        let [balance, ledgers_total, _] = [BALANCE.routes[0], BALANCE.routes[1], BALANCE.routes[2]];
        assert!(not_here(&balance, &not_found(Some("not_found"))));
        assert!(not_here(&balance, &not_found(None)));
        assert!(!not_here(&balance, &not_found(Some("bad_identifier"))), "an unknown account is not a dialect");
        assert!(!not_here(&ACCOUNT.routes[0], &not_found(None)), "a 404 at the account is about its id or the baseUrl");
        assert!(!not_here(&UPDATE_SETTINGS.routes[0], &not_found(None)), "nor is one of a PATCH there");
        let list = Error::new(ErrorKind::Validation, "data: expected a JSON object").with_path("data");
        assert!(not_here(&ledgers_total, &list));
        assert!(!not_here(&balance, &list), "only /ledgers/total answers a list on older Kazoo");
        let field = Error::new(ErrorKind::Validation, "bad").with_path("data.amount");
        assert!(!not_here(&ledgers_total, &field));
        assert!(!not_here(&balance, &Error::new(ErrorKind::Server, "HTTP 500").with_status(500)));

        let tried = ["/balance".to_owned(), "/ledgers/total".to_owned(), "/transactions/current_balance".to_owned()];
        let e = not_offered(&BALANCE, &tried, Some("r9".into()));
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::NotFound, Some(404), Some("r9")));
        assert!(
            e.message.contains("the account's balance") && e.message.ends_with("/ledgers/total, /transactions/current_balance."),
            "{}",
            e.message
        );
        assert!(!e.message.contains("account id"), "{}", e.message);
    }

    #[test]
    fn each_endpoint_reads_its_reply_with_its_decoder() {
        let c = Context { currency: "EUR", ledger: "per-minute-voip", amount: 250_000 };
        assert_eq!((BALANCE.decode)(br#"{"data":{"balance":1.5}}"#, &c).unwrap(), (r#"{"balance":1.5,"currency":"EUR"}"#.to_owned(), None));
        let (rows, next) = (TRANSACTION_ROWS.decode)(br#"{"data":[],"next_start_key":"k2"}"#, &c).unwrap();
        assert_eq!((rows.as_str(), next.as_deref()), ("[]", Some("k2")), "rows carry the next page's key");
        let (page, next) = (TRANSACTION_PAGE.decode)(br#"{"data":[],"next_start_key":"k2"}"#, &c).unwrap();
        assert!(page.contains("k2") && next.is_none(), "{page}: a page carries its key in its own text");
        let (credit, _) = (CREDIT.decode)(br#"{"data":{}}"#, &c).unwrap();
        assert!(credit.starts_with(r#"{"amount":25"#), "{credit}: the amount asked for");
        let e = (ACCOUNT.decode)(br#"{"data":[]}"#, &c).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
    }
}
