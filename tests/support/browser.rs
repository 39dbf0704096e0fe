//! What the browser suites (tests/web.rs, tests/web_auth.rs) share: the mock's address and
//! demo account, and helpers to build options and check results and AudianErrors.
#![allow(dead_code)] // each suite uses its own subset

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The mock API, as scripts/test.sh started it.
pub const MOCK: &str = match option_env!("AUDIAN_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:9",
};
pub const TOKEN: &str = "audian-demo-token";
pub const DEMO: &str = "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    pub fn fetch_url(url: &str) -> Promise;
}

pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| match key.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&v, i).unwrap(),
        Err(_) => Reflect::get(&v, &key.into()).unwrap(),
    })
}

pub fn text(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_else(|| panic!("{path} is not a string in {}", json(value)))
}

pub fn num(value: &JsValue, path: &str) -> f64 {
    get(value, path).as_f64().unwrap_or_else(|| panic!("{path} is not a number in {}", json(value)))
}

pub fn json(value: &JsValue) -> String {
    JSON::stringify(value).map(String::from).unwrap_or_default()
}

pub async fn ok(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(v) => v,
        Err(e) => panic!("expected success, got {} {}", text(&e, "kind"), text(&e, "message")),
    }
}

/// Awaits a rejection and checks it is an AudianError of `kind`.
pub async fn fails(promise: Promise, kind: &str) -> JsValue {
    let e = match JsFuture::from(promise).await {
        Ok(v) => panic!("expected a {kind} error, got {}", json(&v)),
        Err(e) => e,
    };
    assert!(e.is_instance_of::<js_sys::Error>(), "rejections are Error instances");
    assert_eq!(text(&e, "name"), "AudianError");
    assert_eq!(text(&e, "kind"), kind, "{}", text(&e, "message"));
    e
}

pub async fn fetch_json(url: &str) -> JsValue {
    let response: web_sys::Response = JsFuture::from(fetch_url(url)).await.unwrap().unchecked_into();
    JsFuture::from(response.json().unwrap()).await.unwrap()
}
