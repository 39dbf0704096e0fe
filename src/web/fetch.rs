//! [`Transport`] over the browser's `fetch`, through web-sys.
//!
//! Not gloo-net (docs/dependencies.md): its `js_to_js_error` reaches `unreachable!` when a fetch
//! rejects with a reason that is not an `Error`, such as `controller.abort("user left")`, which
//! callers may do; it has no timeout and no capped body reader, and adds 3–5 KiB gzip. What is
//! needed is small: one `fetch`, a body read with a size cap, and `AbortSignal.any` for timeout +
//! caller.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, AddEventListenerOptions, Headers, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestCredentials, RequestInit,
    RequestMode, RequestRedirect, ResponseType,
};

use super::js::{abort_signal_any, abort_signal_timeout, global_fetch, set_timeout};
use crate::transport::{Failure, Request, Response, Transport};

/// Sends with `fetch`; one per call, holding the caller's signal.
pub struct FetchTransport {
    /// Per-attempt timeout, covering headers and body.
    pub timeout_ms: u32,
    /// The caller's `AbortSignal`.
    pub signal: Option<AbortSignal>,
}

impl FetchTransport {
    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    /// Names why a fetch or body read failed: the caller, the timeout, or the network.
    fn failure(&self, timeout: &AbortSignal, error: JsValue) -> Failure {
        if self.aborted() {
            Failure::Aborted
        } else if timeout.aborted() {
            Failure::Timeout
        } else {
            Failure::Network(describe(&error))
        }
    }

    fn build(&self, request: &Request, signal: &AbortSignal) -> Result<web_sys::Request, JsValue> {
        let headers = Headers::new()?;
        headers.set("Accept", "application/json")?;
        if !request.token.is_empty() {
            headers.set("X-Auth-Token", &request.token)?;
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        if let Some(body) = &request.body {
            headers.set("Content-Type", "application/json")?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        init.set_mode(RequestMode::Cors);
        init.set_credentials(RequestCredentials::Omit);
        // Never follow: a redirect to another origin would carry the token there.
        init.set_redirect(RequestRedirect::Manual);
        init.set_signal(Some(signal));
        web_sys::Request::new_with_str_and_init(&request.url, &init)
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<Response, Failure> {
        if self.aborted() {
            return Err(Failure::Aborted);
        }
        let timeout = abort_signal_timeout(self.timeout_ms).map_err(|e| Failure::Network(describe(&e)))?;
        let signals = Array::of1(&timeout);
        if let Some(signal) = &self.signal {
            signals.push(signal);
        }
        let signal = abort_signal_any(&signals).map_err(|e| Failure::Network(describe(&e)))?;
        let fetch_request = self.build(request, &signal).map_err(|e| Failure::Network(describe(&e)))?;
        let promise = global_fetch(&fetch_request).map_err(|e| Failure::Network(describe(&e)))?;
        let response: web_sys::Response = JsFuture::from(promise)
            .await
            .map_err(|e| self.failure(&timeout, e))?
            .dyn_into()
            .map_err(|_| Failure::Network("fetch resolved to something that is not a Response".into()))?;

        let status = response.status();
        if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
            cancel(&response);
            return Err(Failure::Redirect((status != 0).then_some(status)));
        }
        let headers = response.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        let length = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        if let Some(length) = length.filter(|&l| l > u64::from(request.max_response_bytes)) {
            cancel(&response);
            return Err(Failure::TooLarge { bytes: length });
        }
        // The declared length (already within maxResponseBytes) is reserved once bytes arrive:
        // one buffer of the body's size (wasm memory never shrinks, and doubling would leave up to
        // twice that), but nothing for a server that declares 64 MiB and then sends nothing.
        let capacity = length.unwrap_or(0) as usize;
        let body = read_body(&response, request.max_response_bytes, capacity, |e| self.failure(&timeout, e)).await?;
        Ok(Response { status, body, request_id: header("x-request-id"), retry_after: header("retry-after") })
    }

    async fn sleep(&self, ms: u32) -> Result<(), Failure> {
        let mut resolver = None;
        let wait = Promise::new(&mut |resolve, _reject| {
            let _ = set_timeout(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
            if let Some(signal) = &self.signal {
                let once = AddEventListenerOptions::new();
                once.set_once(true);
                let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &resolve, &once);
            }
            resolver = Some(resolve);
        });
        let _ = JsFuture::from(wait).await;
        if let (Some(signal), Some(resolve)) = (&self.signal, &resolver) {
            let _ = signal.remove_event_listener_with_callback("abort", resolve);
        }
        if self.aborted() {
            Err(Failure::Aborted)
        } else {
            Ok(())
        }
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// Reads the body chunk by chunk, so an oversized body stops at the cap instead of filling memory.
async fn read_body(response: &web_sys::Response, max: u32, capacity: usize, failure: impl Fn(JsValue) -> Failure) -> Result<Vec<u8>, Failure> {
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read()).await.map_err(&failure)?.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(body);
        }
        let bytes: Uint8Array =
            chunk.get_value().dyn_into().map_err(|_| Failure::Network("the body stream yielded something that is not bytes".into()))?;
        let start = body.len();
        let end = start + bytes.length() as usize;
        if end > max as usize {
            let _ = reader.cancel();
            return Err(Failure::TooLarge { bytes: end as u64 });
        }
        if start == 0 {
            body.reserve(capacity.max(end));
        }
        body.resize(end, 0);
        if let Some(slot) = body.get_mut(start..end) {
            bytes.copy_to(slot);
        }
    }
}

fn cancel(response: &web_sys::Response) {
    if let Some(stream) = response.body() {
        let _ = stream.cancel();
    }
}

/// A platform error's message ("Failed to fetch", "network error", …).
pub(super) fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}
