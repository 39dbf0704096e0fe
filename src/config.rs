//! Client options, checked once in the constructor so every later call can trust them.

use crate::error::Error;
use crate::text::{find, number_text, quote};

/// Where requests go unless `baseUrl` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.audian.com:8443";
/// Per-attempt timeout unless `timeoutMs` says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// Extra attempts unless `maxRetries` says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Currency of balances that come without one (Kazoo never sends one).
pub const DEFAULT_CURRENCY: &str = "USD";
/// Largest body read unless `maxResponseBytes` says otherwise.
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 64 * 1024 * 1024;

const MIN_TOKEN_CHARS: usize = 8;
/// Kazoo's JWTs are about 1 KB; servers refuse headers past about 8 KB.
const MAX_TOKEN_CHARS: usize = 8_192;
/// 1 GiB: what a wasm32 `Vec` can surely hold (its capacity must stay below `isize::MAX`).
const MAX_RESPONSE_BYTES: u32 = 1 << 30;
const MAX_TIMEOUT_MS: u32 = 600_000;
const MAX_RETRIES: u32 = 10;

/// The options as the caller gave them; `None` means "use the default".
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The account id (a path segment).
    pub account_id: Option<String>,
    /// Origin (and optional path prefix) of the API.
    pub base_url: Option<String>,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: Option<f64>,
    /// Extra attempts after a retryable failure.
    pub max_retries: Option<f64>,
    /// ISO 4217 code for balances without a currency.
    pub currency: Option<String>,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: Option<f64>,
    /// `readOnly`: refuse every method that writes (default `false`).
    pub read_only: Option<bool>,
}

/// Checked options. The token is not among them: the session (`web::session`) holds where
/// tokens come from, and the constructor requires one.
///
/// ```
/// use audian_billing::config::{Config, Options};
/// let config = Config::new(Options {
///     account_id: Some("3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a".into()),
///     ..Options::default()
/// }).unwrap();
/// assert_eq!(config.url("/balance"), "https://api.audian.com:8443/v2/accounts/3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a/balance");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The account id, safe as a path segment.
    pub account_id: String,
    /// The base URL without a trailing slash.
    pub base_url: String,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: u32,
    /// Extra attempts after a retryable failure.
    pub max_retries: u32,
    /// Currency for balances without one.
    pub currency: String,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: u32,
    /// A client-side latch: methods that write reject before sending anything. Kazoo has no
    /// read-only tokens, so this is the page's own promise, not the server's.
    pub read_only: bool,
}

impl Config {
    /// Checks every option, naming the first bad one (`accountId` first).
    pub fn new(options: Options) -> Result<Config, Error> {
        let account_id = required_account_id(options.account_id.clone())?;
        Ok(Config { account_id, ..Config::without_credentials(options)? })
    }

    /// Checks every option but the account id (ignored, and left empty), which comes later from
    /// the server's answer to a sign-in.
    pub fn without_credentials(options: Options) -> Result<Config, Error> {
        let base_url = check_base_url(options.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let currency = options.currency.unwrap_or_else(|| DEFAULT_CURRENCY.to_owned());
        if !is_currency_code(&currency) {
            return Err(Error::config(format!("currency must be an ISO 4217 code of three capital letters, like \"USD\"; got {}", quote(&currency))));
        }
        Ok(Config {
            account_id: String::new(),
            base_url,
            timeout_ms: whole_number("timeoutMs", options.timeout_ms, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)?,
            max_retries: whole_number("maxRetries", options.max_retries, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES)?,
            currency,
            max_response_bytes: whole_number("maxResponseBytes", options.max_response_bytes, DEFAULT_MAX_RESPONSE_BYTES, 1024, MAX_RESPONSE_BYTES)?,
            read_only: options.read_only.unwrap_or(false),
        })
    }

    /// This configuration for account `account_id`, checked as a path segment.
    pub fn with_account(mut self, account_id: String) -> Result<Config, Error> {
        check_account_id(&account_id)?;
        self.account_id = account_id;
        Ok(self)
    }

    /// Refuses `action` (a method that writes, e.g. `"addCredit"`) on a client made with
    /// `readOnly: true`, before anything is sent.
    ///
    /// ```
    /// use audian_billing::config::{Config, Options};
    /// let options = Options { account_id: Some("3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a".into()), ..Options::default() };
    /// assert!(Config::new(options.clone()).unwrap().require_writable("addCredit").is_ok());
    /// let latched = Config::new(Options { read_only: Some(true), ..options }).unwrap();
    /// assert_eq!(latched.require_writable("addCredit").unwrap_err().kind, audian_billing::ErrorKind::Config);
    /// ```
    pub fn require_writable(&self, action: &str) -> Result<(), Error> {
        if self.read_only {
            return Err(Error::config(format!("{action}() changes the account, and this client was made with readOnly: true; nothing was sent")));
        }
        Ok(())
    }

    /// The full URL of an account resource; `resource` is "" or starts with `/`.
    pub fn url(&self, resource: &str) -> String {
        format!("{}/v2/accounts/{}{resource}", self.base_url, self.account_id)
    }
}

/// The `accountId` option: required, and safe as a path segment.
pub fn required_account_id(account_id: Option<String>) -> Result<String, Error> {
    let account_id = account_id.ok_or_else(|| Error::config("accountId is required"))?;
    check_account_id(&account_id)?;
    Ok(account_id)
}

/// Checks a token for `setAuthToken` and the constructor.
pub fn check_token(token: &str) -> Result<(), Error> {
    // A header value cannot hold control characters; fetch would throw a bare TypeError.
    // No quotes or backslashes either: messages escape those, and the escaped token would no
    // longer match when it is redacted. Kazoo's tokens are hex or base64url.
    if token.chars().any(|c| c.is_control() || !c.is_ascii() || c == '"' || c == '\\') {
        return Err(Error::config("authToken must be a string of printable ASCII characters, without quotes or backslashes"));
    }
    // Kazoo's tokens are 32+ characters; a very short one would also make redacting it from
    // error messages garble them ("t" is in every other word).
    if token.len() < MIN_TOKEN_CHARS {
        return Err(Error::config(format!("authToken is too short (Audian tokens have at least {MIN_TOKEN_CHARS} characters)")));
    }
    if token.len() > MAX_TOKEN_CHARS {
        return Err(Error::config(format!("authToken is too long (at most {MAX_TOKEN_CHARS} characters fit in a header)")));
    }
    Ok(())
}

/// ISO 4217 form: three ASCII capital letters.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Checks an account id for use as a path segment.
pub(crate) fn check_account_id(id: &str) -> Result<(), Error> {
    check_path_segment("accountId", "account id", id)
}

/// Checks a value that becomes one segment of a URL path (an account id, a ledger name), so it
/// cannot reach another resource: `option` names it in the message, `what` says what it is.
pub fn check_path_segment(option: &str, what: &str, value: &str) -> Result<(), Error> {
    let bad = value.is_empty()
        || value == "."
        || find(value, "..").is_some()
        || value.chars().any(|c| matches!(c, '/' | '\\' | '?' | '#' | '%') || c.is_whitespace() || c.is_control());
    if bad {
        return Err(Error::config(format!(
            "{option} {} is not a valid {what}: it must be non-empty, without '/', '\\', '?', '#', '%', '..' or whitespace",
            quote(value)
        )));
    }
    Ok(())
}

/// `https:` anywhere; `http:` only to loopback, where no network sees the token.
fn check_base_url(raw: &str) -> Result<String, Error> {
    let fail = |why: &str| Err(Error::config(format!("baseUrl {} {why}", quote(raw))));
    let split = find(raw, "://").and_then(|at| Some((raw.get(..at)?, raw.get(at + 3..)?)));
    let (scheme, rest) = match split {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => return fail("is not an absolute URL (expected https://host[:port])"),
    };
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("contains whitespace");
    }
    if rest.contains(['?', '#']) {
        return fail("must not have a query or fragment");
    }
    let slash = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = (rest.get(..slash).unwrap_or(rest), rest.get(slash..).unwrap_or_default());
    if authority.contains('@') {
        return fail("must not contain credentials");
    }
    let host = host_of(authority).ok_or_else(|| Error::config(format!("baseUrl {} has no valid host", quote(raw))))?;
    match scheme.as_str() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return fail("must use https: (plain http: is allowed only for localhost, 127.0.0.0/8 and [::1])"),
        _ => return fail("must use https:"),
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return fail("must not contain '.' or '..' path segments");
    }
    Ok(format!("{scheme}://{}{}", authority.to_ascii_lowercase(), path.trim_end_matches('/')))
}

/// The host part of `host[:port]`, lower-cased, with a checked port.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        (format!("[{inside}]"), after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (authority.to_owned(), None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok());
    let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    (port_ok && host_ok).then(|| host.to_ascii_lowercase())
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4 && octets.first() == Some(&"127") && octets.iter().all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

fn whole_number(name: &str, value: Option<f64>, default: u32, min: u32, max: u32) -> Result<u32, Error> {
    let Some(v) = value else { return Ok(default) };
    if v.is_finite() && v.fract() == 0.0 && (f64::from(min)..=f64::from(max)).contains(&v) {
        Ok(v as u32)
    } else {
        Err(Error::config(format!("{name} must be a whole number from {min} to {max}; got {}", number_text(v))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(account: &str, base: Option<&str>) -> Options {
        Options { account_id: Some(account.into()), base_url: base.map(Into::into), ..Options::default() }
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = Config::new(options("abc", None)).unwrap();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!((c.timeout_ms, c.max_retries, c.currency.as_str()), (15_000, 2, "USD"));
        assert_eq!(c.url(""), "https://api.audian.com:8443/v2/accounts/abc");
    }

    #[test]
    fn account_ids_that_would_change_the_path_are_rejected() {
        for bad in ["", "a/b", "a?b", "a#b", "a%2f", "..", "a..b", "a b", "a\tb", "\n", ".", "a\\b"] {
            let err = Config::new(options(bad, None)).unwrap_err();
            assert_eq!(err.kind.as_str(), "config", "{bad:?}");
            assert!(err.message.contains("accountId"), "{bad:?}: {}", err.message);
        }
        for good in ["3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a", "fault-status401-x1", "a.b"] {
            assert!(Config::new(options(good, None)).is_ok(), "{good}");
        }
        let none = Options { account_id: None, ..options("a", None) };
        assert_eq!(Config::new(none).unwrap_err().message, "accountId is required");
    }

    #[test]
    fn base_urls_must_be_https_or_loopback_http() {
        let good = [
            ("https://api.audian.com:8443", "https://api.audian.com:8443"),
            ("HTTPS://API.Audian.com:8443/", "https://api.audian.com:8443"),
            ("https://proxy.example.com/audian/", "https://proxy.example.com/audian"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://127.0.0.1:9", "http://127.0.0.1:9"),
            ("http://127.255.0.3", "http://127.255.0.3"),
            ("http://[::1]:3000", "http://[::1]:3000"),
        ];
        for (input, want) in good {
            assert_eq!(Config::new(options("a", Some(input))).map(|c| c.base_url), Ok(want.to_owned()));
        }
        let bad = [
            "http://api.audian.com",
            "http://127.0.0.1.evil.com",
            "http://128.0.0.1",
            "http://localhost.evil.com",
            "ftp://x",
            "api.audian.com",
            "https://",
            "https://a:99999",
            "https://user:pw@host",
            "https://host/?q",
            "https://host/#f",
            "https://ho st",
            "https://host/../x",
            "http://[::2]",
            "javascript:alert(1)",
        ];
        for input in bad {
            let err = Config::new(options("a", Some(input))).unwrap_err();
            assert!(err.message.contains("baseUrl"), "{input}: {}", err.message);
        }
    }

    #[test]
    fn numbers_and_currency_are_checked() {
        let with = |f: fn(&mut Options)| {
            let mut o = options("a", None);
            f(&mut o);
            Config::new(o)
        };
        assert_eq!(with(|o| o.timeout_ms = Some(250.0)).unwrap().timeout_ms, 250);
        assert_eq!(with(|o| o.max_retries = Some(0.0)).unwrap().max_retries, 0);
        assert!(with(|o| o.timeout_ms = Some(0.0)).unwrap_err().message.contains("timeoutMs"));
        assert!(with(|o| o.timeout_ms = Some(f64::NAN)).is_err());
        assert!(with(|o| o.timeout_ms = Some(1.5)).is_err());
        assert!(with(|o| o.max_retries = Some(-1.0)).unwrap_err().message.contains("maxRetries"));
        assert!(with(|o| o.max_retries = Some(11.0)).is_err());
        assert!(with(|o| o.max_response_bytes = Some(10.0)).is_err());
        assert_eq!(with(|o| o.currency = Some("EUR".into())).unwrap().currency, "EUR");
        for bad in ["usd", "US", "USDT", "€€€", ""] {
            let currency = bad.to_owned();
            let mut o = options("a", None);
            o.currency = Some(currency);
            assert!(Config::new(o).unwrap_err().message.contains("currency"), "{bad}");
        }
    }

    #[test]
    fn tokens_must_fit_in_a_header() {
        assert!(check_token("abc.DEF-123").is_ok());
        for bad in ["", "short", "a\nbcdefghij", "tökenöööö", "abcdefgh\u{0}", "abc\"defghi", "abc\\defghi"] {
            assert!(check_token(bad).is_err(), "{bad:?}");
        }
        // A renewal reply from a hostile server must not plant a megabyte header (and secret to scan).
        assert!(check_token(&"a".repeat(MAX_TOKEN_CHARS)).is_ok());
        assert!(check_token(&"a".repeat(MAX_TOKEN_CHARS + 1)).unwrap_err().message.contains("too long"));
    }
}
