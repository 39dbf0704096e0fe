//! Timestamps as the API sends them: RFC 3339 text, Kazoo's Gregorian seconds, HTTP dates.
//!
//! Hand-written rather than a date crate: the three formats are small, and the calendar rules
//! (leap years, month lengths) are a few lines, where a date crate costs tens of KB of `.wasm`.

use crate::text::quote;

/// Seconds from 0000-01-01 (Kazoo's Gregorian epoch) to 1970-01-01.
pub const GREGORIAN_UNIX_OFFSET: i64 = 62_167_219_200;

/// Unix seconds of 9999-12-31T23:59:59Z, the last instant RFC 3339 can write.
const MAX_UNIX: i64 = 253_402_300_799;
/// Unix seconds of 0000-01-01T00:00:00Z.
const MIN_UNIX: i64 = -GREGORIAN_UNIX_OFFSET;

/// An instant, in whole Unix seconds plus the fraction digits as they were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
    /// Fractional-second digits, without the dot ("" when none).
    pub fraction: String,
}

impl Instant {
    /// Kazoo's Gregorian seconds (seconds since year 0).
    pub fn gregorian(&self) -> i64 {
        self.unix + GREGORIAN_UNIX_OFFSET
    }

    /// RFC 3339 in UTC: `2026-02-01T00:00:00Z` (with the fraction when there was one).
    pub fn to_rfc3339(&self) -> String {
        let days = self.unix.div_euclid(86_400);
        let secs = self.unix.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut out = String::with_capacity(20 + self.fraction.len() + 1);
        // Once per row of a page: the digits are written from fixed-width pairs, no formatting.
        if (0..=9999).contains(&y) {
            let ([y1, y2], [y3, y4]) = (two_digits(y / 100), two_digits(y % 100));
            out.extend([y1, y2, y3, y4].map(char::from));
        } else {
            push_year(&mut out, y);
        }
        let ([m1, m2], [d1, d2]) = (two_digits(m), two_digits(d));
        let ([h1, h2], [i1, i2], [s1, s2]) = (two_digits(secs / 3600), two_digits(secs / 60 % 60), two_digits(secs % 60));
        out.extend([b'-', m1, m2, b'-', d1, d2, b'T', h1, h2, b':', i1, i2, b':', s1, s2].map(char::from));
        if !self.fraction.is_empty() {
            out.push('.');
            out.push_str(&self.fraction);
        }
        out.push('Z');
        out
    }
}

/// The two ASCII digits of `value` (0–99).
fn two_digits(value: i64) -> [u8; 2] {
    let v = value.rem_euclid(100) as u8;
    [b'0' + v / 10, b'0' + v % 10]
}

/// Reads Kazoo's Gregorian seconds.
///
/// ```
/// use audian_billing::time::from_gregorian;
/// assert_eq!(from_gregorian(63598331974).unwrap().to_rfc3339(), "2015-05-08T19:19:34Z");
/// ```
pub fn from_gregorian(seconds: i64) -> Result<Instant, String> {
    let unix = seconds.checked_sub(GREGORIAN_UNIX_OFFSET).filter(|u| (MIN_UNIX..=MAX_UNIX).contains(u));
    match unix {
        Some(unix) => Ok(Instant { unix, fraction: String::new() }),
        None => Err(format!("{seconds} Gregorian seconds is outside the years 0000–9999")),
    }
}

/// Parses an RFC 3339 timestamp, checking the calendar (month lengths, leap years).
///
/// A `T`, `t` or space separates date and time; the offset (`Z` or `±HH:MM`) is required,
/// since a time without one names no instant.
///
/// ```
/// use audian_billing::time::parse_rfc3339;
/// assert_eq!(parse_rfc3339("2024-02-29T23:30:00-01:00").unwrap().to_rfc3339(), "2024-03-01T00:30:00Z");
/// assert!(parse_rfc3339("2025-02-29T00:00:00Z").is_err());
/// ```
pub fn parse_rfc3339(text: &str) -> Result<Instant, String> {
    let mut s = Scanner::new(text);
    let (year, month, day) = s.date()?;
    if !matches!(s.next_byte(), Some(b'T' | b't' | b' ')) {
        return Err(format!("{} is not an RFC 3339 timestamp (expected a 'T' after the date)", quote(text)));
    }
    let hour = s.number(2, 0, 23, "hour")?;
    s.expect(b':')?;
    let minute = s.number(2, 0, 59, "minute")?;
    s.expect(b':')?;
    let second = s.number(2, 0, 59, "second")?;
    let fraction = s.fraction()?;
    let offset = match s.next_byte() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = s.number(2, 0, 23, "offset hour")?;
            s.expect(b':')?;
            let m = s.number(2, 0, 59, "offset minute")?;
            let minutes = h * 60 + m;
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        None => return Err(format!("{} has no UTC offset (add 'Z' or '+HH:MM')", quote(text))),
        Some(_) => return Err(format!("{} is not an RFC 3339 timestamp (bad offset)", quote(text))),
    };
    s.end()?;
    let unix = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset * 60;
    if !(MIN_UNIX..=MAX_UNIX).contains(&unix) {
        return Err(format!("{} falls outside the years 0000–9999 in UTC", quote(text)));
    }
    Ok(Instant { unix, fraction: fraction.to_owned() })
}

/// Whether `text` is a real instant written as [`Instant::to_rfc3339`] writes it, whole seconds
/// in UTC (`YYYY-MM-DDTHH:MM:SSZ`): the check of a transactions row that is copied as written,
/// with no parse back into text. What it refuses, [`parse_rfc3339`] reads (and explains).
///
/// ```
/// use audian_billing::time::is_normalized_rfc3339;
/// assert!(is_normalized_rfc3339(b"2024-02-29T23:59:59Z"));
/// assert!(!is_normalized_rfc3339(b"2025-02-29T00:00:00Z"), "no such day");
/// assert!(!is_normalized_rfc3339(b"2024-02-29T23:59:59+00:00"), "valid, but written differently");
/// ```
pub fn is_normalized_rfc3339(text: &[u8]) -> bool {
    const SHAPE: &[u8; 20] = b"0000-00-00T00:00:00Z";
    let shaped = text.len() == SHAPE.len() && text.iter().zip(SHAPE).all(|(&b, &s)| if s == b'0' { b.is_ascii_digit() } else { b == s });
    let field = |at: usize, width: usize| text.get(at..at + width).map_or(-1, |d| d.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')));
    shaped && {
        let (year, month, day) = (field(0, 4), field(5, 2), field(8, 2));
        (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day) && field(11, 2) <= 23 && field(14, 2) <= 59 && field(17, 2) <= 59
    }
}

/// Parses a query bound: RFC 3339, or a bare date `YYYY-MM-DD`, which means the whole UTC day:
/// its first second as a lower bound, its last second when `end_of_day` (an upper bound, as
/// Kazoo's own portal sends `created_to`, so "to 2026-06-05" includes that day).
///
/// ```
/// use audian_billing::time::parse_query_date;
/// assert_eq!(parse_query_date("2026-06-05", true).unwrap().to_rfc3339(), "2026-06-05T23:59:59Z");
/// assert_eq!(parse_query_date("2026-06-05T12:00:00Z", true).unwrap().to_rfc3339(), "2026-06-05T12:00:00Z");
/// ```
pub fn parse_query_date(text: &str, end_of_day: bool) -> Result<Instant, String> {
    if text.len() == 10 {
        let mut s = Scanner::new(text);
        let (y, m, d) = s.date()?;
        s.end()?;
        let last_second = if end_of_day { 86_399 } else { 0 };
        return Ok(Instant { unix: days_from_civil(y, m, d) * 86_400 + last_second, fraction: String::new() });
    }
    parse_rfc3339(text)
}

/// Parses an HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds, as
/// `Retry-After` may carry one.
///
/// ```
/// use audian_billing::time::parse_http_date;
/// assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777));
/// ```
pub fn parse_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let text = text.trim();
    let rest = text.get(crate::text::find(text, ", ")? + 2..)?;
    let mut parts = rest.split(' ');
    // Fields of fixed width, parsed unsigned: no sign and no overflow from a hostile header.
    let field = |text: Option<&str>, width: usize| -> Option<i64> {
        let text = text.filter(|t| t.len() == width && t.bytes().all(|b| b.is_ascii_digit()))?;
        text.parse::<u16>().ok().map(i64::from)
    };
    let day = field(parts.next(), 2)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let year = field(parts.next(), 4)?;
    let mut clock = parts.next()?.split(':');
    let (h, m, s) = (field(clock.next(), 2)?, field(clock.next(), 2)?, field(clock.next(), 2)?);
    if clock.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let valid = (1..=days_in_month(year, month)).contains(&day) && h < 24 && m < 60 && s < 61;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Byte-wise reader for the fixed-width fields of RFC 3339.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner { text, pos: 0 }
    }

    fn next_byte(&mut self) -> Option<u8> {
        let b = self.text.as_bytes().get(self.pos).copied();
        self.pos += usize::from(b.is_some());
        b
    }

    fn expect(&mut self, want: u8) -> Result<(), String> {
        match self.next_byte() {
            Some(b) if b == want => Ok(()),
            _ => Err(format!("{} is not an RFC 3339 timestamp (expected '{}')", quote(self.text), want as char)),
        }
    }

    fn number(&mut self, width: usize, min: i64, max: i64, what: &str) -> Result<i64, String> {
        let digits = self.text.as_bytes().get(self.pos..self.pos + width).filter(|d| d.iter().all(u8::is_ascii_digit));
        let Some(digits) = digits else {
            return Err(format!("{} is not an RFC 3339 timestamp (bad {what})", quote(self.text)));
        };
        self.pos += width;
        let value = digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'));
        if (min..=max).contains(&value) {
            Ok(value)
        } else {
            Err(format!("{} has an impossible {what} ({value})", quote(self.text)))
        }
    }

    fn date(&mut self) -> Result<(i64, i64, i64), String> {
        let year = self.number(4, 0, 9999, "year")?;
        self.expect(b'-')?;
        let month = self.number(2, 1, 12, "month")?;
        self.expect(b'-')?;
        let day = self.number(2, 1, 31, "day")?;
        if day > days_in_month(year, month) {
            return Err(format!(
                "{} names a day that does not exist ({year:04}-{month:02} has {} days)",
                quote(self.text),
                days_in_month(year, month)
            ));
        }
        Ok((year, month, day))
    }

    fn fraction(&mut self) -> Result<&'a str, String> {
        if self.text.as_bytes().get(self.pos) != Some(&b'.') {
            return Ok("");
        }
        let start = self.pos + 1;
        let rest = self.text.get(start..).unwrap_or_default();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || len > 9 {
            return Err(format!("{} has a bad fraction of a second", quote(self.text)));
        }
        self.pos = start + len;
        Ok(rest.get(..len).unwrap_or_default())
    }

    fn end(&self) -> Result<(), String> {
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(format!("{} has extra text after the timestamp", quote(self.text)))
        }
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A year outside 0000–9999 (only in an `Instant` built by hand): its digits, zero-padded to four.
fn push_year(out: &mut String, year: i64) {
    let digits = year.to_string();
    out.extend(std::iter::repeat_n('0', 4usize.saturating_sub(digits.len())));
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_text_is_what_parsing_and_writing_back_gives() {
        let mut checked = 0;
        for year in [0, 1, 1900, 2000, 2023, 2024, 2100, 9999] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (h, m, sec) in [(0, 0, 0), (23, 59, 59), (24, 0, 0), (0, 60, 0), (0, 0, 60), (12, 5, 9)] {
                        let text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}Z");
                        let round_trip = parse_rfc3339(&text).map(|i| i.to_rfc3339()).as_deref() == Ok(text.as_str());
                        assert_eq!(is_normalized_rfc3339(text.as_bytes()), round_trip, "{text}");
                        checked += usize::from(round_trip);
                    }
                }
            }
        }
        assert!(checked > 1000);
        for other in [
            "2024-01-01t00:00:00Z",
            "2024-01-01T00:00:00z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00.5Z",
            "2024-1-01T00:00:00Z",
            "+024-01-01T00:00:00Z",
            "",
        ] {
            assert!(!is_normalized_rfc3339(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn gregorian_seconds_from_kazoo_docs() {
        assert_eq!(from_gregorian(63_598_331_974).unwrap().to_rfc3339(), "2015-05-08T19:19:34Z");
        assert_eq!(from_gregorian(GREGORIAN_UNIX_OFFSET).unwrap().to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(from_gregorian(0).unwrap().to_rfc3339(), "0000-01-01T00:00:00Z");
        assert!(from_gregorian(-1).is_err());
        assert!(from_gregorian(i64::MAX).is_err());
        assert!(from_gregorian(i64::MIN).is_err());
    }

    #[test]
    fn rfc3339_normalizes_to_utc() {
        let cases = [
            ("2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z"),
            ("2026-02-01t00:00:00z", "2026-02-01T00:00:00Z"),
            ("2026-02-01 00:00:00Z", "2026-02-01T00:00:00Z"),
            ("2026-02-01T01:30:00+01:30", "2026-02-01T00:00:00Z"),
            ("2026-01-31T23:00:00-01:00", "2026-02-01T00:00:00Z"),
            ("2026-02-01T00:00:00.250Z", "2026-02-01T00:00:00.250Z"),
            ("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
            ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_rfc3339(input).map(|i| i.to_rfc3339()), Ok(want.to_owned()), "{input}");
        }
    }

    #[test]
    fn rfc3339_rejects_impossible_and_malformed() {
        let cases = [
            ("2025-02-29T00:00:00Z", "does not exist"),
            ("1900-02-29T00:00:00Z", "does not exist"),
            ("2026-04-31T00:00:00Z", "does not exist"),
            ("2026-13-01T00:00:00Z", "impossible month"),
            ("2026-00-10T00:00:00Z", "impossible month"),
            ("2026-01-00T00:00:00Z", "impossible day"),
            ("2026-01-01T24:00:00Z", "impossible hour"),
            ("2026-01-01T23:60:00Z", "impossible minute"),
            ("2026-01-01T23:59:60Z", "impossible second"),
            ("2026-02-01T00:00:00", "no UTC offset"),
            ("2026-02-01", "expected a 'T'"),
            ("2026-02-01T00:00:00+0100", "expected ':'"),
            ("2026-02-01T00:00:00Zjunk", "extra text"),
            ("2026-02-01T00:00:00.Z", "fraction"),
            ("0000-01-01T00:00:00+01:00", "outside the years"),
            ("", "bad year"),
            ("２０２６-02-01T00:00:00Z", "bad year"),
        ];
        for (input, want) in cases {
            let err = parse_rfc3339(input).expect_err(input);
            assert!(err.contains(want), "{input}: {err}");
        }
    }

    #[test]
    fn writes_fixed_width_fields_at_every_bound() {
        let at = |unix: i64, fraction: &str| Instant { unix, fraction: fraction.to_owned() }.to_rfc3339();
        assert_eq!(at(MAX_UNIX, ""), "9999-12-31T23:59:59Z");
        assert_eq!(at(MIN_UNIX, "000000001"), "0000-01-01T00:00:00.000000001Z");
        assert_eq!(at(951_782_400 + 86_399, ""), "2000-02-29T23:59:59Z");
        assert_eq!(at(-1, ""), "1969-12-31T23:59:59Z");
        // Only an Instant built by hand can leave the years 0000–9999; its year keeps every digit.
        assert_eq!(at(MAX_UNIX + 1, "5"), "10000-01-01T00:00:00.5Z");
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap(2024) && is_leap(2000) && !is_leap(1900) && !is_leap(2026));
        for days in [-719_468, -1, 0, 1, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn query_dates_accept_bare_days() {
        assert_eq!(parse_query_date("2026-03-01", false).unwrap().to_rfc3339(), "2026-03-01T00:00:00Z");
        assert!(parse_query_date("2026-02-30", true).is_err());
        assert!(parse_query_date("yesterday", false).is_err());
    }

    #[test]
    fn http_dates() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:10 GMT"), Some(10));
        assert_eq!(parse_http_date("Wed, 31 Feb 2026 00:00:00 GMT"), None);
        assert_eq!(parse_http_date("Wed, 01 Foo 2026 00:00:00 GMT"), None);
        assert_eq!(parse_http_date("Wed, 01 Jan 2026 00:00:00 PST"), None);
        assert_eq!(parse_http_date("120"), None);
        assert_eq!(parse_http_date("Thu, 01 Jan 9223372036854775807 00:00:00 GMT"), None, "no overflow");
        assert_eq!(parse_http_date("Thu, 01 Jan 2026 -9223372036854775808:00:00 GMT"), None, "no sign");
        assert_eq!(parse_http_date("Thu, 1 Jan 2026 00:00:00 GMT"), None, "IMF-fixdate has two-digit days");
    }
}
