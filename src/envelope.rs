//! Kazoo's response envelope: reading it around each endpoint's `data`, and turning error
//! envelopes into [`Error`]s.
//!
//! A success reply is read in one pass: the endpoint's decoder runs on `data` where it stands
//! and writes its output as it goes. Only when that pass fails (or the envelope says
//! `"status": "error"`) is the body read again, in order, so the error reported is the one that
//! takes precedence: first the body's syntax and the envelope's own fields, then `status`, then
//! whether `data` is there, and only then what is inside `data`.

use std::borrow::Cow;

use crate::error::{Error, ErrorKind};
use crate::json::{Path, Reader};
use crate::text::quote;

/// What every successful reply carries besides `data`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    /// The envelope's `request_id`.
    pub request_id: Option<String>,
    /// The envelope's `next_start_key`: the next page, when there is one.
    pub next_start_key: Option<String>,
    /// The envelope's `version`: the Kazoo release that answered (`"5.4.32.6"`), when it says.
    pub version: Option<String>,
    /// The envelope's `timestamp`: the server's clock when it answered (RFC 3339, whole seconds).
    pub timestamp: Option<String>,
    /// The envelope's `tokens.remaining`: what is left of the client's rate-limit bucket.
    pub tokens_remaining: Option<u64>,
}

/// The `version` a reply's envelope names, if it is a JSON envelope that names one.
///
/// ```
/// let body = br#"{"data":{"amount":1},"version":"5.4.32.6","status":"success"}"#;
/// assert_eq!(audian_billing::envelope::version(body).as_deref(), Some("5.4.32.6"));
/// assert_eq!(audian_billing::envelope::version(b"<html>"), None);
/// ```
pub fn version(body: &[u8]) -> Option<String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).ok()?;
    scan(text, None, &mut Vec::new()).ok()?.meta.version
}

/// The envelope fields besides `data` (version, server clock, rate-limit bucket), if the body is
/// a JSON envelope. `data` is skipped, not decoded.
///
/// ```
/// let body = br#"{"data":[],"timestamp":"2026-12-05T11:00:00Z","tokens":{"consumed":1,"remaining":42}}"#;
/// let meta = audian_billing::envelope::meta(body).unwrap();
/// assert_eq!((meta.timestamp.as_deref(), meta.tokens_remaining), (Some("2026-12-05T11:00:00Z"), Some(42)));
/// ```
pub fn meta(body: &[u8]) -> Option<Meta> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).ok()?;
    scan(text, None, &mut Vec::new()).ok().map(|scan| scan.meta)
}

/// Reads the value of `data` and writes its normalized JSON text to the output.
pub(crate) type Decoder<'d, 'a> = dyn FnMut(&mut Reader<'a>, &mut Vec<u8>) -> Result<(), Error> + 'd;

/// Reads a successful reply; `data` decodes the envelope's `data` into `out`.
pub(crate) fn read<'a>(body: &'a [u8], out: &mut Vec<u8>, data: &mut Decoder<'_, 'a>) -> Result<Meta, Error> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Decode, "The response body is empty; expected Kazoo's JSON envelope."));
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return Err(Error::new(ErrorKind::Decode, "The response is HTML, not Kazoo's JSON envelope (a proxy or login page answered?)."));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        let mut message = String::from("The response is not valid JSON: invalid UTF-8 at byte ");
        crate::text::push_uint(&mut message, e.valid_up_to() as u64);
        Error::new(ErrorKind::Decode, message)
    })?;

    let start = out.len();
    if let Ok(scan) = scan(text, Some(&mut *data), out) {
        if scan.status.is_none() && matches!(scan.data, Data::Decoded) {
            return Ok(scan.meta);
        }
    }
    out.truncate(start);

    let scan = scan(text, None, out)?;
    let meta = scan.meta;
    if let Some(status) = scan.status {
        if status == "error" {
            return Err(api_error(None, body, meta.request_id));
        }
        let mut reason = String::from("The envelope's status is ");
        reason.push_str(&quote(&status));
        reason.push_str("; expected \"success\" or \"error\".");
        return Err(Error::new(ErrorKind::Validation, reason).with_path("status").with_request_id(meta.request_id));
    }
    let Data::Raw(raw) = scan.data else {
        return Err(Error::new(ErrorKind::Validation, "The envelope has no data (missing or null).")
            .with_path("data")
            .with_request_id(meta.request_id));
    };
    let mut r = Reader::new(raw);
    match data(&mut r, out).and_then(|()| r.end()) {
        Ok(()) => Ok(meta),
        Err(e) => Err(e.with_request_id(meta.request_id)),
    }
}

/// Where `data` was found.
enum Data<'a> {
    /// Missing or `null`.
    Absent,
    /// Decoded in place (the one-pass read).
    Decoded,
    /// Its text, checked for syntax only, to decode once the envelope is known to be good.
    Raw(&'a str),
}

struct Scan<'a> {
    /// A `status` other than `"success"` (which, like `null` or none, is `None`).
    status: Option<Cow<'a, str>>,
    meta: Meta,
    data: Data<'a>,
}

/// Reads the envelope's fields; `data` is decoded in place when a decoder is given, else skipped.
fn scan<'a>(text: &'a str, mut decoder: Option<&mut Decoder<'_, 'a>>, out: &mut Vec<u8>) -> Result<Scan<'a>, Error> {
    let mut r = Reader::new(text);
    if r.peek()? != b'{' {
        let mut message = String::from("The response is not Kazoo's JSON envelope (a JSON object with `data`): ");
        let root = Path::Root("");
        message.push_str(&r.invalid_type(&root, "a JSON object").message);
        return Err(Error::new(ErrorKind::Decode, message));
    }
    r.object(&Path::Root(""), "a JSON object")?;
    let mut scan = Scan { status: None, meta: Meta::default(), data: Data::Absent };
    let (mut seen, mut first) = (0u32, true);
    let root = Path::Root("");
    while let Some(key) = r.next_key(&mut first)? {
        match &*key {
            "data" => {
                once(&mut seen, 1, &root, "data")?;
                if r.null()? {
                    continue;
                }
                scan.data = match decoder.as_mut() {
                    Some(decode) => {
                        decode(&mut r, out)?;
                        Data::Decoded
                    }
                    None => {
                        let start = r.value_start()?;
                        r.skip()?;
                        Data::Raw(r.since(start))
                    }
                };
            }
            "status" => {
                once(&mut seen, 2, &root, "status")?;
                scan.status = r.opt_str(&root.key("status"))?.map(|s| s.text()).filter(|s| s != "success");
            }
            "request_id" => {
                once(&mut seen, 4, &root, "request_id")?;
                scan.meta.request_id = scalar(&mut r, &root.key("request_id"))?;
            }
            "next_start_key" => {
                once(&mut seen, 8, &root, "next_start_key")?;
                scan.meta.next_start_key = scalar(&mut r, &root.key("next_start_key"))?.filter(|k| !k.is_empty());
            }
            // Informative only: whatever they hold, the reply stands (a string is kept).
            "version" if r.peek()? == b'"' => scan.meta.version = Some(r.str(&root.key("version"), "a string")?.text().into_owned()),
            "timestamp" if r.peek()? == b'"' => scan.meta.timestamp = Some(r.str(&root.key("timestamp"), "a string")?.text().into_owned()),
            "tokens" if r.peek()? == b'{' => scan.meta.tokens_remaining = remaining(&mut r)?,
            _ => r.skip()?,
        }
    }
    r.end()?;
    Ok(scan)
}

/// `tokens.remaining` of Crossbar's `{"consumed": n, "remaining": n}` when it is a whole number.
fn remaining(r: &mut Reader) -> Result<Option<u64>, Error> {
    let root = Path::Root("tokens");
    let (mut remaining, mut first) = (None, true);
    r.object(&root, "a JSON object")?;
    while let Some(key) = r.next_key(&mut first)? {
        remaining = match (&*key, r.peek()?) {
            ("remaining", b'0'..=b'9') => match r.num(&root, "a number")?.integer() {
                Some(crate::json::Integer::U64(n)) => Some(n),
                _ => None,
            },
            _ => {
                r.skip()?;
                remaining
            }
        };
    }
    Ok(remaining)
}

/// Marks envelope field `bit` as seen; a second occurrence is a `duplicate field` error.
fn once(seen: &mut u32, bit: u32, path: &Path, name: &str) -> Result<(), Error> {
    if *seen & bit != 0 {
        return Err(path.key(name).invalid(&["duplicate field `", name, "`"].concat()));
    }
    *seen |= bit;
    Ok(())
}

/// A string or an integer, as text: chunked Kazoo replies send every envelope value as a string.
fn scalar(r: &mut Reader, path: &Path) -> Result<Option<String>, Error> {
    const EXPECTED: &str = "a string or a number";
    match r.peek()? {
        b'n' => r.null().map(|_| None),
        b'"' => Ok(Some(r.str(path, EXPECTED)?.text().into_owned())),
        b'-' | b'0'..=b'9' => {
            let num = r.num(path, EXPECTED)?;
            match num.integer() {
                Some(_) => Ok(Some(num.text.to_owned())),
                None => {
                    let mut reason = String::from("invalid type: number `");
                    reason.push_str(num.text);
                    reason.push_str("`, expected ");
                    reason.push_str(EXPECTED);
                    Err(path.invalid(&reason))
                }
            }
        }
        _ => Err(r.invalid_type(path, EXPECTED)),
    }
}

/// Builds the error for a non-2xx reply (or a 2xx whose envelope says `"status": "error"`,
/// when `status` is `None`), using what the error envelope says.
pub fn api_error(status: Option<u16>, body: &[u8], header_request_id: Option<String>) -> Error {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // Whatever the body is, the error is about the status: a body that is not an error envelope
    // gives no details, as before.
    let said = std::str::from_utf8(body).ok().and_then(|text| read_error_envelope(text).ok()).unwrap_or_default();
    let request_id = said.request_id.or(header_request_id);
    // A range longer than the server's `crossbar.maximum_range` (crossbar_view:time_range/5) is
    // a 400 whose cause is `date_range`: the pagers narrow their windows on it.
    let code = match said.causes.iter().any(|((_, code), _)| code == "date_range") {
        true => Some("date_range".to_owned()),
        false => said.code.clone(),
    };

    let mut what = match (said.code, said.detail) {
        (Some(c), Some(d)) if c != d => format!("{c}: {d}"),
        (Some(c), _) => c,
        (None, Some(d)) => d,
        (None, None) => "no details in the reply".to_owned(),
    };
    if !said.causes.is_empty() {
        what.push_str(" (");
        for (i, ((field, _), message)) in said.causes.iter().enumerate() {
            if i > 0 {
                what.push_str("; ");
            }
            what.push_str(field);
            what.push_str(": ");
            what.push_str(message);
        }
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
    error.code = code;
    error
}

/// Causes listed from a validation error's body: enough to explain it, and a bound on the work.
const MAX_CAUSES: usize = 16;

/// What an error envelope says: `{"message": code, "data": {"message": detail, "<field>":
/// {"<code>": {"message": …}}}, "request_id": …}`. A repeated key keeps its last value; causes
/// are listed sorted by field, then code.
#[derive(Default)]
struct Said {
    code: Option<String>,
    detail: Option<String>,
    request_id: Option<String>,
    causes: Vec<((String, String), String)>,
}

fn read_error_envelope(text: &str) -> Result<Said, Error> {
    let mut r = Reader::new(text);
    let mut said = Said::default();
    let root = Path::Root("");
    r.object(&root, "")?;
    let mut first = true;
    while let Some(key) = r.next_key(&mut first)? {
        match &*key {
            "message" => said.code = text_value(&mut r)?,
            "request_id" => said.request_id = text_value(&mut r)?,
            "data" => {
                said.detail = None;
                said.causes.clear();
                if r.peek()? != b'{' {
                    r.skip()?;
                    continue;
                }
                r.object(&root, "")?;
                let mut first = true;
                while let Some(field) = r.next_key(&mut first)? {
                    said.causes.retain(|((f, _), _)| *f != *field); // at most MAX_CAUSES: linear
                    if &*field == "message" {
                        said.detail = text_value(&mut r)?;
                    } else if r.peek()? == b'{' && said.causes.len() < MAX_CAUSES {
                        read_causes(&mut r, &field, &mut said.causes)?;
                    } else {
                        r.skip()?;
                    }
                }
            }
            _ => r.skip()?,
        }
    }
    r.end()?;
    Ok(said)
}

/// `{"<code>": {"message": "…"}}` of one field; a code without a message stands for itself.
fn read_causes(r: &mut Reader, field: &str, causes: &mut Vec<((String, String), String)>) -> Result<(), Error> {
    let root = Path::Root("");
    r.object(&root, "")?;
    let mut first = true;
    while let Some(code) = r.next_key(&mut first)? {
        let mut message = None;
        if r.peek()? == b'{' {
            r.object(&root, "")?;
            let mut first = true;
            while let Some(key) = r.next_key(&mut first)? {
                if &*key == "message" {
                    message = text_value(r)?;
                } else {
                    r.skip()?;
                }
            }
        } else {
            r.skip()?;
        }
        if causes.len() < MAX_CAUSES {
            let message = message.unwrap_or_else(|| code.clone().into_owned());
            insert(causes, (field.to_owned(), code.into_owned()), message);
        }
    }
    Ok(())
}

/// Adds a member to a short list kept in key order (error causes, at most [`MAX_CAUSES`]); a
/// repeated key replaces the earlier value.
fn insert<K: Ord, V>(members: &mut Vec<(K, V)>, key: K, value: V) {
    match members.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => {
            if let Some(slot) = members.get_mut(at) {
                slot.1 = value;
            }
        }
        Err(at) => members.insert(at, (key, value)),
    }
}

/// A non-empty string, else `None` (other values are skipped).
fn text_value(r: &mut Reader) -> Result<Option<String>, Error> {
    if r.peek()? != b'"' {
        r.skip()?;
        return Ok(None);
    }
    let text = r.str(&Path::Root(""), "a string")?.text();
    Ok(Some(text.into_owned()).filter(|t| !t.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoder for tests: `data` must be an array of integers, copied through.
    fn ints(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
        let data = Path::Root("data");
        r.array(&data, "an array")?;
        out.push(b'[');
        let (mut first, mut i) = (true, 0);
        while r.next_item(&mut first)? {
            let num = r.num(&data.index(i), "an integer")?;
            if num.integer().is_none() {
                let e = num.to_f64().map_or("number out of range", |_| "not an integer");
                return Err(data.index(i).invalid(e));
            }
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(num.text.as_bytes());
            i += 1;
        }
        out.push(b']');
        Ok(())
    }

    fn decode(body: &[u8]) -> Result<(String, Meta), Error> {
        let mut out = Vec::new();
        let meta = read(body, &mut out, &mut ints)?;
        Ok((String::from_utf8(out).unwrap(), meta))
    }

    fn fails(body: &str) -> Error {
        decode(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn success_envelopes_with_string_scalars() {
        let body =
            br#"{"auth_token":"","data":[1],"request_id":"abc","status":"success","page_size":"50","next_start_key":"k2","version":"5.4.32.6"}"#;
        let (data, meta) = decode(body).unwrap();
        assert_eq!(data, "[1]");
        assert_eq!(
            meta,
            Meta { request_id: Some("abc".into()), next_start_key: Some("k2".into()), version: Some("5.4.32.6".into()), ..Meta::default() }
        );
        let (_, meta) = decode(br#"{"data":[],"version":5.4}"#).unwrap();
        assert_eq!(meta.version, None, "a version that is not text is ignored, not an error");
        let (_, meta) = decode(br#"{"data":[],"next_start_key":42,"request_id":7}"#).unwrap();
        assert_eq!((meta.next_start_key.as_deref(), meta.request_id.as_deref()), (Some("42"), Some("7")));
        let (_, meta) = decode(b"\xEF\xBB\xBF{\"data\":[],\"next_start_key\":\"\"}").unwrap();
        assert_eq!(meta.next_start_key, None, "an empty key means the last page");
        let (_, meta) = decode(br#"{"data":[],"request_id":"a\u0062"}"#).unwrap();
        assert_eq!(meta.request_id.as_deref(), Some("ab"));
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
            ("{\"data\":[1],}", "not valid JSON"),
            ("{\"data\":[1],\"x\":\"\\ud800\"", "truncated"),
            ("{\"data\":[1],\"x\":\"\u{1}\"}", "control character"),
        ] {
            let e = fails(body);
            assert_eq!(e.kind, ErrorKind::Decode, "{body}: {e:?}");
            assert!(e.message.contains(says), "{body}: {}", e.message);
        }
        let nest = |n| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let ignored = format!("{{\"data\":[],\"x\":{}}}", nest(100_000));
        assert!(decode(ignored.as_bytes()).is_ok(), "deep unknown fields are skipped without recursion");
        let inside = format!("{{\"data\":{}}}", nest(100_000));
        assert!(decode(inside.as_bytes()).is_err(), "deep data is refused, not a stack overflow");
        assert_eq!(decode(b"{\"data\":[\"\xff\"]}").unwrap_err().kind, ErrorKind::Decode);
        let e = fails("{\n  \"data\": [1,\n  x]}");
        assert!(e.message.ends_with("at line 3 column 2"), "{}", e.message);
    }

    #[test]
    fn syntax_errors_come_before_field_errors() {
        // The whole body's syntax is checked before anything inside `data`.
        let e = fails(r#"{"data":["x"],"request_id":"r","oops"}"#);
        assert_eq!(e.kind, ErrorKind::Decode, "{}", e.message);
        let e = fails(r#"{"data":["x"],"status":"error","message":"boom"}"#);
        assert_eq!(e.kind, ErrorKind::Api, "{}", e.message);
        assert!(e.message.contains("boom"), "{}", e.message);
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
        let e = fails(r#"{"data":[],"request_id":1.5}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("request_id")));
        let e = fails(r#"{"data":[1e400]}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data[0]")));
        let e = fails(r#"{"data":[],"data":[]}"#);
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
        assert!(e.message.contains("duplicate field `data`"), "{}", e.message);
    }

    #[test]
    fn error_envelopes_become_api_errors() {
        let body = br#"{"data":{"message":"invalid credentials"},"error":"401","message":"invalid_credentials","status":"error","request_id":"r1"}"#;
        let e = decode(body).unwrap_err();
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
        let body = br#"{"message":"invalid data","data":{"z":{"b":{"message":"zb"},"a":{}},"m":{"x":5},"message":"details"}}"#;
        let e = api_error(Some(400), body, None);
        assert!(e.message.contains("invalid data: details (m: x; z: a; z: zb)"), "{}", e.message);
    }

    #[test]
    fn an_echoed_token_in_a_huge_code_or_request_id_is_cut_and_redacted() {
        // A hostile server knows the token it was sent and may echo it in every text it
        // controls, megabytes of it: what reaches the caller is short and has none of it.
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjB9.c2lnbmF0dXJl";
        let echo = [token, " "].concat().repeat(20_000);
        let body = format!(r#"{{"message":"{echo}","request_id":"{echo}","status":"error"}}"#);
        let e = api_error(Some(401), body.as_bytes(), Some(echo.clone())).redact(&[token]);
        for text in [Some(&e.message), e.request_id.as_ref(), e.code.as_ref()].into_iter().flatten() {
            assert!(text.chars().count() <= 601, "{} characters", text.chars().count());
            assert!(!text.contains("eyJhbGciOiJIUzI1NiJ9") && !text.contains("c2lnbmF0dXJl"), "{text}");
        }
        let e = Error::new(ErrorKind::Decode, "x").with_request_id(Some(echo.clone())).with_path(echo).redact(&[token]);
        assert!(e.request_id.is_some_and(|r| r.chars().count() <= 601) && e.path.is_some_and(|p| p.chars().count() <= 601));
    }

    #[test]
    fn causes_are_capped_however_many_fields_a_body_lists() {
        let fields: Vec<String> = (0..5_000).rev().map(|i| format!(r#""f{i:05}":{{"c":{{"message":"m"}}}}"#)).collect();
        let body = format!(r#"{{"message":"validation error","data":{{{}}}}}"#, fields.join(","));
        let e = api_error(Some(400), body.as_bytes(), None);
        assert_eq!(e.kind, ErrorKind::Http);
        assert!(e.message.contains("validation error (f04984: m;") && e.message.contains("f04999: m)"), "{}", e.message);
        assert!(!e.message.contains("f04983"), "the first {} causes listed, in order", MAX_CAUSES);
    }

    #[test]
    fn error_bodies_that_are_not_json_still_give_an_error() {
        let e = api_error(Some(502), b"<html>Bad gateway</html>", Some("hdr-id".into()));
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Server, Some(502), Some("hdr-id")));
        assert!(e.message.contains("no details"), "{}", e.message);
        let e = api_error(Some(500), br#"{"message":"boom","x":[1,}"#, None);
        assert!(e.message.contains("no details"), "a broken body gives no half-read details: {}", e.message);
    }
}
