//! Bindings to JavaScript: the package's own JS module and the globals the client needs.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use crate::error::Error;

#[wasm_bindgen(module = "/js/audian-billing.js")]
extern "C" {
    /// `AudianError`, a real `Error` subclass so `instanceof` and stack traces work.
    pub type AudianError;
    #[wasm_bindgen(constructor)]
    fn new(kind: &str, message: &str, status: Option<u16>, request_id: Option<String>, path: Option<String>, code: Option<String>) -> AudianError;

    /// Wraps a `nextPage` function as an async iterator.
    #[wasm_bindgen(js_name = pagedIterable)]
    pub fn paged_iterable(next_page: JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker or Node alike).
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn global_fetch(request: &web_sys::Request) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;

    /// `AbortSignal.timeout(ms)`: aborts with a `TimeoutError` after `ms`.
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    pub fn abort_signal_timeout(ms: u32) -> Result<AbortSignal, JsValue>;

    /// `AbortSignal.any(signals)`: aborts when any of them does.
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = any)]
    pub fn abort_signal_any(signals: &Array) -> Result<AbortSignal, JsValue>;
}

/// Turns an [`Error`] into a thrown/rejected `AudianError`, never carrying any of `secrets`.
pub fn to_js_error<S: AsRef<str>>(error: Error, secrets: &[S]) -> JsValue {
    audian_error(error.redact(secrets))
}

/// The `AudianError` of an already redacted error (not generic: one copy in the `.wasm`).
fn audian_error(e: Error) -> JsValue {
    AudianError::new(e.kind.as_str(), &e.message, e.status, e.request_id, e.path, e.code).into()
}

/// A boxed future for [`spawn`].
pub type Task<T> = Pin<Box<dyn Future<Output = T>>>;

/// `future_to_promise` behind one type: each future type given to the generic function is a
/// copy of its wrapper in the `.wasm`, so every method's future is boxed and spawned here.
pub fn spawn(task: Task<Result<JsValue, JsValue>>) -> Promise {
    future_to_promise(task)
}
