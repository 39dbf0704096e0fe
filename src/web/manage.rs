//! The methods that manage billing: `addCredit`, `billingSettings`, `updateBillingSettings` and
//! `paymentMethod` (README.md, "Managing billing"). Each write checks `readOnly` and its
//! arguments before anything is sent; adding credit is sent at most once (client::send_once).

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::api::{in_response, parse_call_options, perform, BillingClient, Call};
use super::args::{argument, opt_bool, opt_number, property, signal_of};
use super::js::{spawn, to_js_error};
use crate::client;
use crate::endpoint::{self, Route, BALANCE, BILLING_SETTINGS, CREDIT, PATCH_ACCOUNT, PAYMENT_METHOD, UPDATE_SETTINGS};
use crate::error::{Error, ErrorKind};
use crate::models::billing_settings::Update;
use crate::models::topup;
use crate::transport::{Request, Response};

/// What a failed top-up whose outcome is unknown tells the user to do.
const CHECK_CREDIT: &str = "check the account's transactions and balance before trying again.";
/// The same for a settings change.
const CHECK_SETTINGS: &str = "read the billing settings again to see what was saved.";

/// What one managing call does.
enum Task {
    /// Adds this many units of $0.0001 to the balance, charging the card on file.
    Credit(i64),
    /// Changes the billing settings.
    Update(Update),
    /// Reads the cards on file.
    Card,
}

#[wasm_bindgen]
impl BillingClient {
    /// Adds credit to the balance, charging the card on file, once: never sent again after the
    /// request may have reached the server (the error then has `outcomeUnknown: true`).
    #[wasm_bindgen(js_name = addCredit, unchecked_return_type = "Promise<Credit>")]
    pub fn add_credit(&self, #[wasm_bindgen(unchecked_param_type = "AddCreditOptions")] options: JsValue) -> Promise {
        let args = self.shared.config.require_writable("addCredit").and_then(|()| credit_args(options));
        self.manage(args.map(|(units, signal)| (Task::Credit(units), signal)))
    }

    /// Auto-recharge and the low-balance alert, as the account document holds them.
    #[wasm_bindgen(js_name = billingSettings, unchecked_return_type = "Promise<BillingSettings>")]
    pub fn billing_settings(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.run(parse_call_options(options).map(|signal| (Vec::new(), signal)), &BILLING_SETTINGS, None)
    }

    /// Changes auto-recharge and/or the low-balance alert (`PATCH`, only what is given);
    /// resolves to the settings as the server stored them.
    #[wasm_bindgen(js_name = updateBillingSettings, unchecked_return_type = "Promise<BillingSettings>")]
    pub fn update_billing_settings(&self, #[wasm_bindgen(unchecked_param_type = "BillingSettingsUpdate")] changes: JsValue) -> Promise {
        let args = self.shared.config.require_writable("updateBillingSettings").and_then(|()| update_args(changes));
        self.manage(args.map(|(update, signal)| (Task::Update(update), signal)))
    }

    /// The cards on file, or `null` where the server has no card service (Braintree).
    #[wasm_bindgen(js_name = paymentMethod, unchecked_return_type = "Promise<PaymentMethod | null>")]
    pub fn payment_method(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue) -> Promise {
        self.manage(parse_call_options(options).map(|signal| (Task::Card, signal)))
    }

    /// Starts `task`, or rejects at once (nothing sent) when its arguments were bad.
    fn manage(&self, args: Result<(Task, Option<AbortSignal>), Error>) -> Promise {
        match args {
            Ok((task, signal)) => {
                let call = self.shared.call(signal, None);
                let session = Rc::clone(&call.session);
                spawn(Box::pin(async move { run(call, task).await.map_err(|e| to_js_error(e, &session.secrets())) }))
            }
            Err(e) => Promise::reject(&self.js_error(e)),
        }
    }
}

/// `{ amount, signal? }`.
fn credit_args(options: JsValue) -> Result<(i64, Option<AbortSignal>), Error> {
    let Some(o) = argument(options, "options", &["amount", "signal"])? else {
        return Err(Error::config("addCredit needs { amount }"));
    };
    let amount = opt_number(&o, "options", "amount")?.ok_or_else(|| Error::config("options.amount is required"))?;
    Ok((topup::checked_amount("amount", amount, false)?, signal_of(property(&o, "options", "signal")?)?))
}

/// `{ autoRecharge?: {threshold, amount} | null, lowBalanceAlert?: {enabled, threshold}, signal? }`.
fn update_args(changes: JsValue) -> Result<(Update, Option<AbortSignal>), Error> {
    const SCOPE: &str = "changes";
    let Some(c) = argument(changes, SCOPE, &["autoRecharge", "lowBalanceAlert", "signal"])? else {
        return Err(Error::config("updateBillingSettings needs { autoRecharge?, lowBalanceAlert? }"));
    };
    let mut update = Update::default();
    let recharge = property(&c, SCOPE, "autoRecharge")?;
    if recharge.is_null() {
        update.auto_recharge = Some(None);
    } else if let Some(r) = argument(recharge, "changes.autoRecharge", &["threshold", "amount"])? {
        let threshold = required_number(&r, "changes.autoRecharge", "threshold")?;
        let amount = required_number(&r, "changes.autoRecharge", "amount")?;
        let threshold = topup::checked_amount("changes.autoRecharge.threshold", threshold, false)?;
        update.auto_recharge = Some(Some((threshold, topup::checked_amount("changes.autoRecharge.amount", amount, false)?)));
    }
    let alert = property(&c, SCOPE, "lowBalanceAlert")?;
    if alert.is_null() {
        return Err(Error::config("changes.lowBalanceAlert cannot be null: turn it off with { enabled: false, threshold }"));
    }
    if let Some(a) = argument(alert, "changes.lowBalanceAlert", &["enabled", "threshold"])? {
        let enabled =
            opt_bool(&a, "changes.lowBalanceAlert", "enabled")?.ok_or_else(|| Error::config("changes.lowBalanceAlert.enabled is required"))?;
        let threshold = required_number(&a, "changes.lowBalanceAlert", "threshold")?;
        update.low_balance = Some((enabled, topup::checked_amount("changes.lowBalanceAlert.threshold", threshold, true)?));
    }
    if update == Update::default() {
        return Err(Error::config("updateBillingSettings changes nothing: give autoRecharge and/or lowBalanceAlert"));
    }
    Ok((update, signal_of(property(&c, SCOPE, "signal")?)?))
}

fn required_number(object: &JsValue, scope: &str, name: &str) -> Result<f64, Error> {
    opt_number(object, scope, name)?.ok_or_else(|| Error::config(format!("{scope}.{name} is required")))
}

/// The one async path of the managing methods (one state machine in the `.wasm`).
async fn run(call: Rc<Call>, task: Task) -> Result<JsValue, Error> {
    match task {
        Task::Credit(units) => credit(call, units).await,
        Task::Update(update) => {
            let response = write(&call, &PATCH_ACCOUNT, update.body(), CHECK_SETTINGS).await?;
            parse(&in_response(&response, (UPDATE_SETTINGS.decode)(&response.body, &call.context(0)))?.0)
        }
        // A 404 means the install has no card service: no card, not an error.
        Task::Card => match perform(call, &PAYMENT_METHOD, Vec::new(), None).await {
            Err(e) if e.kind == ErrorKind::NotFound && e.code.as_deref() == Some("not_offered") => Ok(JsValue::NULL),
            other => other,
        },
    }
}

/// Adds credit at the first route the server has (a 404 means Crossbar has no such route:
/// nothing was charged), then reads the balance once to confirm it.
async fn credit(call: Rc<Call>, units: i64) -> Result<JsValue, Error> {
    let plan = call.endpoints.borrow().plan(&CREDIT);
    let (mut tried, mut request_id) = (Vec::new(), None);
    for route in plan {
        match write(&call, &route, topup::body(units), CHECK_CREDIT).await {
            Ok(response) => {
                call.learn(&response.body);
                call.endpoints.borrow_mut().answered(&CREDIT, route);
                // The server said yes: a reply that cannot be read still leaves the outcome open.
                let credit = in_response(&response, (CREDIT.decode)(&response.body, &call.context(units)));
                let credit = parse(&credit.map_err(|e| e.outcome_unknown(CHECK_CREDIT))?.0)?;
                if let Ok(balance) = perform(Rc::clone(&call), &BALANCE, Vec::new(), None).await {
                    let key = JsValue::from_str("balance");
                    let _ = js_sys::Reflect::get(&balance, &key).and_then(|b| js_sys::Reflect::set(&credit, &key, &b));
                }
                return Ok(credit);
            }
            Err(e) if endpoint::not_here(&route, &e) => {
                request_id = e.request_id;
                tried.push(route.path.to_owned());
            }
            Err(e) => return Err(e),
        }
    }
    Err(endpoint::not_offered(&CREDIT, &tried, request_id))
}

/// Sends a write with the session's token; after a 401 (the server did nothing), once more with
/// a new token from the host's function. Sent at most once otherwise (client::send_once).
async fn write(call: &Call, route: &Route, body: String, check: &str) -> Result<Response, Error> {
    let mut token = call.session.token().await?;
    let mut retried = false;
    loop {
        // Checked here, with no await before the fetch: an abort now means nothing was sent.
        if call.transport.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(Error::new(ErrorKind::Aborted, "The request was aborted by its AbortSignal before it was sent; nothing was changed."));
        }
        let request = Request {
            method: route.method,
            url: client::url(&call.config, route.path, &[]),
            token: token.to_string(),
            body: Some(body.clone()),
            max_response_bytes: call.config.max_response_bytes,
        };
        match client::send_once(&call.transport, &call.config, &request, check).await {
            Err(e) if e.kind == ErrorKind::Unauthorized && !retried => match call.session.after_unauthorized(&token).await {
                Some(fresh) => (token, retried) = (fresh, true),
                None => return Err(e),
            },
            other => return other,
        }
    }
}

fn parse(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| Error::new(ErrorKind::Decode, "internal: normalized JSON did not parse"))
}
