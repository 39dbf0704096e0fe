//! The JavaScript-facing side (wasm32 only): `BillingClient`, `AudianError`, and `fetch`.

mod api;
mod fetch;
mod js;

pub use api::BillingClient;
