//! Text for messages and JSON output, written without `fmt` and core's float printer (each
//! costs kilobytes of `.wasm`): quoting, numbers in decimal, JSON string literals, and a plain
//! substring search. Used by the reader (`json`), the errors (`error`) and every decoder.

/// Where `needle` first occurs in `text`. A plain scan: `str::find` with a string pattern brings
/// in core's two-way searcher and its panic paths (~5 KB of `.wasm`) for texts of a few hundred
/// bytes.
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes().windows(needle.len()).position(|w| w == needle)
}

/// Text quoted for a message: `"25.00"`, with quotes, backslashes and control characters escaped,
/// cut at 80 characters (a message must not carry a 20 MiB string).
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(80) + 2);
    out.push('"');
    for (i, c) in text.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                out.push_str("\\u{");
                push_hex(&mut out, c as u32);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_hex(out: &mut String, value: u32) {
    let mut started = false;
    for shift in (0..8).rev() {
        let digit = (value >> (shift * 4)) & 15;
        if digit != 0 || started || shift == 0 {
            started = true;
            out.push(char::from_digit(digit, 16).unwrap_or('0'));
        }
    }
}

/// A number for a message, without the float formatting machinery (~17 KB of `.wasm`): whole
/// numbers in full, others to six decimals.
pub(crate) fn number_text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    let mut out = String::from(if value < 0.0 { "-" } else { "" });
    let value = value.abs();
    if value.is_infinite() {
        out.push_str("Infinity");
        return out;
    }
    if value.fract() == 0.0 && value < 1e15 {
        push_uint(&mut out, value as u64);
        return out;
    }
    if value >= 1e12 {
        out.push_str("a number beyond 1e12");
        return out;
    }
    let millionths = (value * 1e6).round() as u64;
    push_uint(&mut out, millionths / 1_000_000);
    let mut fraction = millionths % 1_000_000;
    if fraction != 0 {
        out.push('.');
        let mut place = 100_000;
        while fraction != 0 {
            out.push(char::from(b'0' + (fraction / place) as u8));
            fraction %= place;
            place /= 10;
        }
    }
    out
}

/// Writes `value` in decimal without the `fmt` machinery.
pub(crate) fn push_uint(out: &mut String, value: u64) {
    let mut buf = Vec::with_capacity(20);
    push_uint_bytes(&mut buf, value);
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

fn push_uint_bytes(out: &mut Vec<u8>, mut value: u64) {
    let start = out.len();
    loop {
        out.push(b'0' + (value % 10) as u8);
        value /= 10;
        if value == 0 {
            break;
        }
    }
    if let Some(digits) = out.get_mut(start..) {
        digits.reverse();
    }
}

/// Writes a whole number of $0.0001 units as a JSON number: `-20`, `10.18`, `0.0125`.
/// `JSON.parse` of this text is the same `f64` as `units / 10_000.0`, both being the nearest
/// double to the same decimal, so no float formatting is needed.
pub(crate) fn push_units(out: &mut Vec<u8>, units: i64) {
    if units < 0 {
        out.push(b'-');
    }
    let units = units.unsigned_abs();
    push_uint_bytes(out, units / 10_000);
    let mut fraction = units % 10_000;
    if fraction != 0 {
        out.push(b'.');
        let mut place = 1_000;
        while fraction != 0 {
            out.push(b'0' + (fraction / place) as u8);
            fraction %= place;
            place /= 10;
        }
    }
}

/// The lowercase hex digit of the low four bits of `nibble`.
pub(crate) fn hex_digit(nibble: u8) -> u8 {
    match nibble & 15 {
        n @ 0..=9 => b'0' + n,
        n => b'a' + (n - 10),
    }
}

/// Writes `text` as a JSON string literal: `"`, `\\`, `\n`, `\r`, `\t` escaped by name, other
/// control characters as `\u00XX`, everything else (including non-ASCII) as it is.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for &b in text.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1F => {
                out.extend_from_slice(b"\\u00");
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b));
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_text_for_messages() {
        let cases = [(1.5, "1.5"), (-2.0, "-2"), (600000.0, "600000"), (0.1234567, "0.123457"), (f64::NAN, "NaN"), (f64::NEG_INFINITY, "-Infinity")];
        for (value, text) in cases {
            assert_eq!(number_text(value), text);
        }
        assert_eq!(quote("a\"b\n"), r#""a\"b\n""#);
        assert_eq!(quote("\u{1}\u{9f}"), r#""\u{1}\u{9f}""#);
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 83);
    }

    #[test]
    fn units_are_written_without_float_formatting() {
        for (units, text) in [(0, "0"), (101_800, "10.18"), (125, "0.0125"), (-200_000, "-20"), (1, "0.0001"), (-5, "-0.0005")] {
            let mut out = Vec::new();
            push_units(&mut out, units);
            assert_eq!(String::from_utf8(out).unwrap(), text);
            assert_eq!(text.parse::<f64>().unwrap(), units as f64 / 10_000.0, "JSON.parse reads the same number");
        }
    }
}
