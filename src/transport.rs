//! The seam between the client's logic and the network: a trait, so the retry loop and
//! pagination run on the host in `cargo test` against a scripted transport, and in the
//! browser against `fetch` (`crate::web::fetch`).

/// The HTTP methods the client uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    /// Every billing call.
    #[default]
    Get,
    /// Sign-in and renewal.
    Put,
    /// Sign-out.
    Delete,
    /// Adding credit on Kazoo 4.3+ (`/services/topup`).
    Post,
    /// Changing the account document (billing settings).
    Patch,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// A request to send. Headers are fixed: `Accept: application/json`, `X-Auth-Token` unless the
/// token is empty (a sign-in), and `Content-Type: application/json` with a body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    /// `GET` unless said otherwise.
    pub method: Method,
    /// The full URL, built from the configured base URL only.
    pub url: String,
    /// Goes into `X-Auth-Token`, nowhere else; empty for none.
    pub token: String,
    /// A JSON body (sign-in credentials travel only here).
    pub body: Option<String>,
    /// Largest body to read.
    pub max_response_bytes: u32,
}

/// A response with its body read in full.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// The body bytes.
    pub body: Vec<u8>,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
}

/// Why no response came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The connection failed or broke; the text says how, as far as the platform tells.
    Network(String),
    /// The attempt's timeout fired (while waiting for headers or reading the body).
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// The server answered with a redirect, which is never followed.
    Redirect(Option<u16>),
    /// The body is larger than allowed.
    TooLarge {
        /// What the server declared or what was read before giving up.
        bytes: u64,
    },
}

/// Sends requests, waits, and tells the time.
#[allow(async_fn_in_trait)] // browser futures are not `Send`, so no `Send` bound is wanted.
pub trait Transport {
    /// Sends one attempt and reads its body.
    async fn send(&self, request: &Request) -> Result<Response, Failure>;
    /// Waits `ms` milliseconds; `Err(Failure::Aborted)` if the caller aborts meanwhile.
    async fn sleep(&self, ms: u32) -> Result<(), Failure>;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` to spread retries.
    fn jitter(&self) -> f64;
}
