//! When to try a request again, as a pure decision (no clock, no randomness, no network).

use crate::time::parse_http_date;

/// First backoff step; each retry doubles it.
const BASE_DELAY_MS: f64 = 300.0;
/// Longest computed backoff.
const MAX_BACKOFF_MS: f64 = 8_000.0;
/// Longest `Retry-After` we wait out; a longer one is reported instead of sleeping for it.
pub const MAX_RETRY_AFTER_MS: f64 = 30_000.0;
/// First wait after a 429 without `Retry-After` (Crossbar never sends one): its bucket refills
/// 10 tokens a second, so about a second, then two, lets it recover.
const RATE_LIMITED_DELAY_MS: f64 = 1_000.0;

/// Crossbar's rate limit (`kz_buckets`: a bucket of 100 tokens per client address and account,
/// refilled 10 a second; a request costs 1, a sign-in 35). A walk paces itself when the
/// envelope's `tokens.remaining` falls below this, so the bucket is never emptied.
pub const PACE_BELOW_TOKENS: u64 = 20;
/// Tokens the bucket regains per second (Kazoo's default `tokens_fill_rate`).
const REFILL_PER_S: f64 = 10.0;

/// How long a long walk (every page of a year) waits before its next request, after a reply
/// whose envelope said `tokens.remaining` was `remaining`: nothing while plenty is left, else
/// the time the bucket takes to refill to [`PACE_BELOW_TOKENS`], so a walk settles at the refill
/// rate instead of running into 429s.
///
/// ```
/// use audian_billing::retry::pace_ms;
/// assert_eq!(pace_ms(Some(80)), 0);
/// assert_eq!(pace_ms(Some(19)), 100);
/// assert_eq!(pace_ms(Some(0)), 2_000);
/// assert_eq!(pace_ms(None), 0);
/// ```
pub fn pace_ms(remaining: Option<u64>) -> u32 {
    match remaining {
        Some(left) if left < PACE_BELOW_TOKENS => ((PACE_BELOW_TOKENS - left) as f64 * 1000.0 / REFILL_PER_S).ceil() as u32,
        _ => 0,
    }
}

/// How one attempt ended, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Attempt {
    /// No response: connection refused or reset, DNS, CORS.
    NetworkError,
    /// The per-attempt timeout fired.
    TimedOut,
    /// A response with this status.
    Status(u16),
}

impl Attempt {
    /// Whether the answer says the server did not act on the request (429: refused by the rate
    /// limit; 503: Crossbar's datastore or a proxy turned it away before any handler ran), so a
    /// `PUT` or `DELETE` may be sent again. After a network error, a timeout, a 502 or a 504 the
    /// server may have acted: a resent sign-in would mint a second token and count a wrong
    /// password twice toward an account lock, so those are reported instead.
    pub fn refused(self) -> bool {
        matches!(self, Attempt::Status(429 | 503))
    }
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// Wait this long, then try again.
    Retry {
        /// Milliseconds to wait.
        delay_ms: u32,
    },
    /// Give up and report this attempt.
    Stop,
}

/// The retry policy of a client (async-stripe's `RequestStrategy`, reduced to what the API needs).
///
/// ```
/// use audian_billing::retry::{Attempt, Outcome, RetryPolicy};
/// let policy = RetryPolicy { max_retries: 2 };
/// assert_eq!(policy.decide(Attempt::Status(404), 0, None, 0.5), Outcome::Stop);
/// assert_eq!(policy.decide(Attempt::Status(503), 0, Some(1_000.0), 0.5), Outcome::Retry { delay_ms: 1_000 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Extra attempts allowed after the first.
    pub max_retries: u32,
}

impl RetryPolicy {
    /// Decides after attempt number `retries_done` (0 for the first attempt).
    ///
    /// `retry_after_ms` is the server's `Retry-After` in milliseconds from now, `jitter` a number
    /// in `[0, 1)` that spreads clients apart when the server gave no timing.
    pub fn decide(&self, attempt: Attempt, retries_done: u32, retry_after_ms: Option<f64>, jitter: f64) -> Outcome {
        let retryable = match attempt {
            Attempt::NetworkError | Attempt::TimedOut => true,
            Attempt::Status(status) => matches!(status, 429 | 502 | 503 | 504),
        };
        if !retryable || retries_done >= self.max_retries {
            return Outcome::Stop;
        }
        let delay = match retry_after_ms {
            Some(ms) if ms > MAX_RETRY_AFTER_MS => return Outcome::Stop,
            Some(ms) => ms.max(0.0),
            // A 429 without timing: about 1 s, then 2 s (±25 %), time for the bucket to refill.
            None if attempt == Attempt::Status(429) => {
                let step = RATE_LIMITED_DELAY_MS * 2f64.powi(retries_done.min(16) as i32);
                step.min(MAX_BACKOFF_MS) * (0.75 + jitter.clamp(0.0, 1.0) / 2.0)
            }
            None => {
                let step = BASE_DELAY_MS * 2f64.powi(retries_done.min(16) as i32);
                step.min(MAX_BACKOFF_MS) * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)
            }
        };
        Outcome::Retry { delay_ms: delay.ceil() as u32 }
    }
}

/// Reads a `Retry-After` header, seconds or an HTTP date, into milliseconds from `now_ms`.
///
/// ```
/// use audian_billing::retry::retry_after_ms;
/// assert_eq!(retry_after_ms("2", 0.0), Some(2_000.0));
/// assert_eq!(retry_after_ms("Thu, 01 Jan 1970 00:00:05 GMT", 1_000.0), Some(4_000.0));
/// assert_eq!(retry_after_ms("soon", 0.0), None);
/// ```
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<f64> {
    let header = header.trim();
    if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) {
        // Summed by hand: `parse::<f64>` would bring in core's float parser (~10 KB of `.wasm`).
        // Past 2^53 the sum is approximate, and far beyond the 30 s that is ever waited anyway.
        return Some(header.bytes().fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0')) * 1000.0);
    }
    parse_http_date(header).map(|unix| (unix as f64 * 1000.0 - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy { max_retries: 2 };

    #[test]
    fn retries_only_transient_failures() {
        for attempt in
            [Attempt::NetworkError, Attempt::TimedOut, Attempt::Status(429), Attempt::Status(502), Attempt::Status(503), Attempt::Status(504)]
        {
            assert!(matches!(POLICY.decide(attempt, 0, None, 0.0), Outcome::Retry { .. }), "{attempt:?}");
        }
        for status in [200, 400, 401, 403, 404, 409, 410, 422, 423, 451, 500, 501] {
            assert_eq!(POLICY.decide(Attempt::Status(status), 0, None, 0.0), Outcome::Stop, "{status}");
        }
    }

    #[test]
    fn the_budget_is_respected() {
        assert!(matches!(POLICY.decide(Attempt::Status(503), 1, None, 0.0), Outcome::Retry { .. }));
        assert_eq!(POLICY.decide(Attempt::Status(503), 2, None, 0.0), Outcome::Stop);
        let none = RetryPolicy { max_retries: 0 };
        assert_eq!(none.decide(Attempt::NetworkError, 0, None, 0.0), Outcome::Stop);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy { max_retries: 20 };
        let delay = |n, jitter| match policy.decide(Attempt::NetworkError, n, None, jitter) {
            Outcome::Retry { delay_ms } => delay_ms,
            Outcome::Stop => panic!("expected a retry"),
        };
        assert_eq!((delay(0, 0.0), delay(0, 1.0)), (150, 300));
        assert_eq!((delay(1, 0.0), delay(2, 0.0)), (300, 600));
        assert_eq!(delay(15, 1.0), 8_000);
        assert_eq!(delay(15, 7.0), 8_000, "jitter is clamped");
    }

    #[test]
    fn a_429_without_retry_after_waits_about_one_then_two_seconds() {
        let delay = |n, jitter| match POLICY.decide(Attempt::Status(429), n, None, jitter) {
            Outcome::Retry { delay_ms } => delay_ms,
            Outcome::Stop => panic!("expected a retry"),
        };
        assert_eq!((delay(0, 0.0), delay(0, 0.5), delay(0, 1.0)), (750, 1_000, 1_250));
        assert_eq!((delay(1, 0.0), delay(1, 0.5), delay(1, 1.0)), (1_500, 2_000, 2_500));
        assert_eq!(POLICY.decide(Attempt::Status(429), 2, None, 0.5), Outcome::Stop, "within the retry budget");
        let long = RetryPolicy { max_retries: 10 };
        assert_eq!(long.decide(Attempt::Status(429), 9, None, 1.0), Outcome::Retry { delay_ms: 10_000 }, "capped (8 s ± 25 %)");
        // Other transient failures keep the short steps.
        assert_eq!(POLICY.decide(Attempt::Status(503), 0, None, 1.0), Outcome::Retry { delay_ms: 300 });
    }

    #[test]
    fn a_walk_paces_itself_to_the_refill_rate_when_the_bucket_runs_low() {
        assert_eq!(pace_ms(None), 0, "no bucket reported: no pacing");
        assert_eq!(pace_ms(Some(100)), 0);
        assert_eq!(pace_ms(Some(PACE_BELOW_TOKENS)), 0);
        assert_eq!(pace_ms(Some(PACE_BELOW_TOKENS - 1)), 100, "one token short: the time to refill one");
        assert_eq!(pace_ms(Some(10)), 1_000);
        assert_eq!(pace_ms(Some(0)), 2_000);
        // At one request per 100 ms the bucket regains what each request costs: it never empties.
        let mut left = PACE_BELOW_TOKENS - 1;
        for _ in 0..100 {
            let refilled = (f64::from(pace_ms(Some(left))) / 1000.0 * REFILL_PER_S) as u64;
            left = (left + refilled).min(100) - 1;
            assert!(left >= PACE_BELOW_TOKENS - 1);
        }
    }

    #[test]
    fn retry_after_wins_over_backoff_and_is_capped() {
        assert_eq!(POLICY.decide(Attempt::Status(429), 0, Some(0.0), 0.9), Outcome::Retry { delay_ms: 0 });
        assert_eq!(POLICY.decide(Attempt::Status(429), 0, Some(2_500.0), 0.9), Outcome::Retry { delay_ms: 2_500 });
        assert_eq!(POLICY.decide(Attempt::Status(429), 0, Some(3_600_000.0), 0.0), Outcome::Stop);
        assert_eq!(POLICY.decide(Attempt::Status(429), 0, Some(-5.0), 0.0), Outcome::Retry { delay_ms: 0 });
    }

    #[test]
    fn retry_after_headers() {
        assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0.0));
        assert_eq!(retry_after_ms("3600", 0.0), Some(3_600_000.0));
        assert_eq!(retry_after_ms("Thu, 01 Jan 1970 00:00:01 GMT", 5_000.0), Some(0.0), "a past date means now");
        for bad in ["", "-1", "1.5", "0x10", "tomorrow"] {
            assert_eq!(retry_after_ms(bad, 0.0), None, "{bad}");
        }
    }
}
