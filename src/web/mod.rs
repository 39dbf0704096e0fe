//! The JavaScript-facing side (wasm32 only): `BillingClient`, `AudianError`, `fetch`, and the
//! allocator.

mod alloc;
mod api;
mod fetch;
mod js;

pub use api::{BillingClient, TransactionPager};

#[global_allocator]
static ALLOCATOR: alloc::SizeClasses = alloc::SizeClasses::new();
