//! Readers of the JavaScript arguments every method takes (options, queries, call options):
//! property by property with `Reflect`, each failure a `config` error naming `scope.name`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::error::Error;

/// Reads `object[name]`; a throwing getter becomes a `config` error.
pub(super) fn property(object: &JsValue, scope: &str, name: &str) -> Result<JsValue, Error> {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).map_err(|_| Error::config(format!("{scope}.{name} could not be read")))
}

/// An optional string property (`undefined` and `null` mean absent).
pub(super) fn opt_string(object: &JsValue, scope: &str, name: &str) -> Result<Option<String>, Error> {
    optional(object, scope, name, JsValue::as_string, "a string")
}

/// An optional boolean property (`undefined` and `null` mean absent).
pub(super) fn opt_bool(object: &JsValue, scope: &str, name: &str) -> Result<Option<bool>, Error> {
    optional(object, scope, name, JsValue::as_bool, "a boolean")
}

/// An optional number property (`undefined` and `null` mean absent).
pub(super) fn opt_number(object: &JsValue, scope: &str, name: &str) -> Result<Option<f64>, Error> {
    optional(object, scope, name, JsValue::as_f64, "a number")
}

/// `object[name]` read by `read`, absent when `undefined` or `null`, else a `config` error
/// saying it must be `what`.
fn optional<T>(object: &JsValue, scope: &str, name: &str, read: fn(&JsValue) -> Option<T>, what: &str) -> Result<Option<T>, Error> {
    let value = property(object, scope, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read(&value).map(Some).ok_or_else(|| Error::config(format!("{scope}.{name} must be {what}")))
}

/// An options, query or call-options argument: `undefined`/`null` for none, else an object
/// whose keys are all in `names` (only known names are read, so a misspelt one is caught here).
pub(super) fn argument(value: JsValue, scope: &str, names: &[&str]) -> Result<Option<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let Some(object) = value.dyn_ref::<js_sys::Object>().filter(|_| value.is_object()) else {
        return Err(Error::config(format!("{scope} must be an object")));
    };
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !names.contains(&key.as_str()) {
            return Err(Error::config(format!("unknown property `{scope}.{key}`; expected one of {}", names.join(", "))));
        }
    }
    Ok(Some(value))
}

/// An optional `AbortSignal` (`undefined` and `null` mean none).
pub(super) fn signal_of(value: JsValue) -> Result<Option<AbortSignal>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into().map(Some).map_err(|_| Error::config("signal must be an AbortSignal"))
}
