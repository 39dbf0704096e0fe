//! Wire types of each endpoint and the checked, normalized objects handed to JavaScript.
//!
//! Field rules live in the field types below: each checks itself while serde reads it, so a
//! failure carries the JSON path of the field that failed.

pub mod account;
pub mod balance;
mod fast;
pub mod service_plan;
pub mod transaction;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use crate::time::{from_gregorian, parse_rfc3339};

/// Largest amount kept exact to $0.0001 in a float (2^53 / 10^4 ≈ 9e11).
const MAX_AMOUNT: f64 = 1e11;

/// Dollars, finite, rounded to Kazoo's $0.0001 unit to remove float noise.
///
/// ```
/// use audian_billing::models::Money;
/// let m: Money = serde_json::from_str("10.179999999999999716").unwrap();
/// assert_eq!(m.0, 10.18);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Money(pub f64);

impl Money {
    /// Checks and rounds a raw amount.
    pub fn new(raw: f64) -> Result<Money, String> {
        if !raw.is_finite() || raw.abs() > MAX_AMOUNT {
            return Err(format!("{raw} is not an amount of money (finite, at most {MAX_AMOUNT:e} in size)"));
        }
        // `+ 0.0` turns -0 into 0, so a zero never renders as "-$0.00".
        Ok(Money((raw * 10_000.0).round() / 10_000.0 + 0.0))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = deserializer.deserialize_f64(NumberVisitor("an amount of money (a number)"))?;
        Money::new(raw).map_err(de::Error::custom)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

/// A finite number (a quantity, not money).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Finite(pub f64);

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_f64(NumberVisitor("a number")).map(Finite)
    }
}

/// Reads any JSON number as `f64`; JSON has no NaN or infinity, and overflow fails in serde_json.
struct NumberVisitor(&'static str);

impl Visitor<'_> for NumberVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
}

/// An instant as RFC 3339 UTC text, read from RFC 3339 text or Kazoo's integer Gregorian seconds.
///
/// ```
/// use audian_billing::models::Timestamp;
/// let t: Timestamp = serde_json::from_str("63598331974").unwrap();
/// assert_eq!(t.0, "2015-05-08T19:19:34Z");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp or integer Gregorian seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse_rfc3339(v).map(|i| Timestamp(i.to_rfc3339())).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                let seconds = i64::try_from(v).map_err(|_| E::custom("Gregorian seconds out of range"))?;
                self.visit_i64(seconds)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                from_gregorian(v).map(|i| Timestamp(i.to_rfc3339())).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    self.visit_i64(v as i64)
                } else {
                    Err(E::custom(format!("{v} is not a whole number of Gregorian seconds")))
                }
            }
        }
        deserializer.deserialize_any(TimestampVisitor)
    }
}

/// A non-empty string (ids).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Id<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text: Cow<'a, str> = de_cow(deserializer)?;
        if text.trim().is_empty() {
            return Err(de::Error::custom("an id must be a non-empty string"));
        }
        Ok(Id(text))
    }
}

/// Borrows the string from the body when it has no escapes, and copies it otherwise.
pub(crate) fn de_cow<'de: 'a, 'a, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'a, str>, D::Error> {
    struct CowVisitor;
    impl<'de> Visitor<'de> for CowVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
    }
    deserializer.deserialize_str(CowVisitor)
}

/// Like [`de_cow`], for optional fields (`null` counts as absent).
pub(crate) fn de_opt_cow<'de: 'a, 'a, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Cow<'a, str>>, D::Error> {
    struct OptVisitor;
    impl<'de> Visitor<'de> for OptVisitor {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            de_cow(d).map(Some)
        }
    }
    deserializer.deserialize_option(OptVisitor)
}

/// Serializes a normalized object to the JSON text handed to JavaScript's `JSON.parse`.
///
/// Building JS objects field by field across the wasm boundary costs ~10× a `JSON.parse` of the
/// same data (shared/PERF-NOTES.md); one string and the engine's parser is the fast path.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, crate::Error> {
    serde_json::to_string(value).map_err(|e| crate::Error::new(crate::ErrorKind::Decode, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Result<f64, String> {
        serde_json::from_str::<Money>(text).map(|m| m.0).map_err(|e| e.to_string())
    }

    #[test]
    fn money_is_rounded_to_four_places() {
        let cases = [
            ("10.179999999999999716", 10.18),
            ("0.0125", 0.0125),
            ("25.00", 25.0),
            ("-3.33339", -3.3334),
            ("0.00004", 0.0),
            ("-0.0", 0.0),
            ("42", 42.0),
            ("-7", -7.0),
        ];
        for (text, want) in cases {
            assert_eq!(money(text), Ok(want), "{text}");
        }
        assert!(money("-0.0").unwrap().is_sign_positive());
    }

    #[test]
    fn money_rejects_what_is_not_money() {
        for (text, says) in [
            ("\"25.00\"", "expected an amount of money"),
            ("true", "expected an amount of money"),
            ("null", "expected an amount of money"),
            ("123456789012345678901234567890", "not an amount of money"),
            ("1e400", "number out of range"),
        ] {
            let err = money(text).unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
    }

    #[test]
    fn timestamps_from_both_forms() {
        let ts = |t: &str| serde_json::from_str::<Timestamp>(t).map(|t| t.0).map_err(|e| e.to_string());
        assert_eq!(ts("63598331974"), Ok("2015-05-08T19:19:34Z".into()));
        assert_eq!(ts("63598331974.0"), Ok("2015-05-08T19:19:34Z".into()));
        assert_eq!(ts("\"2026-02-01T00:00:00Z\""), Ok("2026-02-01T00:00:00Z".into()));
        assert!(ts("-5").unwrap_err().contains("outside the years"));
        assert!(ts("18446744073709551615").unwrap_err().contains("out of range"));
        assert!(ts("6.5").unwrap_err().contains("whole number"));
        assert!(ts("\"2026-02-01T00:00:00\"").unwrap_err().contains("no UTC offset"));
        assert!(ts("[]").unwrap_err().contains("expected an RFC 3339 timestamp"));
    }

    #[test]
    fn ids_must_not_be_empty() {
        assert_eq!(serde_json::from_str::<Id>("\"txn_1\"").unwrap().0, "txn_1");
        assert_eq!(serde_json::from_str::<Id>("\"a\\u0062\"").unwrap().0, "ab");
        assert!(serde_json::from_str::<Id>("\"  \"").is_err());
        assert!(serde_json::from_str::<Id>("5").is_err());
    }
}
