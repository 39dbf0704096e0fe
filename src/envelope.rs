//! Kazoo's response envelope: reading it, and turning error envelopes into [`Error`]s.
//!
//! Every decode reports the first failure with its JSON path (`data[3].amount`), using
//! `serde_path_to_error` so the path comes from serde itself rather than hand bookkeeping.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::{Error, ErrorKind};

/// What every successful reply carries besides `data`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// The envelope's `request_id`.
    pub request_id: Option<String>,
    /// The envelope's `next_start_key`: the next page, when there is one.
    pub next_start_key: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawEnvelope<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(default)]
    request_id: Option<Scalar>,
    #[serde(default)]
    next_start_key: Option<Scalar>,
}

/// A JSON object read as `T`: serde's derived structs also accept arrays (fields by position),
/// which would let `[1, 2]` pass for `{"balance": 1, "amount": 2}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Obj<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Obj)
            }
        }
        deserializer.deserialize_map(ObjVisitor(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Obj<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A string or a number, as text: chunked Kazoo replies send every envelope value as a string.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// Decodes a successful reply: the envelope, then `data` as `T`.
///
/// ```
/// use audian_billing::envelope::decode;
/// let body = br#"{"status":"success","request_id":"r1","data":[1,2]}"#;
/// let (data, meta): (Vec<u8>, _) = decode(body).unwrap();
/// assert_eq!((data, meta.request_id.as_deref()), (vec![1, 2], Some("r1")));
/// ```
pub fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<(T, Meta), Error> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Decode, "The response body is empty; expected Kazoo's JSON envelope."));
    }
    let envelope: Obj<RawEnvelope> = from_slice(body, "")
        .map_err(|e| if e.path.is_none() { not_an_envelope(body, e) } else { e })?;
    let envelope = envelope.0;
    let meta = Meta {
        request_id: envelope.request_id.map(|s| s.0),
        next_start_key: envelope.next_start_key.map(|s| s.0).filter(|k| !k.is_empty()),
    };
    match envelope.status.as_deref() {
        None | Some("success") => {}
        Some("error") => return Err(api_error(None, body, meta.request_id)),
        Some(other) => {
            return Err(Error::new(ErrorKind::Validation, format!(
                "The envelope's status is {other:?}; expected \"success\" or \"error\"."))
                .with_path("status")
                .with_request_id(meta.request_id))
        }
    }
    let Some(data) = envelope.data else {
        return Err(Error::new(ErrorKind::Validation, "The envelope has no data (missing or null).")
            .with_path("data")
            .with_request_id(meta.request_id));
    };
    let data = from_slice(data.get().as_bytes(), "data").map_err(|e| e.with_request_id(meta.request_id.clone()))?;
    Ok((data, meta))
}

/// Builds the error for a non-2xx reply (or a 2xx whose envelope says `"status": "error"`,
/// when `status` is `None`), using what the error envelope says.
pub fn api_error(status: Option<u16>, body: &[u8], header_request_id: Option<String>) -> Error {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let envelope: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
    let code = text(envelope.get("message"));
    let detail = text(envelope.get("data").and_then(|d| d.get("message")));
    let request_id = text(envelope.get("request_id")).or(header_request_id);
    let causes = field_causes(envelope.get("data"));

    let mut what = match (code, detail) {
        (Some(c), Some(d)) if c != d => format!("{c}: {d}"),
        (Some(c), _) => c,
        (None, Some(d)) => d,
        (None, None) => "no details in the reply".to_owned(),
    };
    if !causes.is_empty() {
        what.push_str(" (");
        what.push_str(&causes.join("; "));
        what.push(')');
    }
    let (kind, lead, advice) = match status {
        None => (ErrorKind::Api, "The API reported an error".to_owned(), "Check the request; the reply carried status \"error\"."),
        Some(s) => {
            let kind = ErrorKind::from_status(s);
            let advice = match kind {
                ErrorKind::Unauthorized => "Check the auth token, or sign in again for a fresh one.",
                ErrorKind::Forbidden => "The token is valid but may not read this account.",
                ErrorKind::NotFound => "Check the account id and the baseUrl.",
                ErrorKind::RateLimited => "Too many requests; try again later.",
                ErrorKind::Server => "The server failed; try again later, quoting the request id to support.",
                _ => "See the message for what the server objected to.",
            };
            (kind, format!("HTTP {s}"), advice)
        }
    };
    let mut error = Error::new(kind, format!("{lead}: {what}. {advice}")).with_request_id(request_id);
    error.status = status;
    error
}

/// Kazoo's per-field validation causes: `{"<field>": {"<code>": {"message": "…"}}}`.
fn field_causes(data: Option<&Value>) -> Vec<String> {
    let Some(Value::Object(fields)) = data else { return Vec::new() };
    let mut causes = Vec::new();
    for (field, codes) in fields {
        let Value::Object(codes) = codes else { continue };
        for (code, detail) in codes {
            let message = detail.get("message").and_then(Value::as_str).unwrap_or(code);
            causes.push(format!("{field}: {message}"));
        }
    }
    causes
}

fn not_an_envelope(body: &[u8], cause: Error) -> Error {
    let looks_like_html = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let message = if looks_like_html {
        "The response is HTML, not Kazoo's JSON envelope (a proxy or login page answered?).".to_owned()
    } else {
        format!("The response is not Kazoo's JSON envelope: {}", cause.message)
    };
    Error { kind: ErrorKind::Decode, message, ..cause }
}

/// Deserializes JSON, naming the path of the first failure under `root`.
pub(crate) fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8], root: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(e.inner(), path_of(e.path(), root)))?;
    de.end().map_err(|e| json_error(&e, String::new()))?;
    Ok(value)
}

/// Writes a path as `data[3].amount`.
pub(crate) fn path_of(path: &serde_path_to_error::Path, root: &str) -> String {
    let mut out = root.to_owned();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            serde_path_to_error::Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            _ => {}
        }
    }
    out
}

fn json_error(e: &serde_json::Error, mut path: String) -> Error {
    let full = e.to_string();
    // serde_json appends " at line L column C"; keep it only where it helps find broken syntax.
    let reason = full.rsplit_once(" at line ").map_or(full.as_str(), |(r, _)| r);
    let field = ["missing field `", "duplicate field `"].iter().find_map(|p| reason.strip_prefix(p));
    if let Some(field) = field.and_then(|r| r.strip_suffix('`')) {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(field);
    }
    let (kind, message) = match e.classify() {
        serde_json::error::Category::Data => (ErrorKind::Validation, reason.to_owned()),
        _ if reason.starts_with("number out of range") => (ErrorKind::Validation, reason.to_owned()),
        serde_json::error::Category::Eof => (ErrorKind::Decode, format!("The response ends early (truncated): {full}")),
        _ => (ErrorKind::Decode, format!("The response is not valid JSON: {full}")),
    };
    let message = if kind == ErrorKind::Validation && !path.is_empty() {
        format!("{path}: {message}")
    } else {
        message
    };
    let error = Error::new(kind, message);
    if path.is_empty() { error } else { error.with_path(path) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(body: &str) -> Error {
        decode::<Vec<u32>>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn success_envelopes_with_string_scalars() {
        let body = br#"{"auth_token":"","data":[1],"request_id":"abc","status":"success","page_size":"50","next_start_key":"k2"}"#;
        let (data, meta) = decode::<Vec<u32>>(body).unwrap();
        assert_eq!(data, vec![1]);
        assert_eq!(meta, Meta { request_id: Some("abc".into()), next_start_key: Some("k2".into()) });
        let (_, meta) = decode::<Vec<u32>>(br#"{"data":[],"next_start_key":42,"request_id":7}"#).unwrap();
        assert_eq!((meta.next_start_key.as_deref(), meta.request_id.as_deref()), (Some("42"), Some("7")));
        let (_, meta) = decode::<Vec<u32>>(b"\xEF\xBB\xBF{\"data\":[],\"next_start_key\":\"\"}").unwrap();
        assert_eq!(meta.next_start_key, None, "an empty key means the last page");
    }

    #[test]
    fn bodies_that_are_not_envelopes_are_decode_errors() {
        for (body, says) in [
            ("", "empty"),
            ("  \n", "empty"),
            ("<html><body>Bad gateway</body></html>", "HTML"),
            ("[1,2,3]", "not Kazoo's JSON envelope"),
            ("\"ok\"", "not Kazoo's JSON envelope"),
            ("{\"data\":[1,", "truncated"),
            ("{\"data\":[1]} trailing", "not valid JSON"),
            ("{\"data\":[NaN]}", "not valid JSON"),
        ] {
            let e = fails(body);
            assert_eq!(e.kind, ErrorKind::Decode, "{body}: {e:?}");
            assert!(e.message.contains(says), "{body}: {}", e.message);
        }
        let nest = |n| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let ignored = format!("{{\"data\":[],\"x\":{}}}", nest(100_000));
        assert!(decode::<Vec<u32>>(ignored.as_bytes()).is_ok(), "deep unknown fields are skipped without recursion");
        let inside = format!("{{\"data\":{}}}", nest(100_000));
        assert!(decode::<Vec<u32>>(inside.as_bytes()).is_err(), "deep data is refused, not a stack overflow");
        assert_eq!(decode::<Vec<u32>>(b"{\"data\":[\"\xff\"]}").unwrap_err().kind, ErrorKind::Decode);
    }

    #[test]
    fn field_failures_name_their_path() {
        let e = fails(r#"{"data":[1,2,"x"],"request_id":"r9"}"#);
        assert_eq!((e.kind, e.path.as_deref(), e.request_id.as_deref()), (ErrorKind::Validation, Some("data[2]"), Some("r9")));
        let e = fails(r#"{"data":null}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
        let e = fails(r#"{"status":"success"}"#);
        assert_eq!(e.path.as_deref(), Some("data"));
        let e = fails(r#"{"data":[],"status":"maybe"}"#);
        assert_eq!(e.path.as_deref(), Some("status"));
        let e = fails(r#"{"data":[],"request_id":[1]}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("request_id")));
        let e = fails(r#"{"data":[1e400]}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data[0]")));
    }

    #[test]
    fn error_envelopes_become_api_errors() {
        let body = br#"{"data":{"message":"invalid credentials"},"error":"401","message":"invalid_credentials","status":"error","request_id":"r1"}"#;
        let e = decode::<Vec<u32>>(body).unwrap_err();
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Api, None, Some("r1")));
        assert!(e.message.contains("invalid_credentials: invalid credentials"), "{}", e.message);

        let e = api_error(Some(401), body, None);
        assert_eq!((e.kind, e.status), (ErrorKind::Unauthorized, Some(401)));
        assert!(e.message.starts_with("HTTP 401: invalid_credentials: invalid credentials. Check the auth token"), "{}", e.message);
    }

    #[test]
    fn validation_causes_are_listed() {
        let body = br#"{"data":{"created_from":{"date_range":{"message":"created_to is more than 2682000 seconds from created_from","cause":1}}},"error":"400","message":"validation error","status":"error","request_id":"r2"}"#;
        let e = api_error(Some(400), body, None);
        assert_eq!(e.kind, ErrorKind::Http);
        assert!(e.message.contains("validation error (created_from: created_to is more than 2682000 seconds"), "{}", e.message);
    }

    #[test]
    fn error_bodies_that_are_not_json_still_give_an_error() {
        let e = api_error(Some(502), b"<html>Bad gateway</html>", Some("hdr-id".into()));
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Server, Some(502), Some("hdr-id")));
        assert!(e.message.contains("no details"), "{}", e.message);
    }
}
