//! The JavaScript-facing side (wasm32 only): `BillingClient`, `AudianError`, and `fetch`.

mod api;
mod args;
mod fetch;
mod js;
mod session;
mod sign_in;

pub use api::BillingClient;
