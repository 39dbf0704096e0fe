//! The fast path of `transactions()`: one pass over the body that checks each row and writes the
//! normalized JSON text for `JSON.parse`, with no intermediate structs.
//!
//! It only ever answers for bodies it fully understands, and only with what the serde path
//! (`transaction::decode` + `to_json`) would produce: anything unusual (an escape in a key or an
//! id, an exponent, a duplicate field, deep nesting, a value that fails a check, …) returns
//! `None`, and the caller runs the serde path, which gives the one true answer or error. So
//! errors, paths and edge cases stay exactly those of the serde path; the tests below compare
//! both paths. Rules are shared, not copied: [`Money::new`], [`parse_rfc3339`], [`from_gregorian`].

use super::Money;
use crate::envelope::Meta;
use crate::time::{from_gregorian, parse_rfc3339};

/// Nesting allowed inside skipped values before handing over to the serde path.
const MAX_SKIP_DEPTH: u32 = 32;

/// Writes the page `{"data":[…],"nextStartKey":…,"requestId":…}`, or `None` to use the serde path.
pub(crate) fn page(body: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    out.extend_from_slice(b"{\"data\":");
    let meta = rows(body, &mut out)?;
    out.extend_from_slice(b",\"nextStartKey\":");
    push_opt_str(&mut out, meta.next_start_key.as_deref());
    out.extend_from_slice(b",\"requestId\":");
    push_opt_str(&mut out, meta.request_id.as_deref());
    out.push(b'}');
    String::from_utf8(out).ok()
}

/// Writes the rows' array `[…]` and returns the envelope's meta, or `None` to use the serde path.
pub(crate) fn data(body: &[u8]) -> Option<(String, Meta)> {
    let mut out = Vec::with_capacity(body.len() / 2 + 2);
    let meta = rows(body, &mut out)?;
    Some((String::from_utf8(out).ok()?, meta))
}

/// Scalars are kept only without escapes, so quoting the text again is valid JSON.
fn push_opt_str(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(t) => {
            out.push(b'"');
            out.extend_from_slice(t.as_bytes());
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
}

fn rows(body: &[u8], out: &mut Vec<u8>) -> Option<Meta> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // Checked once here, so every slice below is valid UTF-8 and raw string text can be copied.
    std::str::from_utf8(body).ok()?;
    let mut s = Scan { b: body, pos: 0 };
    let (mut data, mut status, mut request_id, mut next_start_key) = (None, None, None, None);
    s.object(|s, key| {
        match key {
            b"data" => {
                once(&mut data, true)?;
                s.array(out, |s, out| row(s, out))?;
            }
            b"status" => once(&mut status, s.nullable(Scan::plain_string)?)?,
            b"request_id" => once(&mut request_id, s.nullable(Scan::scalar)?)?,
            b"next_start_key" => once(&mut next_start_key, s.nullable(Scan::scalar)?)?,
            _ => s.skip(MAX_SKIP_DEPTH)?,
        }
        Some(())
    })?;
    s.ws();
    let ok = data.is_some() && s.pos == s.b.len() && matches!(status, None | Some(None) | Some(Some("success")));
    ok.then(|| Meta {
        request_id: request_id.flatten().map(str::to_owned),
        next_start_key: next_start_key.flatten().filter(|k| !k.is_empty()).map(str::to_owned),
    })
}

/// Sets a field once: a second occurrence is a serde `duplicate field` error, so hand over.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.replace(value).is_none().then_some(())
}

/// One row: checked, normalized and written as the serde path's `Transaction` would serialize.
fn row(s: &mut Scan, out: &mut Vec<u8>) -> Option<()> {
    let (mut id, mut amount, mut created, mut kind) = (None, None, None, None);
    let (mut description, mut reason, mut status) = (None, None, None);
    s.object(|s, key| {
        match key {
            b"id" => once(&mut id, s.plain_string()?)?,
            b"amount" => once(&mut amount, s.number()?)?,
            b"created" => once(&mut created, s.timestamp()?)?,
            b"type" => once(&mut kind, s.nullable(Scan::plain_string)?)?,
            b"description" => once(&mut description, s.nullable(Scan::string)?)?,
            b"reason" => once(&mut reason, s.nullable(Scan::string)?)?,
            b"status" => once(&mut status, s.nullable(Scan::string)?)?,
            _ => s.skip(MAX_SKIP_DEPTH)?,
        }
        Some(())
    })?;
    let (id, created) = (id?, created?);
    if id.trim().is_empty() {
        return None;
    }
    // The same parse as the serde path (serde_json's own f64 reading), then the same check.
    let amount = Money::new(serde_json::from_slice::<f64>(amount?).ok()?).ok()?.0;
    let kind = match kind.flatten() {
        None if amount < 0.0 => "credit",
        None => "debit",
        Some(k @ ("debit" | "credit" | "recurring" | "usage")) => k,
        Some(_) => return None,
    };
    let (description, reason) = (description.flatten(), reason.flatten());
    out.extend_from_slice(b"{\"id\":\"");
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(b"\",\"amount\":");
    serde::Serialize::serialize(&amount, &mut serde_json::Serializer::new(&mut *out)).ok()?;
    out.extend_from_slice(b",\"description\":");
    out.extend_from_slice(description.or(reason).unwrap_or(b"\"\""));
    out.extend_from_slice(b",\"created\":\"");
    out.extend_from_slice(created.as_bytes());
    out.extend_from_slice(b"\",\"type\":\"");
    out.extend_from_slice(kind.as_bytes());
    out.push(b'"');
    if let Some(reason) = reason {
        out.extend_from_slice(b",\"reason\":");
        out.extend_from_slice(reason);
    }
    if let Some(status) = status.flatten() {
        out.extend_from_slice(b",\"status\":");
        out.extend_from_slice(status);
    }
    out.push(b'}');
    Some(())
}

/// A cursor over JSON text already known to be UTF-8; every method returns `None` on anything
/// it does not accept, which sends the whole body to the serde path.
struct Scan<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.ws();
        let end = self.pos + word.len();
        (self.b.get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// `null` as `None`, else the value read by `read`.
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek()? == b'n' {
            return self.literal(b"null").map(|()| None);
        }
        read(self).map(Some)
    }

    /// A string literal as written, quotes included. Escapes are checked, and lone surrogates
    /// (which serde_json refuses but `JSON.parse` accepts) hand over, so copying the literal into
    /// the output gives `JSON.parse` the very string the serde path would have written.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.pos - 1;
        loop {
            match *self.b.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return self.b.get(start..self.pos);
                }
                b'\\' => {
                    match *self.b.get(self.pos + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 2,
                        b'u' => match self.unit(self.pos)? {
                            0xD800..=0xDBFF => match self.unit(self.pos + 6)? {
                                0xDC00..=0xDFFF => self.pos += 12,
                                _ => return None,
                            },
                            0xDC00..=0xDFFF => return None,
                            _ => self.pos += 6,
                        },
                        _ => return None,
                    }
                }
                0..=0x1F => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// The UTF-16 unit of a `\uXXXX` escape at `at`.
    fn unit(&self, at: usize) -> Option<u32> {
        let escape = self.b.get(at..at + 6)?;
        let hex = escape.get(2..)?;
        if !escape.starts_with(b"\\u") || !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }

    /// A string without escapes, as text (ids, types, statuses, keys of the envelope).
    fn plain_string(&mut self) -> Option<&'a str> {
        let raw = self.string()?;
        let inner = raw.get(1..raw.len() - 1)?;
        if inner.contains(&b'\\') {
            return None;
        }
        std::str::from_utf8(inner).ok()
    }

    /// The envelope's `request_id`/`next_start_key`: a plain string or a non-negative integer.
    fn scalar(&mut self) -> Option<&'a str> {
        if self.peek()? == b'"' {
            return self.plain_string();
        }
        let digits = self.number()?;
        let ok = digits.len() <= 19 && digits.iter().all(u8::is_ascii_digit);
        ok.then(|| std::str::from_utf8(digits).ok()).flatten()
    }

    /// A number's text: `-?(0|[1-9][0-9]*)(.[0-9]+)?`; exponents hand over.
    fn number(&mut self) -> Option<&'a [u8]> {
        self.ws();
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int = self.digits();
        if int == 0 || (int > 1 && self.b.get(self.pos - int) == Some(&b'0')) {
            return None;
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            return None;
        }
        self.b.get(start..self.pos)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `created`: RFC 3339 text or whole Gregorian seconds, as normalized RFC 3339 text.
    fn timestamp(&mut self) -> Option<String> {
        if self.peek()? == b'"' {
            return parse_rfc3339(self.plain_string()?).ok().map(|i| i.to_rfc3339());
        }
        let text = self.number()?;
        if text.len() > 18 || text.contains(&b'.') {
            return None;
        }
        let seconds: i64 = std::str::from_utf8(text).ok()?.parse().ok()?;
        from_gregorian(seconds).ok().map(|i| i.to_rfc3339())
    }

    /// Calls `member` with each key (escapes hand over) positioned at its value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.plain_string()?;
            self.eat(b':')?;
            member(self, key.as_bytes())?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Writes `[` item `,` item … `]`, each item written by `item`.
    fn array(&mut self, out: &mut Vec<u8>, mut item: impl FnMut(&mut Self, &mut Vec<u8>) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        out.push(b'[');
        if self.peek()? == b']' {
            self.pos += 1;
            out.push(b']');
            return Some(());
        }
        loop {
            item(self, out)?;
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    out.push(b',');
                }
                b']' => {
                    self.pos += 1;
                    out.push(b']');
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips any JSON value (unknown fields), checking its syntax.
    fn skip(&mut self, depth: u32) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' if depth > 0 => self.object(|s, _| s.skip(depth - 1)),
            b'[' if depth > 0 => {
                self.eat(b'[')?;
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.skip(depth - 1)?;
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{to_json, transaction};

    /// The serde path's answer, as a JSON value (or the error's kind and path).
    fn slow(body: &str) -> Result<serde_json::Value, String> {
        match transaction::decode(body.as_bytes()) {
            Ok(p) => Ok(serde_json::from_str(&to_json(&p).unwrap()).unwrap()),
            Err(e) => Err(format!("{:?} {:?}", e.kind, e.path)),
        }
    }

    fn fast(body: &str) -> Option<serde_json::Value> {
        page(body.as_bytes()).map(|t| serde_json::from_str(&t).expect("fast output is JSON"))
    }

    const ROW: &str = r#"{"id":"t1","amount":10.179999999999999716,"created":63598331974,"reason":"database_rollup","metadata":{"a":[1,2.5,{"b":null}],"c":true}}"#;

    #[test]
    fn fast_path_answers_like_the_serde_path() {
        let bodies = [
            format!(r#"{{"status":"success","request_id":"r1","next_start_key":"k","data":[{ROW}]}}"#),
            format!("\u{FEFF} {{ \"data\" : [ {ROW} , {ROW} ] , \"request_id\" : 42 }} \n"),
            r#"{"data":[],"next_start_key":""}"#.to_owned(),
            r#"{"data":[{"id":"a","amount":-0.0,"created":"2026-02-01T01:30:00.25+01:30","type":null,"description":null}]}"#.to_owned(),
            r#"{"data":[{"id":"a","amount":-20,"created":0,"description":"\u00e9 \ud83d\ude00 \"q\" \\ \/ \n","reason":"x"}]}"#.to_owned(),
            r#"{"data":[{"id":"a","amount":3,"created":"2026-01-01T00:00:00Z","type":"usage","reason":"Payment – Visa","status":"failed"}]}"#.to_owned(),
            r#"{"data":[{"status":null,"id":"a","amount":3,"created":"2026-01-01T00:00:00Z"}]}"#.to_owned(),
            r#"{"data":[{"id":"a","amount":0.00004,"created":253402300799,"x":"\ud800"}]}"#.to_owned(),
            r#"{"data":[{"id":"a","amount":1,"created":0,"x":"\udc00\ud800"}]}"#.to_owned(),
        ];
        for body in &bodies {
            let want = slow(body);
            match fast(body) {
                Some(got) => assert_eq!(Ok(got), want, "{body}"),
                None => assert!(body.contains("ud800"), "the fast path should take {body}"),
            }
        }
        assert!(fast(&bodies[0]).is_some() && fast(&bodies[4]).is_some() && fast(&bodies[5]).is_some());
    }

    #[test]
    fn fast_path_hands_every_failure_to_the_serde_path() {
        let bad_rows = [
            r#"{"id":"","amount":1,"created":0}"#,
            r#"{"id":" ","amount":1,"created":0}"#,
            r#"{"id":7,"amount":1,"created":0}"#,
            r#"{"amount":1,"created":0}"#,
            r#"{"id":"b","amount":"25.00","created":0}"#,
            r#"{"id":"b","amount":1e400,"created":0}"#,
            r#"{"id":"b","amount":123456789012345678901234567890,"created":0}"#,
            r#"{"id":"b","created":0}"#,
            r#"{"id":"b","amount":1}"#,
            r#"{"id":"b","amount":1,"created":"2025-02-29T00:00:00Z"}"#,
            r#"{"id":"b","amount":1,"created":"2026-02-01T00:00:00"}"#,
            r#"{"id":"b","amount":1,"created":true}"#,
            r#"{"id":"b","amount":1,"created":-5}"#,
            r#"{"id":"b","amount":1,"created":0,"type":"refund"}"#,
            r#"{"id":"b","amount":1,"created":0,"description":5}"#,
            r#"{"id":"b","amount":1,"amount":2,"created":0}"#,
            r#"{"id":"b","amount":1,"created":0,"status":true}"#,
            r#"{"id":"b","amount":1,"created":0,"status":"x","status":"y"}"#,
            r#"{"id":"b","amount":1,"created":0,"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
            r#"{"id":"b","amount":01,"created":0}"#,
            r#"{"id":"b","amount":1.,"created":0}"#,
            r#"{"id":"b","amount":1,"created":0,"x":"\q"}"#,
            r#"{"id":"b","amount":1,"created":0,}"#,
            "null",
            r#"["b", 1, null, 0]"#,
        ];
        for bad in bad_rows {
            let body = format!(r#"{{"request_id":"r","data":[{ROW},{bad}]}}"#);
            assert_eq!(fast(&body), None, "{bad}");
        }
        for body in [
            "", "  ", "<html>", "[1]", r#"{"data":null}"#, r#"{"data":{}}"#, r#"{"status":"error","data":[]}"#,
            r#"{"status":"maybe","data":[]}"#, r#"{"data":[],"data":[]}"#, r#"{"data":[]} x"#, r#"{"data":[],"request_id":1.5}"#,
            r#"{"data":[],"request_id":[1]}"#, r#"{"d\u0061ta":[]}"#, "{\"data\":[],\"x\":\"\u{1}\"}",
        ] {
            assert_eq!(fast(body), None, "{body}");
        }
        assert_eq!(page(b"{\"data\":[],\"x\":\"\xff\"}"), None, "invalid UTF-8");
    }
}
