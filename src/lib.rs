//! # audian-billing
//!
//! A typed, validated client for the Audian billing API (2600Hz Kazoo's Crossbar API), built for
//! the browser with wasm-bindgen. JavaScript users see `BillingClient` and `AudianError`
//! (README.md); this crate documentation describes the Rust side.
//!
//! Layout, from the network inwards:
//! - [`transport`]: the `Transport` trait; `web::fetch` implements it with the browser's `fetch`.
//! - [`client`]: URLs, the retry loop ([`retry`]), status mapping, pagination windows.
//! - [`endpoint`]: every endpoint described once (its routes per dialect, its decoder), and what
//!   a client learns about its server.
//! - [`envelope`] and [`models`]: Kazoo's envelope and each endpoint's decoder, which checks
//!   every field and writes the normalized JSON text for `JSON.parse` (`json` is the reader,
//!   [`time`] reads timestamps).
//! - [`error`]: the one error type, mirrored by JavaScript's `AudianError`.
//! - [`config`]: the constructor's options.
//! - [`auth`]: sign-in as pure functions (checks, credentials hash, bodies, replies, JWT expiry,
//!   when to renew); `web::session` holds the token behind every call.
//! - `web` (wasm32 only): the JavaScript-facing `BillingClient`.
//!
//! Everything but `web` is plain Rust, tested with `cargo test` on the host.
//!
//! ```
//! let body = br#"{"status":"success","request_id":"r1","data":[
//!     {"id":"t1","amount":10.179999999999999716,"created":63598331974,"reason":"database_rollup"}]}"#;
//! let page = audian_billing::models::transaction::page_json(body).unwrap();
//! assert!(page.contains(r#""amount":10.18,"description":"database_rollup","created":"2015-05-08T19:19:34Z""#));
//! ```
#![deny(missing_docs)]
// What the README promises: no panic reaches the browser. Untrusted input gets a typed error, so
// src/ may not unwrap, index unchecked or panic; tests may (a failed assertion is their purpose).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable, clippy::todo, clippy::unimplemented)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable))]

pub mod auth;
pub mod client;
pub mod config;
pub mod endpoint;
pub mod envelope;
pub mod error;
mod json;
pub mod models;
pub mod retry;
mod text;
pub mod time;
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, ErrorKind};

/// The allocator: talc, smaller and faster than the standard library's dlmalloc on wasm32
/// (docs/README-bench.md, "Allocator").
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
