//! Each endpoint's decoder: it reads `data` with the JSON reader, checks every field where it
//! stands, and writes the normalized JSON text that JavaScript's `JSON.parse` turns into the
//! contract's objects (building the objects field by field across the wasm boundary measured
//! about ten times the cost of one `JSON.parse` of the same data).
//!
//! A decoder reads like the schema of its object: it lists the object's fields once, each a
//! `Field` with its JSON name and its rule (`id`, `money`, `timestamp`, …, or a nested reader),
//! `read_object` fills them in one pass (a repeated field is a `duplicate field` error,
//! unknown ones are skipped), `Field::required` reports a `missing field`, and an
//! `ObjectWriter` writes the output object member by member, an absent optional member
//! writing nothing. The rules shared by the endpoints live here; each failure names its JSON
//! path (`data[3].amount`).

pub mod account;
pub mod balance;
pub mod billing_settings;
pub mod billing_summary;
pub mod ledger;
pub mod meaning;
pub mod payment_method;
pub mod service_plan;
pub mod topup;
pub mod transaction;

use crate::envelope::{self, Decoder, Meta};
use crate::error::Error;
use crate::json::{Num, Path, Reader, Str};
use crate::text::push_units;
use crate::time::{from_gregorian, parse_rfc3339, Instant};

/// Largest amount kept exact to $0.0001 in a float (2^53 / 10^4 ≈ 9e11).
const MAX_AMOUNT: f64 = 1e11;

/// Dollars as whole units of $0.0001 (Kazoo's unit), which removes float noise: `None` unless
/// the amount is finite and at most 1e11 in size.
///
/// ```
/// use audian_billing::models::money_units;
/// assert_eq!(money_units(10.179999999999999716), Some(101_800));
/// assert_eq!(money_units(-0.00004), Some(0));
/// assert_eq!(money_units(1e12), None);
/// ```
pub fn money_units(raw: f64) -> Option<i64> {
    if !raw.is_finite() || raw.abs() > MAX_AMOUNT {
        return None;
    }
    // `+ 0.0` keeps a rounded -0 from ever meaning "negative".
    Some(((raw * 10_000.0).round() + 0.0) as i64)
}

/// Units of $0.0001 as money (`quantity × rate − discount`, a sum): `None` unless finite and at
/// most 1e11 dollars in size, like [`money_units`].
pub(crate) fn units_of(raw_units: f64) -> Option<i64> {
    if !raw_units.is_finite() || raw_units.abs() > MAX_AMOUNT * 10_000.0 {
        return None;
    }
    Some((raw_units.round() + 0.0) as i64)
}

/// `a + b` in units of $0.0001, or a `validation` error at `path` past 1e11 dollars.
pub(crate) fn add_money(a: i64, b: i64, path: &Path) -> Result<i64, Error> {
    a.checked_add(b).and_then(|sum| units_of(sum as f64)).ok_or_else(|| path.invalid("the total is not an amount of money (at most 1e11 in size)"))
}

/// An amount of money at `path`, in units of $0.0001.
pub(crate) fn money(r: &mut Reader, path: &Path) -> Result<i64, Error> {
    money_as_written(r, path).map(|(units, _)| units)
}

/// Like [`money`], and whether the number as written is already that amount: `JSON.parse`
/// reads it as the same number (bit for bit, so `-0.0` is not `0`) as the amount written out.
pub(crate) fn money_as_written(r: &mut Reader, path: &Path) -> Result<(i64, bool), Error> {
    let num = r.num(path, "an amount of money (a number)")?;
    let raw = num.to_f64().ok_or_else(|| path.invalid("number out of range"))?;
    let units = money_units(raw).ok_or_else(|| path.invalid(&[num.text, " is not an amount of money (finite, at most 1e11 in size)"].concat()))?;
    // Both sides are the correctly rounded f64 of one decimal, so equal exactly when unchanged.
    Ok((units, raw.to_bits() == (units as f64 / 10_000.0).to_bits()))
}

/// `null` as `None`, else what `rule` reads.
pub(crate) fn or_null<'a, T>(
    r: &mut Reader<'a>,
    path: &Path,
    rule: impl FnOnce(&mut Reader<'a>, &Path) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    if r.null()? {
        return Ok(None);
    }
    rule(r, path).map(Some)
}

/// A nested object, or `null` as `None`, of which one member, `field`, is read (`Some(None)`
/// when that member is absent or `null`).
pub(crate) fn member<'a, T>(r: &mut Reader<'a>, path: &Path, mut field: Field<'a, Option<T>>) -> Result<Option<Option<T>>, Error> {
    or_null(r, path, |r, path| {
        read_object(r, path, &mut [&mut field])?;
        Ok(field.opt())
    })
}

/// Like [`money`]; `null` reads as `None`.
pub(crate) fn opt_money(r: &mut Reader, path: &Path) -> Result<Option<i64>, Error> {
    or_null(r, path, money)
}

/// A finite number (a quantity, not money), as written.
pub(crate) fn finite<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Num<'a>, Error> {
    let num = r.num(path, "a number")?;
    num.to_f64().ok_or_else(|| path.invalid("number out of range"))?;
    Ok(num)
}

/// An instant as RFC 3339 UTC text, read from RFC 3339 text or Kazoo's integer Gregorian seconds.
pub(crate) fn timestamp(r: &mut Reader, path: &Path) -> Result<String, Error> {
    timestamp_as_written(r, path).map(|(text, _)| text)
}

/// Like [`timestamp`], and whether the body wrote exactly that text (a string literal without
/// escapes, already in the normalized form).
pub(crate) fn timestamp_as_written(r: &mut Reader, path: &Path) -> Result<(String, bool), Error> {
    const EXPECTED: &str = "an RFC 3339 timestamp or integer Gregorian seconds";
    let (instant, literal) = match r.peek()? {
        b'"' => {
            let s = r.str(path, EXPECTED)?;
            (parse_rfc3339(&s.text()), Some(s.literal))
        }
        b'-' | b'0'..=b'9' => (gregorian(r.num(path, EXPECTED)?), None),
        _ => return Err(r.invalid_type(path, EXPECTED)),
    };
    let text = instant.map(|i| i.to_rfc3339()).map_err(|reason| path.invalid(&reason))?;
    let same = literal.and_then(|l| l.strip_prefix('"')?.strip_suffix('"')).is_some_and(|l| l == text);
    Ok((text, same))
}

fn gregorian(num: Num) -> Result<Instant, String> {
    use crate::json::Integer;
    match num.integer() {
        Some(Integer::U64(v)) => i64::try_from(v).map_err(|_| "Gregorian seconds out of range".to_owned()).and_then(from_gregorian),
        Some(Integer::I64(v)) => from_gregorian(v),
        None => match num.to_f64() {
            None => Err("number out of range".to_owned()),
            // `63598331974.0` is whole, and was accepted.
            Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => from_gregorian(v as i64),
            Some(_) => Err([num.text, " is not a whole number of Gregorian seconds"].concat()),
        },
    }
}

/// A non-empty string (ids).
pub(crate) fn id<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Str<'a>, Error> {
    let id = r.str(path, "a string")?;
    if id.text().trim().is_empty() {
        return Err(path.invalid("an id must be a non-empty string"));
    }
    Ok(id)
}

/// A string (names).
pub(crate) fn text<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Str<'a>, Error> {
    r.str(path, "a string")
}

/// Like [`timestamp`]; `null` reads as `None`.
pub(crate) fn opt_timestamp(r: &mut Reader, path: &Path) -> Result<Option<String>, Error> {
    or_null(r, path, timestamp)
}

/// Like [`finite`]; `null` reads as `None`.
pub(crate) fn opt_finite<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Option<Num<'a>>, Error> {
    or_null(r, path, finite)
}

/// A boolean, or `null` as `None`.
pub(crate) fn opt_bool(r: &mut Reader, path: &Path) -> Result<Option<bool>, Error> {
    or_null(r, path, |r, path| r.bool(path))
}

/// The currency sent (`currency`, a string or null at `path`), else `default`; either must be an
/// ISO 4217 code.
pub(crate) fn currency<'c>(sent: Option<Str>, default: &'c str, path: &Path) -> Result<std::borrow::Cow<'c, str>, Error> {
    let currency = match sent {
        Some(sent) => std::borrow::Cow::Owned(sent.text().into_owned()),
        None => std::borrow::Cow::Borrowed(default),
    };
    if !crate::config::is_currency_code(&currency) {
        return Err(path.invalid(&[&crate::text::quote(&currency), " is not an ISO 4217 currency code (three capital letters)"].concat()));
    }
    Ok(currency)
}

/// One field of an object: its JSON name, the rule that reads its value, and what was read.
///
/// A decoder lists its fields once, as `Field`s, and hands them to [`read_object`], which gives
/// each value to its field where it stands; a second occurrence of a field is a `duplicate field`
/// error, and [`Field::required`] reports a `missing field`, both naming the JSON path.
pub(crate) struct Field<'a, T> {
    name: &'static str,
    rule: fn(&mut Reader<'a>, &Path) -> Result<T, Error>,
    seen: bool,
    value: Option<T>,
}

impl<'a, T> Field<'a, T> {
    /// The field `name`, read by `rule`.
    pub(crate) fn new(name: &'static str, rule: fn(&mut Reader<'a>, &Path) -> Result<T, Error>) -> Self {
        Field { name, rule, seen: false, value: None }
    }

    /// The value, or `None` when the field is absent.
    pub(crate) fn get(self) -> Option<T> {
        self.value
    }

    /// The value; absent, it is a `missing field` error at `object.name`.
    pub(crate) fn required(self, object: &Path) -> Result<T, Error> {
        let name = self.name;
        self.value.ok_or_else(|| missing(object, name))
    }
}

impl<T> Field<'_, Option<T>> {
    /// The value of a field whose rule reads `null` as `None`: absent and `null` alike are `None`.
    pub(crate) fn opt(self) -> Option<T> {
        self.value.flatten()
    }
}

/// A [`Field`] seen through its name, whatever its value's type, so one object's fields can be
/// listed together.
pub(crate) trait Slot<'a> {
    /// The JSON name.
    fn name(&self) -> &'static str;
    /// Reads the value at `at` (the field's path), refusing a second occurrence.
    fn read(&mut self, r: &mut Reader<'a>, at: &Path) -> Result<(), Error>;
}

impl<'a, T> Slot<'a> for Field<'a, T> {
    #[inline]
    fn name(&self) -> &'static str {
        self.name
    }

    fn read(&mut self, r: &mut Reader<'a>, at: &Path) -> Result<(), Error> {
        // Duplicates are refused rather than letting the last one win: a body that says two
        // things about one field is not trusted with either.
        if self.seen {
            return Err(duplicate(at, self.name));
        }
        self.seen = true;
        self.value = Some((self.rule)(r, at)?);
        Ok(())
    }
}

/// Reads the JSON object at `path`, giving each member named by one of `fields` to that field;
/// other members are skipped (checked for syntax only).
#[inline(never)]
pub(crate) fn read_object<'a>(r: &mut Reader<'a>, path: &Path, fields: &mut [&mut dyn Slot<'a>]) -> Result<(), Error> {
    read_object_in_order(r, path, fields).map(drop)
}

/// Like [`read_object`] (inlined, for the hot path of transaction rows), returning the members' order, one hex digit a member: the field's place in `fields` from 1, or
/// `f` for a skipped member (`{"b":…,"a":…}` read with fields `[a, b]` is `0x21`). Only an object
/// whose members are exactly the first fields in order gives `0x12…n`.
#[inline]
pub(crate) fn read_object_in_order<'a>(r: &mut Reader<'a>, path: &Path, fields: &mut [&mut dyn Slot<'a>]) -> Result<u64, Error> {
    r.object(path, "a JSON object")?;
    let (mut first, mut order) = (true, 0u64);
    while let Some(key) = r.next_key(&mut first)? {
        // Length and first byte first: they tell most names apart without a call to `memcmp`.
        let wanted = key.as_bytes();
        let found = fields.iter_mut().enumerate().find(|(_, field)| {
            let name = field.name().as_bytes();
            name.len() == wanted.len() && name.first() == wanted.first() && name == wanted
        });
        // Past 16 members the first digits shift out, but the later ones are never 0.
        order <<= 4;
        match found {
            Some((at, field)) => {
                order |= (at as u64 + 1).min(0xf);
                field.read(r, &path.key(&key))?;
            }
            None => {
                order |= 0xf;
                r.skip()?;
            }
        }
    }
    Ok(order)
}

/// Writes one JSON object, `{"name":value,…}`, placing the commas; every member method takes
/// its value or an `Option` of it, and writes nothing for `None`.
pub(crate) struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> ObjectWriter<'o> {
    /// Opens the object.
    #[inline]
    pub(crate) fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, empty: true }
    }

    /// Continues an object whose opening and first members are already in `out`.
    #[inline]
    pub(crate) fn after_members(out: &'o mut Vec<u8>) -> Self {
        ObjectWriter { out, empty: false }
    }

    /// Writes `"name":` (names are this crate's constants: nothing to escape) and returns the
    /// output for the value.
    #[inline]
    pub(crate) fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// A string as the body wrote it (the reader checked it; `JSON.parse` gives the same value).
    #[inline]
    pub(crate) fn str<'s>(&mut self, name: &str, value: impl Into<Option<Str<'s>>>) {
        if let Some(s) = value.into() {
            self.key(name).extend_from_slice(s.literal.as_bytes());
        }
    }

    /// A string of this crate's making, escaped.
    #[inline]
    pub(crate) fn text(&mut self, name: &str, value: Option<&str>) {
        if let Some(text) = value {
            crate::text::push_str(self.key(name), text);
        }
    }

    /// Text that needs no escaping (an RFC 3339 timestamp this crate wrote, a constant): copied
    /// between quotes as it is, which the hot path's timestamps need.
    #[inline(always)]
    pub(crate) fn plain(&mut self, name: &str, text: &str) {
        debug_assert!(!text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
        let out = self.key(name);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }

    /// Like [`ObjectWriter::plain`], writing nothing for `None`.
    #[inline]
    pub(crate) fn plain_opt(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.plain(name, text);
        }
    }

    /// An amount of money, from units of $0.0001.
    #[inline]
    pub(crate) fn money(&mut self, name: &str, units: impl Into<Option<i64>>) {
        if let Some(units) = units.into() {
            push_units(self.key(name), units);
        }
    }

    /// A number as the body wrote it (a quantity: `JSON.parse` reads the same number).
    #[inline]
    pub(crate) fn num<'s>(&mut self, name: &str, value: impl Into<Option<Num<'s>>>) {
        if let Some(num) = value.into() {
            self.key(name).extend_from_slice(num.text.as_bytes());
        }
    }

    /// A boolean.
    #[inline]
    pub(crate) fn bool(&mut self, name: &str, value: impl Into<Option<bool>>) {
        if let Some(value) = value.into() {
            self.key(name).extend_from_slice(if value { b"true" } else { b"false" });
        }
    }

    /// JSON text written elsewhere (a nested object or array).
    #[inline]
    pub(crate) fn raw(&mut self, name: &str, json: Option<&[u8]>) {
        if let Some(json) = json {
            self.key(name).extend_from_slice(json);
        }
    }

    /// Closes the object.
    #[inline]
    pub(crate) fn end(self) {
        self.out.push(b'}');
    }
}

/// The error for a field given twice (one function for every field type: kept out of the
/// generic [`Field`] so the `.wasm` holds it once).
fn duplicate(at: &Path, name: &str) -> Error {
    at.invalid(&["duplicate field `", name, "`"].concat())
}

/// The error for a required field that is absent.
pub(crate) fn missing(path: &Path, name: &str) -> Error {
    path.key(name).invalid(&["missing field `", name, "`"].concat())
}

/// Writes `data`, an array, element by element with `element` (given each element's path).
pub(crate) fn data_array<'a>(
    r: &mut Reader<'a>,
    out: &mut Vec<u8>,
    mut element: impl FnMut(&mut Reader<'a>, &Path, &mut Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    let data = Path::Root("data");
    r.array(&data, "an array")?;
    out.push(b'[');
    let (mut first, mut i) = (true, 0);
    while r.next_item(&mut first)? {
        if i > 0 {
            out.push(b',');
        }
        element(r, &data.index(i), out)?;
        i += 1;
    }
    out.push(b']');
    Ok(())
}

/// Reads an envelope with `decode` and returns the output text, after `prefix`.
pub(crate) fn decode_to_text<'a>(body: &'a [u8], prefix: &[u8], decode: &mut Decoder<'_, 'a>) -> Result<(String, Meta), Error> {
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    out.extend_from_slice(prefix);
    let meta = envelope::read(body, &mut out, decode)?;
    Ok((into_text(out), meta))
}

/// A list reply as the JSON text of a page, `{"data":[…],"nextStartKey":…,"requestId":…}`, the
/// rows written by `rows`.
pub(crate) fn page_to_text<'a>(body: &'a [u8], rows: &mut Decoder<'_, 'a>) -> Result<String, Error> {
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    let mut page = ObjectWriter::new(&mut out);
    let meta = envelope::read(body, page.key("data"), rows)?;
    for (name, value) in [("nextStartKey", meta.next_start_key), ("requestId", meta.request_id)] {
        match value {
            Some(text) => page.text(name, Some(&text)),
            None => page.key(name).extend_from_slice(b"null"),
        }
    }
    page.end();
    Ok(into_text(out))
}

/// Like [`page_to_text`], for the rows only (JSON text of `page.data`) and the next page's key.
pub(crate) fn rows_to_text<'a>(body: &'a [u8], rows: &mut Decoder<'_, 'a>) -> Result<(String, Option<String>), Error> {
    decode_to_text(body, b"", rows).map(|(text, Meta { next_start_key, .. })| (text, next_start_key))
}

/// The output is built only from checked UTF-8 and ASCII, so this never loses anything.
pub(crate) fn into_text(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Values by name, read in name order; a repeated name replaces the earlier value. A BTreeMap,
/// not insertion into a sorted Vec: a hostile body with many keys in descending order would make
/// that quadratic. The map holds indices into `values`, so every decoder that sorts shares one
/// BTreeMap type in the `.wasm` (each `BTreeMap<K, V>` is a copy of its code).
pub(crate) struct Sorted<V> {
    names: std::collections::BTreeMap<String, usize>,
    values: Vec<V>,
}

impl<V> Default for Sorted<V> {
    fn default() -> Self {
        Sorted { names: std::collections::BTreeMap::new(), values: Vec::new() }
    }
}

impl<V> Sorted<V> {
    /// Sets the value of `name`.
    pub(crate) fn insert(&mut self, name: String, value: V) {
        self.names.insert(name, self.values.len());
        self.values.push(value);
    }

    /// Names and values, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.names.iter().filter_map(|(name, &i)| Some((name.as_str(), self.values.get(i)?)))
    }

    /// The values, in name order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, value)| value)
    }
}

/// Writes the members of a map, in key order, as a JSON object.
pub(crate) fn push_sorted_map(out: &mut Vec<u8>, members: &Sorted<Vec<u8>>) {
    out.push(b'{');
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        crate::text::push_str(out, key);
        out.push(b':');
        out.extend_from_slice(value);
    }
    out.push(b'}');
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// Every number as an `f64`, as `JSON.parse` reads them: `25` and `25.0` are one number.
    pub(crate) fn numbers(value: Value) -> Value {
        match value {
            Value::Number(n) => json!(n.as_f64()),
            Value::Array(items) => Value::Array(items.into_iter().map(numbers).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, numbers(v))).collect()),
            other => other,
        }
    }

    /// Runs a field reader over `text` as `data.x`.
    fn field<'a, T>(text: &'a str, read: impl FnOnce(&mut Reader<'a>, &Path) -> Result<T, Error>) -> Result<T, String> {
        let mut r = Reader::new(text);
        let root = Path::Root("data");
        read(&mut r, &root.key("x")).map_err(|e| e.message)
    }

    fn money_text(text: &str) -> Result<String, String> {
        field(text, money).map(|units| {
            let mut out = Vec::new();
            crate::text::push_units(&mut out, units);
            String::from_utf8(out).unwrap()
        })
    }

    #[test]
    fn money_is_rounded_to_four_places() {
        let cases = [
            ("10.179999999999999716", "10.18"),
            ("0.0125", "0.0125"),
            ("25.00", "25"),
            ("-3.33339", "-3.3334"),
            ("0.00004", "0"),
            ("-0.0", "0"),
            ("-0.00004", "0"),
            ("42", "42"),
            ("-7", "-7"),
            ("1.5e2", "150"),
            ("-12.499999999999999", "-12.5"),
            ("100000000000", "100000000000"),
        ];
        for (text, want) in cases {
            assert_eq!(money_text(text), Ok(want.to_owned()), "{text}");
        }
    }

    #[test]
    fn money_rejects_what_is_not_money() {
        for (text, says) in [
            ("\"25.00\"", "expected an amount of money"),
            ("true", "expected an amount of money"),
            ("null", "expected an amount of money"),
            ("123456789012345678901234567890", "not an amount of money"),
            ("1e400", "number out of range"),
            ("1e12", "not an amount of money"),
        ] {
            let err = money_text(text).unwrap_err();
            assert!(err.contains(says) && err.starts_with("data.x: "), "{text}: {err}");
        }
    }

    #[test]
    fn numbers_are_read_as_serde_json_read_them() {
        let f = |t: &str| Num { text: t }.to_f64();
        for (text, want) in [
            ("0", 0.0),
            ("-0", -0.0),
            ("25.00", 25.0),
            ("10.179999999999999716", 10.18),
            ("1e22", 1e22),
            ("1E-5", 1e-5),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("0.1", 0.1),
            ("1e-400", 0.0),
            ("4.9e-324", 5e-324),
        ] {
            assert_eq!(f(text), Some(want), "{text}");
            assert_eq!(f(text), serde_json::from_str::<f64>(text).ok(), "{text} as serde_json");
        }
        assert_eq!(f("1e400"), None);
        assert_eq!(f("1e99999999999"), None);
        assert_eq!(f("0e99999999999"), Some(0.0));
    }

    #[test]
    fn timestamps_from_both_forms() {
        let ts = |t: &str| field(t, timestamp);
        assert_eq!(ts("63598331974"), Ok("2015-05-08T19:19:34Z".into()));
        assert_eq!(ts("63598331974.0"), Ok("2015-05-08T19:19:34Z".into()));
        assert_eq!(ts("\"2026-02-01T00:00:00Z\""), Ok("2026-02-01T00:00:00Z".into()));
        assert_eq!(ts("\"2026-02-01T00:00:00\\u005a\""), Ok("2026-02-01T00:00:00Z".into()));
        assert!(ts("-5").unwrap_err().contains("outside the years"));
        assert!(ts("18446744073709551615").unwrap_err().contains("out of range"));
        assert!(ts("6.5").unwrap_err().contains("6.5 is not a whole number"));
        assert!(ts("\"2026-02-01T00:00:00\"").unwrap_err().contains("no UTC offset"));
        assert!(ts("[]").unwrap_err().contains("expected an RFC 3339 timestamp"));
        assert!(ts("1e400").unwrap_err().contains("number out of range"));
    }

    #[test]
    fn ids_must_not_be_empty() {
        assert_eq!(field("\"txn_1\"", id).map(|s| s.literal), Ok("\"txn_1\""));
        assert_eq!(field("\"a\\u0062\"", id).map(|s| s.text().into_owned()), Ok("ab".to_owned()));
        assert!(field("\"  \"", id).unwrap_err().contains("non-empty"));
        assert!(field("\"\\u0020\"", id).unwrap_err().contains("non-empty"));
        assert!(field("5", id).unwrap_err().contains("invalid type: integer `5`, expected a string"));
    }
}
