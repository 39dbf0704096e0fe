//! A small JSON reader for response bodies (why not serde_json: docs/dependencies.md).
//!
//! It is a cursor, not a tree: each endpoint's decoder walks the body once, checks each field as
//! it passes, and writes the normalized JSON text for JavaScript's `JSON.parse` as it goes. Its
//! rules (docs/decoding.md has the whole list):
//! - a syntax error is a `decode` error naming its line and column; a body that ends early says
//!   "EOF while parsing …";
//! - a string that is read must be valid: no raw control character, no lone surrogate escape
//!   (`"\ud800"`); a skipped value need only be well-formed JSON, so a lone surrogate there passes;
//! - a number becomes an `f64` by the rule of [`Num::to_f64`];
//! - skipping is iterative, so 100,000-deep nesting in an unknown field cannot overflow the stack;
//! - a type error names the path (`data[3].amount`) and what was found instead.

use std::borrow::Cow;

use crate::error::{Error, ErrorKind};
use crate::text::{push_uint, quote};

/// Where a value sits in the body: `data[3].amount`. A linked list on the stack, so nothing is
/// built unless an error needs the text.
#[derive(Clone, Copy)]
pub(crate) enum Path<'p> {
    /// The top: `"data"`, or `""` for the body itself.
    Root(&'static str),
    /// A member of an object.
    Key(&'p Path<'p>, &'p str),
    /// An element of an array.
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub(crate) fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    pub(crate) fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }

    /// The path as text.
    pub(crate) fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut at = self;
        let root = loop {
            match at {
                Path::Root(root) => break *root,
                Path::Key(up, _) | Path::Index(up, _) => {
                    segments.push(at);
                    at = up;
                }
            }
        };
        let mut out = root.to_owned();
        for segment in segments.iter().rev() {
            match segment {
                Path::Key(_, key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Path::Index(_, index) => {
                    out.push('[');
                    push_uint(&mut out, *index as u64);
                    out.push(']');
                }
                Path::Root(_) => {}
            }
        }
        out
    }

    /// A `validation` error at this path: `"{path}: {reason}"`.
    pub(crate) fn invalid(&self, reason: &str) -> Error {
        let path = self.render();
        let mut message = path.clone();
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(reason);
        Error::new(ErrorKind::Validation, message).with_path(path)
    }
}

/// A string literal as written (quotes included), and whether it has escapes to decode.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Str<'a> {
    /// The literal, quotes included: valid JSON to copy into the output as it is.
    pub(crate) literal: &'a str,
    escaped: bool,
}

impl<'a> Str<'a> {
    /// The string's value.
    pub(crate) fn text(&self) -> Cow<'a, str> {
        let inner = self.literal.get(1..self.literal.len().saturating_sub(1)).unwrap_or_default();
        if self.escaped {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        }
    }
}

/// A number as written; read with [`Num::to_f64`] or [`Num::integer`].
#[derive(Clone, Copy)]
pub(crate) struct Num<'a> {
    /// The number's text.
    pub(crate) text: &'a str,
}

/// A number written as a plain integer (no fraction, no exponent) that fits a `u64` or `i64`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Integer {
    /// A non-negative integer within `u64`.
    U64(u64),
    /// A negative integer within `i64` (`-0` is not one: it reads as the float `-0.0`).
    I64(i64),
}

impl Num<'_> {
    /// The integer, when the text is a plain integer within `u64`/`i64`.
    pub(crate) fn integer(self) -> Option<Integer> {
        let (negative, digits) = match self.text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.text),
        };
        let mut value: u64 = 0;
        for d in digits.bytes() {
            if !d.is_ascii_digit() {
                return None;
            }
            value = value.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        }
        if !negative {
            return Some(Integer::U64(value));
        }
        let negated = (value as i64).wrapping_neg();
        (negated < 0).then_some(Integer::I64(negated))
    }

    /// The value: the significant digits while they fit a `u64` (about 19; later integer digits
    /// only raise the exponent, later fraction digits are dropped), times or divided by the
    /// correctly rounded power of ten. That is one rounding after the significand, so it can miss
    /// the nearest `f64` by one unit in the last place for long inputs, which the 4-place rounding
    /// of amounts absorbs. `None` when it overflows (`1e400`).
    pub(crate) fn to_f64(self) -> Option<f64> {
        let bytes = self.text.as_bytes();
        let negative = bytes.first() == Some(&b'-');
        let mut i = usize::from(negative);
        let (mut significand, mut exponent, mut overflowed) = (0u64, 0i32, false);
        let mut fraction = false;
        while let Some(&c) = bytes.get(i) {
            match c {
                b'0'..=b'9' => {
                    let d = u64::from(c - b'0');
                    overflowed = overflowed || (significand >= u64::MAX / 10 && (significand > u64::MAX / 10 || d > u64::MAX % 10));
                    if !overflowed {
                        significand = significand * 10 + d;
                        exponent -= i32::from(fraction);
                    } else if !fraction {
                        exponent += 1; // digits past u64 still scale the integer part
                    }
                }
                b'.' => fraction = true,
                _ => break,
            }
            i += 1;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            let positive = bytes.get(i) != Some(&b'-');
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let mut e: i32 = 0;
            while let Some(d) = bytes.get(i).filter(|c| c.is_ascii_digit()).map(|c| i32::from(c - b'0')) {
                if e >= i32::MAX / 10 && (e > i32::MAX / 10 || d > i32::MAX % 10) {
                    // An exponent beyond i32: the value is zero, or out of range when it scales up.
                    if significand != 0 && positive {
                        return None;
                    }
                    return Some(if negative { -0.0 } else { 0.0 });
                }
                e = e * 10 + d;
                i += 1;
            }
            exponent = if positive { exponent.saturating_add(e) } else { exponent.saturating_sub(e) };
        }
        let mut f = significand as f64;
        loop {
            match pow10(exponent.unsigned_abs()) {
                Some(pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return None;
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return None;
                    }
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Some(if negative { -f } else { f })
    }
}

/// 10^0 … 10^22: exact in an `f64`, so multiplying is exact too.
const SMALL_POW10: [f64; 23] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/// 10^n correctly rounded for n ≤ 308 (a test compares all 309 with rustc's literals). Beyond 10^22, 5^n is carried in double-double arithmetic (Dekker's
/// exact products) and scaled by 2^n: a literal table would add ~2.4 KB of incompressible bytes
/// to the `.wasm`, for exponents that real amounts never use.
fn pow10(n: u32) -> Option<f64> {
    if let Some(&exact) = SMALL_POW10.get(n as usize) {
        return Some(exact);
    }
    if n > 308 {
        return None;
    }
    let (mut hi, mut lo) = (1.0f64, 0.0f64);
    for _ in 0..n {
        // (hi + lo) * 5, where hi * 5 = p + e exactly (5 has three bits, so the halves of a
        // Veltkamp split of hi multiply by 5 without rounding).
        let p = hi * 5.0;
        let c = 134_217_729.0 * hi;
        let high = c - (c - hi);
        let e = (high * 5.0 - p) + (hi - high) * 5.0;
        let l = lo * 5.0 + e;
        hi = p + l;
        lo = l - (hi - p);
    }
    // 5^n · 2^n, the power of two applied exactly through the exponent bits.
    Some(hi * f64::from_bits(u64::from(1023 + n) << 52))
}

/// A cursor over a body already checked to be UTF-8.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn ws(&mut self) {
        while matches!(self.bytes().get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, without consuming it.
    pub(crate) fn peek(&mut self) -> Result<u8, Error> {
        self.ws();
        match self.bytes().get(self.pos) {
            Some(&b) => Ok(b),
            None => Err(self.syntax("EOF while parsing a value")),
        }
    }

    /// Where the next value starts (after whitespace), for [`Reader::since`].
    pub(crate) fn value_start(&mut self) -> Result<usize, Error> {
        self.peek()?;
        Ok(self.pos)
    }

    /// The text read since `start`.
    pub(crate) fn since(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or_default()
    }

    /// A `decode` error at the current position: "truncated" when the body ended.
    pub(crate) fn syntax(&self, what: &str) -> Error {
        let before = self.bytes().get(..self.pos).unwrap_or(self.bytes());
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let mut message =
            String::from(if self.pos >= self.bytes().len() { "The response ends early (truncated): " } else { "The response is not valid JSON: " });
        message.push_str(what);
        message.push_str(" at line ");
        push_uint(&mut message, line as u64);
        message.push_str(" column ");
        push_uint(&mut message, column as u64);
        Error::new(ErrorKind::Decode, message)
    }

    fn eat(&mut self, c: u8, what: &str) -> Result<(), Error> {
        if self.peek()? == c {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.syntax(what))
        }
    }

    /// Fails unless only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), Error> {
        self.ws();
        if self.pos < self.text.len() {
            return Err(self.syntax("trailing characters"));
        }
        Ok(())
    }

    /// Consumes `null` if it is next.
    pub(crate) fn null(&mut self) -> Result<bool, Error> {
        if self.peek()? != b'n' {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &str) -> Result<(), Error> {
        let end = self.pos + word.len();
        if self.text.get(self.pos..end) != Some(word) {
            // The error's column is the first byte that differs from the literal.
            let same = self.bytes().get(self.pos..).unwrap_or_default().iter().zip(word.bytes()).take_while(|(a, b)| *a == b).count();
            self.pos += same;
            return Err(self.syntax("expected value"));
        }
        self.pos = end;
        Ok(())
    }

    /// Opens an object, or fails with a `validation` error naming `path` and `expected`.
    pub(crate) fn object(&mut self, path: &Path, expected: &str) -> Result<(), Error> {
        if self.peek()? != b'{' {
            return Err(self.invalid_type(path, expected));
        }
        self.pos += 1;
        Ok(())
    }

    /// Opens an array, or fails like [`Reader::object`].
    pub(crate) fn array(&mut self, path: &Path, expected: &str) -> Result<(), Error> {
        if self.peek()? != b'[' {
            return Err(self.invalid_type(path, expected));
        }
        self.pos += 1;
        Ok(())
    }

    /// The next key of an open object (positioned at its value), or `None` at the closing `}`.
    /// `first` tracks the separators; start it at `true`.
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>, Error> {
        let c = self.peek()?;
        if *first {
            *first = false;
            if c == b'}' {
                self.pos += 1;
                return Ok(None);
            }
        } else {
            match c {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Ok(None);
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
        if self.peek()? != b'"' {
            return Err(self.syntax("key must be a string"));
        }
        let key = self.string(true)?.text();
        self.eat(b':', "expected `:`")?;
        Ok(Some(key))
    }

    /// Whether an open array has another element (positioned at it); see [`Reader::next_key`].
    pub(crate) fn next_item(&mut self, first: &mut bool) -> Result<bool, Error> {
        let c = self.peek()?;
        if *first {
            *first = false;
            if c == b']' {
                self.pos += 1;
                return Ok(false);
            }
            return Ok(true);
        }
        match c {
            b',' => {
                self.pos += 1;
                self.peek()?;
                Ok(true)
            }
            b']' => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(self.syntax("expected `,` or `]`")),
        }
    }

    /// A string value, or a `validation` error naming `path` and `expected`.
    pub(crate) fn str(&mut self, path: &Path, expected: &str) -> Result<Str<'a>, Error> {
        if self.peek()? != b'"' {
            return Err(self.invalid_type(path, expected));
        }
        self.string(true)
    }

    /// Like [`Reader::str`]; `null` reads as `None`.
    pub(crate) fn opt_str(&mut self, path: &Path) -> Result<Option<Str<'a>>, Error> {
        if self.null()? {
            return Ok(None);
        }
        self.str(path, "a string or null").map(Some)
    }

    /// A number value, or a `validation` error naming `path` and `expected`.
    pub(crate) fn num(&mut self, path: &Path, expected: &str) -> Result<Num<'a>, Error> {
        if !matches!(self.peek()?, b'-' | b'0'..=b'9') {
            return Err(self.invalid_type(path, expected));
        }
        self.number()
    }

    /// A boolean value, or a `validation` error naming `path`.
    pub(crate) fn bool(&mut self, path: &Path) -> Result<bool, Error> {
        match self.peek()? {
            b't' => self.literal("true").map(|()| true),
            b'f' => self.literal("false").map(|()| false),
            _ => Err(self.invalid_type(path, "a boolean")),
        }
    }

    /// "invalid type: integer `7`, expected a string", naming what is at the cursor.
    pub(crate) fn invalid_type(&mut self, path: &Path, expected: &str) -> Error {
        let found = match self.describe() {
            Ok(found) => found,
            Err(syntax) => return syntax,
        };
        let mut reason = String::from("invalid type: ");
        reason.push_str(&found);
        reason.push_str(", expected ");
        reason.push_str(expected);
        path.invalid(&reason)
    }

    fn describe(&mut self) -> Result<String, Error> {
        Ok(match self.peek()? {
            b'"' => {
                let mut found = String::from("string ");
                found.push_str(&quote(&self.string(true)?.text()));
                found
            }
            b'-' | b'0'..=b'9' => {
                let num = self.number()?;
                let mut found = String::from(if num.integer().is_some() { "integer `" } else { "number `" });
                found.push_str(num.text);
                found.push('`');
                found
            }
            b't' => self.literal("true").map(|()| "boolean `true`".to_owned())?,
            b'f' => self.literal("false").map(|()| "boolean `false`".to_owned())?,
            b'n' => self.literal("null").map(|()| "null".to_owned())?,
            b'[' => "an array".to_owned(),
            b'{' => "an object".to_owned(),
            _ => return Err(self.syntax("expected value")),
        })
    }

    /// A string literal at the cursor (which is at its `"`). `strict` (strings that are read)
    /// refuses lone surrogate escapes; skipped strings accept them.
    fn string(&mut self, strict: bool) -> Result<Str<'a>, Error> {
        let start = self.pos;
        let bytes = self.bytes();
        let mut pos = start + 1;
        let mut escaped = false;
        loop {
            // The hot loop of every body: the run of plain bytes up to the next quote, backslash
            // or control character, scanned over a local slice rather than byte by byte through
            // `self.pos`.
            let run = bytes.get(pos..).unwrap_or_default().iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            pos = run.map_or(bytes.len(), |n| pos + n);
            self.pos = pos;
            match bytes.get(pos) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.escape(strict)?;
                    pos = self.pos;
                }
                Some(_) => return Err(self.syntax("control character (\\u0000-\\u001F) found while parsing a string")),
                None => return Err(self.syntax("EOF while parsing a string")),
            }
        }
        self.pos += 1;
        let literal = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Str { literal, escaped })
    }

    /// Checks the escape at the cursor (a `\`) and steps over it.
    fn escape(&mut self, strict: bool) -> Result<(), Error> {
        match self.bytes().get(self.pos + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
            Some(b'u') => {
                let unit = self.unit()?;
                if strict && (0xDC00..=0xDFFF).contains(&unit) {
                    return Err(self.syntax("lone trailing surrogate in hex escape"));
                }
                if strict && (0xD800..=0xDBFF).contains(&unit) {
                    let paired = self.bytes().get(self.pos..self.pos + 2) == Some(b"\\u") && matches!(self.unit(), Ok(0xDC00..=0xDFFF));
                    if !paired {
                        return Err(self.syntax("lone leading surrogate in hex escape"));
                    }
                }
            }
            Some(_) => {
                self.pos += 1;
                return Err(self.syntax("invalid escape"));
            }
            None => return Err(self.syntax("EOF while parsing a string")),
        }
        Ok(())
    }

    /// Reads `\uXXXX` at the cursor, stepping over it.
    fn unit(&mut self) -> Result<u32, Error> {
        self.pos += 2;
        let mut unit = 0;
        for _ in 0..4 {
            let digit = match self.bytes().get(self.pos) {
                Some(&c) => char::from(c).to_digit(16),
                None => return Err(self.syntax("EOF while parsing a string")),
            };
            let Some(digit) = digit else { return Err(self.syntax("invalid escape")) };
            unit = unit * 16 + digit;
            self.pos += 1;
        }
        Ok(unit)
    }

    /// A number at the cursor: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<Num<'a>, Error> {
        let start = self.pos;
        if self.bytes().get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes().get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.syntax("invalid number")),
        }
        if self.bytes().get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.bytes().get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes().get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        Ok(Num { text: self.text.get(start..self.pos).unwrap_or_default() })
    }

    fn digits(&mut self) {
        while self.bytes().get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Error> {
        let start = self.pos;
        self.digits();
        if self.pos == start {
            return Err(self.syntax("invalid number"));
        }
        Ok(())
    }

    /// Skips one value of any shape, checking its syntax. Iterative: the open brackets live in a
    /// `Vec`, not on the call stack, so hostile nesting costs memory in proportion, never a crash.
    pub(crate) fn skip(&mut self) -> Result<(), Error> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value.
            match self.peek()? {
                b'"' => drop(self.string(false)?),
                b'-' | b'0'..=b'9' => drop(self.number()?),
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                b'[' => {
                    self.pos += 1;
                    if self.peek()? != b']' {
                        open.push(b']');
                        continue;
                    }
                    self.pos += 1;
                }
                b'{' => {
                    self.pos += 1;
                    if self.peek()? != b'}' {
                        open.push(b'}');
                        self.member_key()?;
                        continue;
                    }
                    self.pos += 1;
                }
                _ => return Err(self.syntax("expected value")),
            }
            // After a value: a separator, or closing brackets.
            loop {
                let Some(&close) = open.last() else { return Ok(()) };
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        if close == b'}' {
                            self.member_key()?;
                        }
                        break;
                    }
                    c if c == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ => return Err(self.syntax(if close == b'}' { "expected `,` or `}`" } else { "expected `,` or `]`" })),
                }
            }
        }
    }

    /// A key and its `:` inside a skipped object.
    fn member_key(&mut self) -> Result<(), Error> {
        if self.peek()? != b'"' {
            return Err(self.syntax("key must be a string"));
        }
        self.string(false)?;
        self.eat(b':', "expected `:`")
    }
}

/// Decodes the escapes of a string already checked by [`Reader::string`].
fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let high = hex4(&mut chars);
                if (0xD800..=0xDBFF).contains(&high) && chars.as_str().starts_with("\\u") {
                    chars.nth(1);
                    let low = hex4(&mut chars);
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF)).unwrap_or('\u{FFFD}')
                } else {
                    char::from_u32(high).unwrap_or('\u{FFFD}')
                }
            }
            Some(other) => other,
            None => break,
        };
        out.push(decoded);
    }
    out
}

fn hex4(chars: &mut std::str::Chars) -> u32 {
    chars.by_ref().take(4).fold(0, |n, c| n * 16 + c.to_digit(16).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every power of ten as a literal, each rounded correctly by rustc.
    #[rustfmt::skip]
    const LITERALS: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47,
    1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61, 1e62, 1e63,
    1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79,
    1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95,
    1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111,
    1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127,
    1e128, 1e129, 1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143,
    1e144, 1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171, 1e172, 1e173, 1e174, 1e175,
    1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191,
    1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207,
    1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222, 1e223,
    1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239,
    1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255,
    1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271,
    1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287,
    1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302, 1e303,
    1e304, 1e305, 1e306, 1e307, 1e308,
    ];

    #[test]
    fn powers_of_ten_match_the_literals() {
        for (n, &literal) in LITERALS.iter().enumerate() {
            assert_eq!(pow10(n as u32).map(f64::to_bits), Some(literal.to_bits()), "10^{n}");
        }
        assert_eq!(pow10(309), None);
    }

    #[test]
    fn strings_are_scanned_run_by_run_with_exact_error_positions() {
        let read = |text: &str| Reader::new(text).str(&Path::Root(""), "a string").map(|s| (s.literal.to_owned(), s.text().into_owned()));
        assert_eq!(read(r#""plain""#).unwrap(), (r#""plain""#.to_owned(), "plain".to_owned()));
        assert_eq!(read(r#""a\"b\\c\u00e9d\n""#).unwrap().1, "a\"b\\céd\n");
        assert_eq!(read("\"é→\"").unwrap().1, "é→");
        let e = read("\"ab\u{1}c\"").unwrap_err();
        assert!(e.message.ends_with("control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"), "{}", e.message);
        let e = read("\"abc").unwrap_err();
        assert!(e.message.starts_with("The response ends early (truncated): EOF while parsing a string at line 1 column 4"), "{}", e.message);
        let e = read("\"ab\\").unwrap_err();
        assert!(e.message.contains("EOF while parsing a string"), "{}", e.message);
    }

    #[test]
    fn skipping_checks_syntax_without_recursion() {
        let deep = format!("{}1{}", "[{\"a\":".repeat(50_000), "}]".repeat(50_000));
        let mut r = Reader::new(&deep);
        assert!(r.skip().is_ok());
        for bad in ["[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"\\x\"", "01", "-", "1.", "1e", "tru", "{1:2}"] {
            let mut r = Reader::new(bad);
            let skipped = r.skip().and_then(|()| r.end());
            assert_eq!(skipped.map_err(|e| e.kind), Err(ErrorKind::Decode), "{bad}");
        }
    }

    #[test]
    fn strings_keep_their_literal_and_decode_on_demand() {
        let mut r = Reader::new(r#""a\"b\u00e9\ud83d\ude00\/""#);
        let s = r.str(&Path::Root(""), "a string").unwrap();
        assert_eq!(s.literal, r#""a\"b\u00e9\ud83d\ude00\/""#);
        assert_eq!(s.text(), "a\"bé😀/");
        let mut r = Reader::new(r#""\ud800x""#);
        assert!(r.str(&Path::Root(""), "a string").unwrap_err().message.contains("lone leading surrogate"));
    }

    #[test]
    fn paths_render_as_written_in_messages() {
        let root = Path::Root("data");
        let (row, amount) = (root.index(3), "amount");
        assert_eq!(row.key(amount).render(), "data[3].amount");
        assert_eq!(Path::Root("").key("status").render(), "status");
        let e = row.key(amount).invalid("bad");
        assert_eq!((e.message.as_str(), e.path.as_deref()), ("data[3].amount: bad", Some("data[3].amount")));
    }
}
