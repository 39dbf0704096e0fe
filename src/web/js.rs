//! Bindings to JavaScript: the package's own JS module and the globals the client needs.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::error::Error;

#[wasm_bindgen(module = "/js/audian-billing.js")]
extern "C" {
    /// `AudianError`, a real `Error` subclass so `instanceof` and stack traces work.
    pub type AudianError;
    #[wasm_bindgen(constructor)]
    fn new(kind: &str, message: &str, status: Option<u16>, request_id: Option<String>, path: Option<String>) -> AudianError;

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
    let e = error.redact(secrets);
    AudianError::new(e.kind.as_str(), &e.message, e.status, e.request_id, e.path).into()
}
