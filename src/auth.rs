//! Signing in to Kazoo, as pure functions: the sign-in options and their checks, the credentials
//! hash, the request bodies, the reply, the expiry inside a JWT, and when to renew a token.
//! `web::session` does the I/O; everything here runs in `cargo test`.
//!
//! Kazoo's calls (Crossbar `user_auth`, `api_auth`, `auth`, `token_auth`):
//! - `PUT /v2/user_auth` `{"data": {"credentials", "method", <one account identifier>}}`, where
//!   `credentials` is the hex md5 (or sha1, `"method": "sha"`) of `lowercase(username) + ":" + password`;
//! - `PUT /v2/api_auth` `{"data": {"api_key"}}`, nothing else: its schema (`api_auth.json`) has
//!   `"additionalProperties": false`, so any other key is a 400;
//! - `PUT /v2/auth` `{"action": "refresh_token", "data": {}}` renews a still-valid token (4.2+);
//! - `DELETE /v2/token_auth` deletes a stored token (3.x); JWTs (4.x, 5.x) are not stored, so it
//!   answers 200 and the token stays valid until its `exp`;
//! - `PUT /v2/accounts/{account}/users/{owner}/auth` `{"action": "reset_signature_secret", "data": {}}`
//!   ends every session of that user (a user may reset their own).
//!
//! There are no read-only tokens: a token may do whatever its user may do (`crossbar_auth.erl`
//! builds the claims; nothing from the request body is kept). Every reply carries the new token
//! as the envelope's `auth_token`, the account as `data.account_id` (Kazoo 5.x adds
//! `data.account_name`), the user as `data.owner_id` (none for an API key), and the server's clock
//! as the envelope's `timestamp`. Kazoo's JWTs carry `exp` and no `iat`.

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::config::{check_account_id, check_token};
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::json::{Path, Reader};
use crate::models::{id, read_object, Field};
use crate::text::quote;
use crate::time::{from_gregorian, parse_rfc3339, GREGORIAN_UNIX_OFFSET};

/// `PUT`: sign in with a username and password.
pub const USER_AUTH: &str = "/v2/user_auth";
/// `PUT`: sign in with an API key.
pub const API_AUTH: &str = "/v2/api_auth";
/// `PUT` [`REFRESH_BODY`]: a new token for a still-valid one.
pub const REFRESH: &str = "/v2/auth";
/// `DELETE`: revokes the token sent.
pub const TOKEN_AUTH: &str = "/v2/token_auth";
/// The body of a renewal.
pub const REFRESH_BODY: &str = r#"{"action":"refresh_token","data":{}}"#;
/// The body of `signOut({ everywhere: true })`: a new signature secret for the user, so every
/// token signed with the old one stops working.
pub const RESET_BODY: &str = r#"{"action":"reset_signature_secret","data":{}}"#;

/// The path of the user's own `auth` resource, where [`RESET_BODY`] is sent.
///
/// ```
/// assert_eq!(audian_billing::auth::reset_path("acct", "user"), "/v2/accounts/acct/users/user/auth");
/// ```
pub fn reset_path(account_id: &str, owner_id: &str) -> String {
    ["/v2/accounts/", account_id, "/users/", owner_id, "/auth"].concat()
}

/// Kazoo's API keys are 64 characters (hex).
pub const API_KEY_CHARS: usize = 64;
/// A token is renewed when less than this is left (or half its lifetime, when that is shorter).
pub const RENEW_MARGIN_MS: f64 = 5.0 * 60_000.0;

/// The option names of `BillingClient.signIn`.
pub const OPTION_NAMES: &[&str] = &[
    "apiKey",
    "username",
    "password",
    "accountName",
    "accountRealm",
    "phoneNumber",
    "method",
    "readOnly",
    "baseUrl",
    "timeoutMs",
    "maxRetries",
    "currency",
    "maxResponseBytes",
    "signal",
];

/// How the password is hashed (`method` in the `user_auth` body).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// md5 (Kazoo's default).
    Md5,
    /// sha1 (`"method": "sha"`).
    Sha,
}

/// Which account a username belongs to: exactly one is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountRef {
    /// `account_name`
    Name(String),
    /// `account_realm`
    Realm(String),
    /// `phone_number`
    Phone(String),
}

/// What the caller signs in with.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `PUT /v2/user_auth`.
    User {
        /// As typed; lower-cased only inside the hash.
        username: String,
        /// Never sent: only its hash is.
        password: String,
        /// The account the user belongs to.
        account: AccountRef,
        /// The hash.
        method: Method,
    },
    /// `PUT /v2/api_auth`.
    ApiKey(String),
}

// Written by hand so that `{:?}` can never print a password or key.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credentials::User { .. } => "Credentials::User([redacted])",
            Credentials::ApiKey(_) => "Credentials::ApiKey([redacted])",
        })
    }
}

/// The credential options of `signIn` as the caller gave them (`None` = absent).
#[derive(Clone, Default)]
pub struct SignInOptions {
    /// `apiKey`
    pub api_key: Option<String>,
    /// `username`
    pub username: Option<String>,
    /// `password`
    pub password: Option<String>,
    /// `accountName`
    pub account_name: Option<String>,
    /// `accountRealm`
    pub account_realm: Option<String>,
    /// `phoneNumber`
    pub phone_number: Option<String>,
    /// `method`: `"md5"` or `"sha"`.
    pub method: Option<String>,
}

/// A checked sign-in: what to send, and the secrets no error may carry.
#[derive(Clone, PartialEq, Eq)]
pub struct SignIn {
    /// [`USER_AUTH`] or [`API_AUTH`].
    pub path: &'static str,
    /// The JSON body.
    pub body: String,
    /// The hash of the password, or the API key: redacted from every error (the password is never
    /// sent, so no reply can hold it, and no message of the package quotes it).
    pub secrets: Vec<String>,
    /// `apiKey` or `username`: who was not accepted, for the 401 message.
    pub form: Form,
}

// Written by hand (here and for `Grant`) so that `{:?}` never prints a secret.
impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignIn { path: ")?;
        f.write_str(self.path)?;
        f.write_str(", .. }")
    }
}

/// Which kind of credentials a sign-in used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Username, password and account.
    User,
    /// API key.
    ApiKey,
}

impl SignInOptions {
    /// Checks the options (nothing is sent when this fails) and builds the request.
    ///
    /// ```
    /// use audian_billing::auth::{SignInOptions, API_AUTH};
    /// let key = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    /// let sign_in = SignInOptions { api_key: Some(key.into()), ..Default::default() }.check().unwrap();
    /// assert_eq!(sign_in.path, API_AUTH);
    /// assert_eq!(sign_in.body, format!(r#"{{"data":{{"api_key":"{key}"}}}}"#));
    /// ```
    pub fn check(self) -> Result<SignIn, Error> {
        Ok(sign_in(&self.credentials()?))
    }

    fn credentials(&self) -> Result<Credentials, Error> {
        let user_fields = [
            ("username", &self.username),
            ("password", &self.password),
            ("accountName", &self.account_name),
            ("accountRealm", &self.account_realm),
            ("phoneNumber", &self.phone_number),
            ("method", &self.method),
        ];
        if let Some(key) = &self.api_key {
            if let Some((name, _)) = user_fields.iter().find(|(_, v)| v.is_some()) {
                return Err(Error::config(format!(
                    "options.apiKey and options.{name} cannot be used together: sign in with an API key, or with a username and password"
                )));
            }
            // Said by length only: a key must never be quoted back. Bytes, not characters: the
            // key must be ASCII anyway, and `chars().count()` is 0.8 KB of `.wasm`.
            if key.len() != API_KEY_CHARS || !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::config(format!(
                    "options.apiKey must be {API_KEY_CHARS} printable ASCII characters (Audian API keys are 64 hex characters)"
                )));
            }
            return Ok(Credentials::ApiKey(key.clone()));
        }
        let username = match self.username.as_deref().map(str::trim) {
            None => return Err(Error::config("options.username (with options.password) or options.apiKey is required")),
            Some("") => return Err(Error::config("options.username must not be empty")),
            Some(_) => self.username.clone().unwrap_or_default(),
        };
        let password = match &self.password {
            None => return Err(Error::config("options.password is required with options.username")),
            Some(p) if p.is_empty() => return Err(Error::config("options.password must not be empty")),
            Some(p) => p.clone(),
        };
        let identifiers = [("accountName", &self.account_name), ("accountRealm", &self.account_realm), ("phoneNumber", &self.phone_number)];
        let mut given = identifiers.iter().filter_map(|(name, value)| value.as_ref().map(|v| (*name, v.clone())));
        let account = match (given.next(), given.next()) {
            (None, _) => {
                return Err(Error::config(
                    "one of options.accountName, options.accountRealm or options.phoneNumber is required with options.username",
                ))
            }
            (Some((a, _)), Some((b, _))) => {
                return Err(Error::config(format!("options.{a} and options.{b} cannot be used together: give exactly one account identifier")))
            }
            (Some((name, value)), None) if value.trim().is_empty() => return Err(Error::config(format!("options.{name} must not be empty"))),
            (Some(("accountName", value)), None) => AccountRef::Name(value),
            (Some(("accountRealm", value)), None) => AccountRef::Realm(value),
            (Some((_, value)), None) => AccountRef::Phone(value),
        };
        let method = match self.method.as_deref() {
            None | Some("md5") => Method::Md5,
            Some("sha") => Method::Sha,
            Some(other) => return Err(Error::config(format!("options.method must be \"md5\" or \"sha\"; got {}", quote(other)))),
        };
        Ok(Credentials::User { username, password, account, method })
    }
}

/// The hex md5 or sha1 of `lowercase(username) + ":" + password`, as Kazoo's `user_auth` wants.
/// ASCII letters are lowered here; the browser side first lowers the whole username with
/// JavaScript's `toLowerCase` (Monster UI's way), which costs no Unicode tables in the `.wasm`
/// (Rust's `to_lowercase` added 11.6 KB gzip).
///
/// ```
/// use audian_billing::auth::{credentials_hash, Method};
/// assert_eq!(credentials_hash("John@Example.com", "m32c6NfqYEt", Method::Md5), "82a2dc91686ec828a67152d45a5c5ef7");
/// ```
pub fn credentials_hash(username: &str, password: &str, method: Method) -> String {
    let text = [username.to_ascii_lowercase().as_str(), ":", password].concat();
    match method {
        Method::Md5 => hex(&Md5::digest(text.as_bytes())),
        Method::Sha => hex(&Sha1::digest(text.as_bytes())),
    }
}

fn hex(bytes: &[u8]) -> String {
    let digit = |d: u8| char::from_digit(u32::from(d), 16).unwrap_or('0');
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b & 15));
    }
    out
}

/// The request for `credentials`: exactly the keys Kazoo's schemas allow.
pub fn sign_in(credentials: &Credentials) -> SignIn {
    let mut body = Vec::with_capacity(160);
    body.extend_from_slice(b"{\"data\":{");
    let (path, secrets, form) = match credentials {
        Credentials::User { username, password, account, method } => {
            let hash = credentials_hash(username, password, *method);
            body.extend_from_slice(b"\"credentials\":");
            crate::text::push_str(&mut body, &hash);
            let (key, value) = match account {
                AccountRef::Name(v) => ("account_name", v),
                AccountRef::Realm(v) => ("account_realm", v),
                AccountRef::Phone(v) => ("phone_number", v),
            };
            body.extend_from_slice(b",\"");
            body.extend_from_slice(key.as_bytes());
            body.extend_from_slice(b"\":");
            crate::text::push_str(&mut body, value);
            body.extend_from_slice(if *method == Method::Sha { b",\"method\":\"sha\"" } else { b",\"method\":\"md5\"" });
            (USER_AUTH, vec![hash], Form::User)
        }
        Credentials::ApiKey(key) => {
            body.extend_from_slice(b"\"api_key\":");
            crate::text::push_str(&mut body, key);
            (API_AUTH, vec![key.clone()], Form::ApiKey)
        }
    };
    body.extend_from_slice(b"}}");
    SignIn { path, body: crate::models::into_text(body), secrets, form }
}

/// What the message of a 401 to a sign-in says (Kazoo's own is "invalid credentials").
pub fn rejected_message(form: Form) -> &'static str {
    match form {
        Form::User => "The username, password or account name was not accepted. Check them and sign in again.",
        Form::ApiKey => "The API key was not accepted. Check it (or create a new one) and sign in again.",
    }
}

/// What a sign-in answers.
#[derive(Clone, PartialEq)]
pub struct Grant {
    /// The envelope's `auth_token`.
    pub token: String,
    /// `data.account_id`.
    pub account_id: String,
    /// `data.account_name` (Kazoo 5.x).
    pub account_name: Option<String>,
    /// `data.owner_id`: the user signed in; `None` for an API key.
    pub owner_id: Option<String>,
    /// The envelope's `timestamp`, in ms since the epoch: the server's clock.
    pub server_ms: Option<f64>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Grant { account_id: ")?;
        f.write_str(&self.account_id)?;
        f.write_str(", .. }")
    }
}

/// Reads a sign-in reply: `auth_token`, `data.account_id`, `data.account_name`.
///
/// ```
/// let body = br#"{"auth_token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","status":"success",
///     "data":{"account_id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","account_name":"northwind-dental","apps":[]}}"#;
/// let grant = audian_billing::auth::grant(body).unwrap();
/// assert_eq!(grant.account_id, "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a");
/// assert_eq!(grant.account_name.as_deref(), Some("northwind-dental"));
/// ```
pub fn grant(body: &[u8]) -> Result<Grant, Error> {
    let Reply { token, account_id, account_name, owner_id, server_ms, request_id } = read_reply(body)?;
    let in_reply = |e: Error| e.with_request_id(request_id.clone());
    let account_id = account_id.ok_or_else(|| in_reply(crate::models::missing(&Path::Root("data"), "account_id")))?;
    check_account_id(&account_id).map_err(|_| in_reply(Path::Root("data").key("account_id").invalid("not a usable account id")))?;
    // The owner becomes a path segment of `signOut({ everywhere: true })`.
    if let Some(owner) = &owner_id {
        check_account_id(owner).map_err(|_| in_reply(Path::Root("data").key("owner_id").invalid("not a usable user id")))?;
    }
    Ok(Grant { token, account_id, account_name, owner_id, server_ms })
}

/// The new token of a renewal reply (which need not name the account again), and the server's
/// clock when it answered.
pub fn renewed_token(body: &[u8]) -> Result<(String, Option<f64>), Error> {
    read_reply(body).map(|reply| (reply.token, reply.server_ms))
}

/// A sign-in or renewal reply, as far as it is read.
struct Reply {
    token: String,
    account_id: Option<String>,
    account_name: Option<String>,
    owner_id: Option<String>,
    server_ms: Option<f64>,
    request_id: Option<String>,
}

fn read_reply(body: &[u8]) -> Result<Reply, Error> {
    let (mut account_id, mut account_name, mut owner_id) = (None, None, None);
    let mut read_data = |r: &mut Reader, _: &mut Vec<u8>| -> Result<(), Error> {
        let mut id_ = Field::new("account_id", id);
        let mut name = Field::new("account_name", |r, at| r.opt_str(at));
        let mut owner = Field::new("owner_id", |r, at| r.opt_str(at));
        read_object(r, &Path::Root("data"), &mut [&mut id_, &mut name, &mut owner])?;
        account_id = id_.get().map(|s| s.text().into_owned());
        account_name = name.opt().map(|s| s.text().into_owned());
        owner_id = owner.opt().map(|s| s.text().into_owned()).filter(|o| !o.is_empty());
        Ok(())
    };
    let meta = envelope::read(body, &mut Vec::new(), &mut read_data)?;
    // `envelope::read` accepted the body, so it is UTF-8 JSON.
    let text = std::str::from_utf8(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)).unwrap_or_default();
    let token = envelope_token(text).map_err(|e| e.with_request_id(meta.request_id.clone()))?;
    // A timestamp that does not parse is no clock: the page's own is used (offset 0).
    let server_ms = meta.timestamp.as_deref().and_then(|t| parse_rfc3339(t).ok()).map(|i| i.unix as f64 * 1000.0);
    Ok(Reply { token, account_id, account_name, owner_id, server_ms, request_id: meta.request_id })
}

/// The envelope's `auth_token`, checked; a bad one is never quoted.
fn envelope_token(text: &str) -> Result<String, Error> {
    let root = Path::Root("");
    let mut token = Field::new("auth_token", |r, at| r.opt_str(at));
    read_object(&mut Reader::new(text), &root, &mut [&mut token])?;
    let at = root.key("auth_token");
    let token = token.opt().map(|t| t.text().into_owned()).filter(|t| !t.is_empty()).ok_or_else(|| at.invalid("the reply has no token"))?;
    check_token(&token).map_err(|_| at.invalid("the token is not printable ASCII of 8 to 8192 characters"))?;
    Ok(token)
}

/// What a JWT says about its own lifetime (read without verifying: only the server can).
/// Kazoo's carry `exp` and no `iat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claims {
    /// `exp`, Unix seconds on the server's clock.
    pub exp: i64,
}

impl Claims {
    /// `exp` as RFC 3339 UTC.
    pub fn expires_at(&self) -> String {
        // `jwt_claims` keeps `exp` within the years 0000–9999.
        from_gregorian(self.exp + GREGORIAN_UNIX_OFFSET).map(|i| i.to_rfc3339()).unwrap_or_default()
    }
}

/// Reads `exp` from a JWT's payload. Anything else, however malformed, is `Err("not a JWT…")`:
/// opaque tokens (Kazoo 3.x) have no expiry to read.
///
/// ```
/// use audian_billing::auth::jwt_claims;
/// // {"alg":"HS256"} . {"exp":1798761600,"iat":1798758000} . signature
/// let claims = jwt_claims("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTg3NjE2MDAsImlhdCI6MTc5ODc1ODAwMH0.c2ln").unwrap();
/// assert_eq!(claims.exp, 1_798_761_600);
/// assert_eq!(claims.expires_at(), "2027-01-01T00:00:00Z");
/// assert!(jwt_claims("audian-demo-token").is_err());
/// ```
pub fn jwt_claims(token: &str) -> Result<Claims, &'static str> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("not a JWT: expected three dot-separated parts");
    };
    if header.is_empty() {
        return Err("not a JWT: empty header");
    }
    let bytes = base64url(payload).ok_or("not a JWT: the payload is not base64url")?;
    let text = std::str::from_utf8(&bytes).map_err(|_| "not a JWT: the payload is not UTF-8")?;
    let exp = read_exp(text).map_err(|_| "not a JWT: the payload is not a JSON object")?;
    let exp = exp.ok_or("not a JWT with an expiry: no numeric `exp`")?;
    from_gregorian(exp.saturating_add(GREGORIAN_UNIX_OFFSET)).map_err(|_| "not a JWT with a usable expiry: `exp` is beyond the year 9999")?;
    Ok(Claims { exp })
}

/// `exp` of a JSON payload; a member that is not a whole number reads as absent.
fn read_exp(text: &str) -> Result<Option<i64>, Error> {
    let root = Path::Root("");
    let mut r = Reader::new(text);
    r.object(&root, "a JSON object")?;
    let (mut exp, mut first) = (None, true);
    while let Some(key) = r.next_key(&mut first)? {
        exp = match (&*key, r.peek()?) {
            ("exp", b'-' | b'0'..=b'9') => seconds(r.num(&root, "a number")?),
            ("exp", _) => {
                r.skip()?;
                None
            }
            _ => {
                r.skip()?;
                exp
            }
        };
    }
    r.end()?;
    Ok(exp)
}

/// A NumericDate as whole seconds (fractions are allowed by RFC 7519 and dropped).
fn seconds(num: crate::json::Num) -> Option<i64> {
    use crate::json::Integer;
    match num.integer() {
        Some(Integer::U64(v)) => i64::try_from(v).ok(),
        Some(Integer::I64(v)) => Some(v),
        None => num.to_f64().filter(|v| v.abs() < 1e15).map(|v| v.floor() as i64),
    }
}

/// Decodes base64url (RFC 4648 §5), padded or not; `None` on any other character or length.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6 | u32::from(value)) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // One leftover character (6 bits) cannot come from whole bytes.
    (bits < 6).then_some(out)
}

/// A token's lease on the page's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lease {
    /// When it was received (ms since the epoch, page clock).
    pub obtained_ms: f64,
    /// When it expires, on the page clock.
    pub expires_ms: f64,
}

/// How much earlier than the reply's arrival its `timestamp` may read: Crossbar prints whole
/// seconds (up to 1 s cut) and stamps before sending. The lease ends this much early, so a
/// token is never sent in what may be its last second.
pub const CLOCK_SLACK_MS: f64 = 2_000.0;

impl Lease {
    /// The lease of a token received at `now_ms` (page clock) in a reply whose envelope said the
    /// server's clock read `server_ms`. `exp` is on the server's clock: the difference between
    /// the two clocks moves it onto the page's, so a page whose clock is off by minutes or hours
    /// still renews on time. Without a server clock, `exp` is taken at face value.
    ///
    /// ```
    /// use audian_billing::auth::{Claims, Lease, CLOCK_SLACK_MS};
    /// // The page's clock is 10 minutes fast: it says 600 s when the server says 0 s.
    /// let lease = Lease::new(Claims { exp: 3_600 }, 600_000.0, Some(0.0));
    /// assert_eq!(lease.expires_ms, 4_200_000.0 - CLOCK_SLACK_MS);
    /// ```
    pub fn new(claims: Claims, now_ms: f64, server_ms: Option<f64>) -> Lease {
        let page_minus_server = server_ms.filter(|s| s.is_finite()).map_or(0.0, |s| now_ms - s);
        Lease { obtained_ms: now_ms, expires_ms: claims.exp as f64 * 1000.0 + page_minus_server - CLOCK_SLACK_MS }
    }

    /// Whether a call at `now_ms` should renew first: less than five minutes left (or less
    /// than half the lifetime, for tokens that live under ten minutes), and not yet expired.
    ///
    /// ```
    /// use audian_billing::auth::Lease;
    /// let lease = Lease { obtained_ms: 0.0, expires_ms: 3_600_000.0 };
    /// assert!(!lease.should_renew(3_200_000.0));
    /// assert!(lease.should_renew(3_400_000.0));
    /// assert!(!lease.should_renew(3_600_000.0), "expired");
    /// ```
    pub fn should_renew(&self, now_ms: f64) -> bool {
        let left = self.expires_ms - now_ms;
        let margin = RENEW_MARGIN_MS.min((self.expires_ms - self.obtained_ms) / 2.0);
        !self.expired(now_ms) && left < margin
    }

    /// Whether the token has expired at `now_ms`: it must not be sent (the session is over).
    pub fn expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_ms
    }
}

/// The error of a call made after a signed-in session's token expired: nothing is sent.
pub fn session_expired(expires_at: &str) -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        ["The session has ended: its token expired at ", expires_at, " and could not be renewed. Sign in again."].concat(),
    )
}

/// Whether a renewal answered with `status` means "this server does not renew tokens": Kazoo
/// 4.0 has no `refresh_token` (404, 405), 4.1 keeps `PUT /v2/auth` for super-duper admins (403).
/// The session then stops asking and ends at `exp`.
pub fn renewal_not_offered(status: Option<u16>) -> bool {
    matches!(status, Some(403..=405))
}

/// What Kazoo 4.x/5.x refuse a sign-in (or, for an expired account, any request) with: a 400
/// validation error on `account` (`disabled`, `expired`: `cb_user_auth.erl`, `cb_token_auth.erl`)
/// or `username` (`forbidden`, a disabled user on the password-recovery path), in the words
/// the rendered error carries: `field: message`.
const REFUSALS: [(&str, &str, &str); 3] = [
    ("account: ", "account disabled", "This account is disabled. Contact Audian support to enable it."),
    ("account: ", "account expired", "This account has expired (for example, a trial that ended). Contact Audian support."),
    ("username: ", "The provided user name is disabled", "This user is disabled. Ask an administrator of the account to enable it."),
];

/// A 400 that refuses the account or the user becomes `forbidden` (status 400) in words a
/// person understands; any other error passes through.
pub fn refusal(e: Error) -> Error {
    if e.status != Some(400) {
        return e;
    }
    let said = |field: &str, message: &str| {
        // The rendered causes: "HTTP 400: validation error (account: account disabled; …)".
        // `text::find`, not `str::contains`: core's two-way searcher costs ~5 KB of `.wasm`.
        ["(", "; "].iter().any(|lead| crate::text::find(&e.message, &[lead, field, message].concat()).is_some())
    };
    match REFUSALS.iter().find(|(field, message, _)| said(field, message)) {
        Some((_, _, words)) => {
            let mut out = Error::new(ErrorKind::Forbidden, *words).with_status(400).with_request_id(e.request_id);
            out.code = e.code;
            out
        }
        None => e,
    }
}

/// The error of a failed sign-in, in words a person understands: a 401 is credentials that were
/// not accepted; a 400 refusing the account or user is `forbidden` ([`refusal`]); a 423 (Kazoo
/// 3.22: account disabled or expired) is `forbidden` with status 423; a 429 (Crossbar's rate
/// limit: a sign-in costs 35 of a bucket of 100 that refills 10 a second) is `rate_limited`.
/// The contract's kinds are fixed, so `status` tells these apart. Other errors pass through.
pub fn sign_in_error(form: Form, e: Error) -> Error {
    let (kind, message) = match e.status {
        Some(401) => (ErrorKind::Unauthorized, rejected_message(form)),
        Some(423) => (ErrorKind::Forbidden, "The account is disabled or has expired (423). Contact Audian support."),
        Some(429) => (ErrorKind::RateLimited, "Too many sign-in attempts from this address: wait a minute, then try again."),
        _ => return refusal(e),
    };
    let mut out = Error::new(kind, message).with_status(e.status.unwrap_or(401)).with_request_id(e.request_id);
    out.code = e.code;
    out
}

/// The full URL of an auth resource (outside `/v2/accounts/{id}`).
pub fn url(base_url: &str, path: &str) -> String {
    [base_url, path].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "john@example.com";
    const PASSWORD: &str = "m32c6NfqYEt";
    const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    fn user(account: &str, value: &str) -> SignInOptions {
        let mut o = SignInOptions { username: Some(USER.into()), password: Some(PASSWORD.into()), ..Default::default() };
        let v = Some(value.to_owned());
        match account {
            "accountName" => o.account_name = v,
            "accountRealm" => o.account_realm = v,
            _ => o.phone_number = v,
        }
        o
    }

    #[test]
    fn kazoos_known_answers_and_the_lower_casing() {
        assert_eq!(credentials_hash(USER, PASSWORD, Method::Md5), "82a2dc91686ec828a67152d45a5c5ef7");
        assert_eq!(credentials_hash(USER, PASSWORD, Method::Sha), "055cf886cb9b5c5867083463867c527ace0f8ecc");
        assert_eq!(credentials_hash("JOHN@Example.COM", PASSWORD, Method::Sha), "055cf886cb9b5c5867083463867c527ace0f8ecc");
        assert_ne!(credentials_hash(USER, "M32C6NFQYET", Method::Md5), "82a2dc91686ec828a67152d45a5c5ef7", "the password keeps its case");
        // Beyond ASCII the caller lowers (JavaScript's toLowerCase); here such letters pass as they are.
        assert_eq!(credentials_hash("élodie@EXAMPLE.com", "x", Method::Md5), credentials_hash("élodie@example.com", "x", Method::Md5));
    }

    #[test]
    fn sign_in_bodies_as_kazoo_documents_them() {
        let body = |o: SignInOptions| o.check().unwrap().body;
        assert_eq!(
            body(user("accountName", "northwind")),
            r#"{"data":{"credentials":"82a2dc91686ec828a67152d45a5c5ef7","account_name":"northwind","method":"md5"}}"#
        );
        let sha = SignInOptions { method: Some("sha".into()), ..user("accountRealm", "r.example") };
        assert_eq!(body(sha), r#"{"data":{"credentials":"055cf886cb9b5c5867083463867c527ace0f8ecc","account_realm":"r.example","method":"sha"}}"#);
        let phone = user("phoneNumber", "+14155550100").check().unwrap();
        assert_eq!(phone.path, USER_AUTH);
        assert_eq!(phone.body, r#"{"data":{"credentials":"82a2dc91686ec828a67152d45a5c5ef7","phone_number":"+14155550100","method":"md5"}}"#);
        assert_eq!(phone.secrets, ["82a2dc91686ec828a67152d45a5c5ef7"]);
        // api_auth.json allows `api_key` and nothing else.
        let key = SignInOptions { api_key: Some(KEY.into()), ..Default::default() }.check().unwrap();
        assert_eq!(
            (key.path, key.body.as_str()),
            (API_AUTH, r#"{"data":{"api_key":"a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"}}"#)
        );
        let quoted = body(user("accountName", "a\"b\\c\n"));
        assert!(quoted.contains(r#""account_name":"a\"b\\c\n""#), "{quoted}");
    }

    #[test]
    fn bad_options_name_the_option_and_never_quote_a_secret() {
        let key = || Some(KEY.to_owned());
        let cases: Vec<(SignInOptions, &str)> = vec![
            (
                SignInOptions { api_key: key(), username: Some(USER.into()), ..Default::default() },
                "options.apiKey and options.username cannot be used together",
            ),
            (SignInOptions { api_key: key(), account_name: Some("n".into()), ..Default::default() }, "options.apiKey and options.accountName"),
            (SignInOptions { api_key: Some("short-key".into()), ..Default::default() }, "options.apiKey must be 64"),
            (SignInOptions { api_key: Some("é".repeat(64)), ..Default::default() }, "options.apiKey must be 64"),
            (SignInOptions::default(), "options.username (with options.password) or options.apiKey is required"),
            (SignInOptions { username: Some(" ".into()), ..user("accountName", "n") }, "options.username must not be empty"),
            (SignInOptions { password: None, ..user("accountName", "n") }, "options.password is required"),
            (SignInOptions { password: Some(String::new()), ..user("accountName", "n") }, "options.password must not be empty"),
            (
                SignInOptions { account_name: None, ..user("accountName", "n") },
                "one of options.accountName, options.accountRealm or options.phoneNumber is required",
            ),
            (
                SignInOptions { account_realm: Some("r".into()), ..user("accountName", "n") },
                "options.accountName and options.accountRealm cannot be used together",
            ),
            (SignInOptions { account_name: Some("n".into()), ..user("phoneNumber", "1") }, "options.accountName and options.phoneNumber"),
            (user("accountRealm", ""), "options.accountRealm must not be empty"),
            (
                SignInOptions { method: Some("sha256".into()), ..user("accountName", "n") },
                "options.method must be \"md5\" or \"sha\"; got \"sha256\"",
            ),
        ];
        for (options, says) in cases {
            let e = options.check().unwrap_err();
            assert_eq!(e.kind, ErrorKind::Config);
            assert!(e.message.contains(says), "{} does not say {says}", e.message);
            assert!(!e.message.contains(PASSWORD) && !e.message.contains(KEY) && !e.message.contains("short-key"), "{}", e.message);
        }
        assert_eq!(format!("{:?}", Credentials::ApiKey(KEY.into())), "Credentials::ApiKey([redacted])");
    }

    #[test]
    fn sign_in_replies() {
        let body = br#"{"auth_token":"tok-123456789","data":{"account_id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","apps":[],"is_reseller":true},
            "request_id":"r1","revision":"x","status":"success"}"#;
        let g = grant(body).unwrap();
        assert_eq!((g.token.as_str(), g.account_id.as_str(), g.account_name), ("tok-123456789", "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a", None));
        assert_eq!((g.owner_id, g.server_ms), (None, None), "an API key has no owner; no timestamp, no server clock");
        let user = br#"{"auth_token":"tok-123456789","data":{"account_id":"a1","owner_id":"8e248327b85591955749e53ea45b6baa"},
            "timestamp":"2026-12-05T11:00:00Z","tokens":{"consumed":35,"remaining":65}}"#;
        let g = grant(user).unwrap();
        assert_eq!(g.owner_id.as_deref(), Some("8e248327b85591955749e53ea45b6baa"));
        assert_eq!(g.server_ms, Some(1_796_468_400_000.0));
        let odd_clock = br#"{"auth_token":"tok-123456789","data":{"account_id":"a1"},"timestamp":"yesterday"}"#;
        assert_eq!(grant(odd_clock).unwrap().server_ms, None, "a timestamp that does not parse is no clock");
        for (body, path, says) in [
            (r#"{"auth_token":"tok-123456789","data":{}}"#, "data.account_id", "missing field `account_id`"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":7}}"#, "data.account_id", "expected a string"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a/b"}}"#, "data.account_id", "not a usable account id"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a","account_name":5}}"#, "data.account_name", "expected a string or null"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a","owner_id":"../x"}}"#, "data.owner_id", "not a usable user id"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a","owner_id":[]}}"#, "data.owner_id", "expected a string or null"),
            (r#"{"data":{"account_id":"a"}}"#, "auth_token", "no token"),
            (r#"{"auth_token":"","data":{"account_id":"a"}}"#, "auth_token", "no token"),
            (r#"{"auth_token":"has space\u0001 and more","data":{"account_id":"a"}}"#, "auth_token", "printable ASCII"),
            (r#"{"auth_token":"tok-123456789","auth_token":"x","data":{"account_id":"a"}}"#, "auth_token", "duplicate field"),
            (r#"{"auth_token":"tok-123456789","data":[]}"#, "data", "expected a JSON object"),
        ] {
            let e = grant(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says), "{body}: {}", e.message);
            assert!(!e.message.contains("tok-123456789") && !e.message.contains("has space"), "{}", e.message);
        }
        let wrong = br#"{"data":{"message":"invalid credentials"},"error":"401","message":"invalid_credentials","status":"error"}"#;
        assert_eq!(grant(wrong).unwrap_err().kind, ErrorKind::Api);
        assert_eq!(grant(b"<html>").unwrap_err().kind, ErrorKind::Decode);
        assert_eq!(renewed_token(br#"{"auth_token":"tok-987654321","data":{}}"#).unwrap(), ("tok-987654321".to_owned(), None));
        let renewed = renewed_token(br#"{"auth_token":"tok-987654321","data":{},"timestamp":"1970-01-01T00:01:00Z"}"#).unwrap();
        assert_eq!(renewed.1, Some(60_000.0));
        assert_eq!(renewed_token(br#"{"data":{}}"#).unwrap_err().path.as_deref(), Some("auth_token"));
        let huge = format!(r#"{{"auth_token":"{}","data":{{}}}}"#, "t".repeat(9_000));
        assert!(renewed_token(huge.as_bytes()).unwrap_err().message.contains("8 to 8192 characters"));
    }

    #[test]
    fn refusals_of_a_sign_in_say_why_in_words() {
        let said =
            |form, status| sign_in_error(form, Error::new(ErrorKind::from_status(status), "x").with_status(status).with_request_id(Some("r".into())));
        let e = said(Form::User, 401);
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Unauthorized, Some(401), Some("r")));
        assert!(e.message.starts_with("The username, password or account name was not accepted"));
        assert!(said(Form::ApiKey, 401).message.starts_with("The API key was not accepted"));
        let locked = said(Form::User, 423);
        assert_eq!((locked.kind, locked.status), (ErrorKind::Forbidden, Some(423)));
        assert!(locked.message.contains("disabled or has expired"));
        let busy = said(Form::User, 429);
        assert_eq!((busy.kind, busy.status), (ErrorKind::RateLimited, Some(429)));
        assert!(busy.message.contains("wait a minute"), "{}", busy.message);
        assert_eq!(said(Form::User, 403).message, "x");
        assert_eq!(said(Form::User, 400).message, "x", "a 400 that is no refusal passes through");

        // Kazoo's 400s, rendered by envelope::api_error from the real bodies.
        let refused = |data: &str| {
            let body = format!(r#"{{"data":{data},"error":"400","message":"validation error","status":"error","request_id":"r4"}}"#);
            sign_in_error(Form::User, crate::envelope::api_error(Some(400), body.as_bytes(), None))
        };
        for (data, says) in [
            (r#"{"account":{"disabled":{"message":"account disabled"}}}"#, "This account is disabled"),
            (r#"{"account":{"expired":{"message":"account expired","cause":63900000000}}}"#, "This account has expired"),
            (r#"{"username":{"forbidden":{"message":"The provided user name is disabled","cause":"x"}}}"#, "This user is disabled"),
        ] {
            let e = refused(data);
            assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Forbidden, Some(400), Some("r4")), "{data}");
            assert!(e.message.starts_with(says), "{}", e.message);
        }
        let other = refused(r#"{"credentials":{"maxLength":{"message":"account disabled"}}}"#);
        assert_eq!(other.kind, ErrorKind::Http, "only the account's or user's own refusal: {}", other.message);
    }

    fn jwt(payload: &str) -> String {
        let mut out = String::from("eyJhbGciOiJIUzI1NiJ9.");
        let bytes = payload.as_bytes();
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        out.push_str(".c2lnbmF0dXJl");
        out
    }

    #[test]
    fn jwt_expiry_is_read_without_verifying() {
        assert_eq!(jwt_claims(&jwt(r#"{"exp":1798761600}"#)), Ok(Claims { exp: 1_798_761_600 }));
        assert_eq!(jwt_claims(&jwt(r#"{"sub":"x","exp":1798761600.9,"iat":1798758000,"n":[1,{"a":null}]}"#)).map(|c| c.exp), Ok(1_798_761_600));
        assert_eq!(jwt_claims(&jwt(r#"{"exp":"soon","exp":10}"#)).map(|c| c.exp), Ok(10), "the last exp counts");
        assert_eq!(jwt_claims(&jwt(r#"{"exp":0}"#)).map(|c| c.expires_at()), Ok("1970-01-01T00:00:00Z".to_owned()));
        let mut bad: Vec<String> =
            ["audian-demo-token", "a.b", "a.b.c.d", ".e30.x", "x.!!!.y", "x.e.y", "x.e30.y", "x.gA.y"].map(String::from).to_vec();
        for payload in
            [r#"{"exp":"soon"}"#, "[1]", r#"{"exp":1e300}"#, r#"{"exp":253402300800}"#, r#"{"exp":-99999999999999}"#, r#"{"exp":1} x"#, r#"{"exp":1"#]
        {
            bad.push(jwt(payload));
        }
        for bad in &bad {
            let e = jwt_claims(bad).unwrap_err();
            assert!(e.starts_with("not a JWT"), "{bad}: {e}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// Any text, and any three parts of base64url-ish text, give claims or "not a JWT", never a panic.
        #[test]
        fn malformed_tokens_never_panic(token in ".{0,200}", parts in proptest::collection::vec("[A-Za-z0-9_=+/.-]{0,40}", 0..5)) {
            for candidate in [token, parts.join(".")] {
                if let Err(e) = jwt_claims(&candidate) {
                    proptest::prop_assert!(e.starts_with("not a JWT"));
                }
            }
        }

        /// Any payload bytes behind a valid header: claims or "not a JWT", never a panic.
        #[test]
        fn any_payload_never_panics(payload in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..120)) {
            let _ = jwt_claims(&jwt(&String::from_utf8_lossy(&payload)));
        }

        /// Every expiry in the years 1970–9999 reads back, with or without other claims.
        #[test]
        fn every_usable_exp_reads_back(exp in 0i64..253_402_300_799, iat_before in proptest::option::of(0i64..86_400), sub in "[a-z]{0,12}") {
            let payload = match iat_before {
                Some(d) => format!(r#"{{"sub":"{sub}","iat":{},"exp":{exp}}}"#, exp - d),
                None => format!(r#"{{"exp":{exp},"sub":"{sub}"}}"#),
            };
            proptest::prop_assert_eq!(jwt_claims(&jwt(&payload)), Ok(Claims { exp }));
        }
    }

    #[test]
    fn base64url_decodes_padded_and_unpadded_text() {
        assert_eq!(base64url("e30").as_deref(), Some(&b"{}"[..]));
        assert_eq!(base64url("e30=").as_deref(), Some(&b"{}"[..]));
        assert_eq!(base64url("_-8").as_deref(), Some(&[0xFF, 0xEF][..]));
        assert_eq!(base64url(""), Some(Vec::new()));
        assert_eq!(base64url("a"), None, "6 bits make no byte");
        assert_eq!(base64url("a+b/"), None, "standard base64 is not base64url");
    }

    #[test]
    fn renewal_on_the_servers_clock() {
        let minute = 60_000.0;
        let hour = 60.0 * minute;
        // The server says 0 s when it signs; the token expires at 3600 s on its clock.
        let claims = Claims { exp: 3_600 };
        for page_ahead in [-10.0 * minute, 0.0, 10.0 * minute, 5.0 * hour] {
            let received = 1_000.0 + page_ahead; // the reply arrived 1 s after its timestamp
            let lease = Lease::new(claims, received, Some(0.0));
            let at = |minutes: f64| received + minutes * minute;
            assert!(!lease.should_renew(at(0.0)), "{page_ahead}");
            assert!(!lease.should_renew(at(54.0)), "{page_ahead}");
            assert!(lease.should_renew(at(56.0)), "{page_ahead}: renews five minutes before expiry, on any page clock");
            assert!(!lease.expired(at(59.0)), "{page_ahead}");
            assert!(lease.expired(at(60.0)), "{page_ahead}: the last seconds are not risked");
            assert!(!lease.should_renew(at(60.0)), "expired: nothing to renew");
        }
        // Without a server clock, exp is read on the page's clock.
        assert_eq!(Lease::new(claims, 0.0, None).expires_ms, hour - CLOCK_SLACK_MS);
        assert_eq!(Lease::new(claims, 0.0, Some(f64::NAN)).expires_ms, hour - CLOCK_SLACK_MS);
        // A token that lives two minutes renews after one, not on every call.
        let short = Lease { obtained_ms: 0.0, expires_ms: 2.0 * minute };
        assert!(!short.should_renew(0.5 * minute));
        assert!(short.should_renew(1.1 * minute));
    }

    #[test]
    fn renewal_refusals_that_mean_not_offered() {
        for status in [403, 404, 405] {
            assert!(renewal_not_offered(Some(status)), "{status}");
        }
        for status in [None, Some(401), Some(429), Some(500), Some(503)] {
            assert!(!renewal_not_offered(status), "{status:?}: may work next time");
        }
        let e = session_expired("2026-12-05T12:00:00Z");
        assert_eq!((e.kind, e.status), (ErrorKind::Unauthorized, None));
        assert!(e.message.contains("expired at 2026-12-05T12:00:00Z"), "{}", e.message);
    }
}
