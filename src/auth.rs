//! Signing in to Kazoo, as pure functions: the sign-in options and their checks, the credentials
//! hash, the request bodies, the reply, the expiry inside a JWT, and when to renew a token.
//! `web::session` does the I/O; everything here runs in `cargo test`.
//!
//! Kazoo's calls (Crossbar `user_auth`, `api_auth`, `auth`, `token_auth`):
//! - `PUT /v2/user_auth` `{"data": {"credentials", "method", <one account identifier>}}`, where
//!   `credentials` is the hex md5 (or sha1, `"method": "sha"`) of `lowercase(username) + ":" + password`;
//! - `PUT /v2/api_auth` `{"data": {"api_key"}}`;
//! - both optionally with `"restrictions": {"get": ["#"]}` for a token that may only read;
//! - `PUT /v2/auth` `{"action": "refresh_token", "data": {}}` renews a still-valid token;
//! - `DELETE /v2/token_auth` revokes the token it is sent with.
//!
//! Every reply carries the new token as the envelope's `auth_token` and the account as
//! `data.account_id` (Kazoo 5.x adds `data.account_name`).

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::config::{check_account_id, check_token};
use crate::envelope;
use crate::error::{Error, ErrorKind};
use crate::json::{Path, Reader};
use crate::models::{id, read_object, Field};
use crate::text::quote;
use crate::time::{from_gregorian, GREGORIAN_UNIX_OFFSET};

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
    /// `readOnly` (default `true`).
    pub read_only: Option<bool>,
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
    /// assert_eq!(sign_in.body, format!(r##"{{"data":{{"api_key":"{key}","restrictions":{{"get":["#"]}}}}}}"##));
    /// ```
    pub fn check(self) -> Result<SignIn, Error> {
        let credentials = self.credentials()?;
        Ok(sign_in(&credentials, self.read_only.unwrap_or(true)))
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

/// The request for `credentials`; `read_only` asks for a token that may only read.
pub fn sign_in(credentials: &Credentials, read_only: bool) -> SignIn {
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
    if read_only {
        body.extend_from_slice(br##","restrictions":{"get":["#"]}"##);
    }
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
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    /// The envelope's `auth_token`.
    pub token: String,
    /// `data.account_id`.
    pub account_id: String,
    /// `data.account_name` (Kazoo 5.x).
    pub account_name: Option<String>,
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
    let Reply { token, account_id, account_name, request_id } = read_reply(body)?;
    let in_reply = |e: Error| e.with_request_id(request_id.clone());
    let account_id = account_id.ok_or_else(|| in_reply(crate::models::missing(&Path::Root("data"), "account_id")))?;
    check_account_id(&account_id).map_err(|_| in_reply(Path::Root("data").key("account_id").invalid("not a usable account id")))?;
    Ok(Grant { token, account_id, account_name })
}

/// The new token of a renewal reply (which need not name the account again).
pub fn renewed_token(body: &[u8]) -> Result<String, Error> {
    read_reply(body).map(|reply| reply.token)
}

/// A sign-in or renewal reply, as far as it is read.
struct Reply {
    token: String,
    account_id: Option<String>,
    account_name: Option<String>,
    request_id: Option<String>,
}

fn read_reply(body: &[u8]) -> Result<Reply, Error> {
    let (mut account_id, mut account_name) = (None, None);
    let mut read_data = |r: &mut Reader, _: &mut Vec<u8>| -> Result<(), Error> {
        let mut id_ = Field::new("account_id", id);
        let mut name = Field::new("account_name", |r, at| r.opt_str(at));
        read_object(r, &Path::Root("data"), &mut [&mut id_, &mut name])?;
        account_id = id_.get().map(|s| s.text().into_owned());
        account_name = name.opt().map(|s| s.text().into_owned());
        Ok(())
    };
    let meta = envelope::read(body, &mut Vec::new(), &mut read_data)?;
    // `envelope::read` accepted the body, so it is UTF-8 JSON.
    let text = std::str::from_utf8(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)).unwrap_or_default();
    let token = envelope_token(text).map_err(|e| e.with_request_id(meta.request_id.clone()))?;
    Ok(Reply { token, account_id, account_name, request_id: meta.request_id })
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claims {
    /// `exp`, Unix seconds.
    pub exp: i64,
    /// `iat`, Unix seconds, when present.
    pub iat: Option<i64>,
}

impl Claims {
    /// `exp` as RFC 3339 UTC.
    pub fn expires_at(&self) -> String {
        // `jwt_claims` keeps `exp` within the years 0000–9999.
        from_gregorian(self.exp + GREGORIAN_UNIX_OFFSET).map(|i| i.to_rfc3339()).unwrap_or_default()
    }
}

/// Reads `exp` (and `iat`) from a JWT's payload. Anything else, however malformed, is
/// `Err("not a JWT…")`: opaque tokens (Kazoo 3.x) have no expiry to read.
///
/// ```
/// use audian_billing::auth::jwt_claims;
/// // {"alg":"HS256"} . {"exp":1798761600,"iat":1798758000} . signature
/// let claims = jwt_claims("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTg3NjE2MDAsImlhdCI6MTc5ODc1ODAwMH0.c2ln").unwrap();
/// assert_eq!((claims.exp, claims.iat), (1_798_761_600, Some(1_798_758_000)));
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
    let (exp, iat) = read_claims(text).map_err(|_| "not a JWT: the payload is not a JSON object")?;
    let exp = exp.ok_or("not a JWT with an expiry: no numeric `exp`")?;
    from_gregorian(exp.saturating_add(GREGORIAN_UNIX_OFFSET)).map_err(|_| "not a JWT with a usable expiry: `exp` is beyond the year 9999")?;
    // An `iat` outside the years 0000–9999 is no instant, and `exp - iat` could overflow.
    let iat = iat.filter(|&iat| iat <= exp && from_gregorian(iat.saturating_add(GREGORIAN_UNIX_OFFSET)).is_ok());
    Ok(Claims { exp, iat })
}

/// `exp` and `iat` of a JSON payload; a member that is not a whole number reads as absent.
fn read_claims(text: &str) -> Result<(Option<i64>, Option<i64>), Error> {
    let root = Path::Root("");
    let mut r = Reader::new(text);
    r.object(&root, "a JSON object")?;
    let (mut exp, mut iat, mut first) = (None, None, true);
    while let Some(key) = r.next_key(&mut first)? {
        let slot = match &*key {
            "exp" => &mut exp,
            "iat" => &mut iat,
            _ => {
                r.skip()?;
                continue;
            }
        };
        *slot = match r.peek()? {
            b'-' | b'0'..=b'9' => seconds(r.num(&root, "a number")?),
            _ => {
                r.skip()?;
                None
            }
        };
    }
    r.end()?;
    Ok((exp, iat))
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

/// A token's lease on the local clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lease {
    /// When it was received (ms since the epoch, local clock).
    pub obtained_ms: f64,
    /// When it expires, on the local clock.
    pub expires_ms: f64,
}

impl Lease {
    /// The lease of a token received at `now_ms`. With `iat`, the server's own lifetime
    /// (`exp - iat`) is counted from `now_ms`, so a page whose clock is off by hours still
    /// renews on time; without it, `exp` is taken at face value.
    pub fn new(claims: Claims, now_ms: f64) -> Lease {
        let expires_ms = match claims.iat {
            Some(iat) => now_ms + (claims.exp - iat) as f64 * 1000.0,
            None => claims.exp as f64 * 1000.0,
        };
        Lease { obtained_ms: now_ms, expires_ms }
    }

    /// Whether a call at `now_ms` should renew first: less than five minutes left (or less
    /// than half the lifetime, for tokens that live under ten minutes), and not yet expired: an
    /// expired token cannot be renewed, so the call goes out and the server's 401 is reported.
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
        left > 0.0 && left < margin
    }
}

/// The error of a failed sign-in, in words a person understands: a 401 is credentials that were
/// not accepted; a 423 (Kazoo: account locked or disabled) is `forbidden` with status 423, as
/// the contract's kinds are fixed and `status` tells the two apart. Other errors pass through.
pub fn sign_in_error(form: Form, e: Error) -> Error {
    let message = match e.status {
        Some(401) => rejected_message(form),
        Some(423) => "The account is locked or disabled (423): too many failed sign-ins, or suspended. Contact Audian support or try again later.",
        _ => return e,
    };
    let kind = if e.status == Some(423) { ErrorKind::Forbidden } else { ErrorKind::Unauthorized };
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
            body(SignInOptions { read_only: Some(false), ..user("accountName", "northwind") }),
            r#"{"data":{"credentials":"82a2dc91686ec828a67152d45a5c5ef7","account_name":"northwind","method":"md5"}}"#
        );
        let sha = SignInOptions { method: Some("sha".into()), read_only: Some(false), ..user("accountRealm", "r.example") };
        assert_eq!(body(sha), r#"{"data":{"credentials":"055cf886cb9b5c5867083463867c527ace0f8ecc","account_realm":"r.example","method":"sha"}}"#);
        let phone = user("phoneNumber", "+14155550100").check().unwrap();
        assert_eq!(phone.path, USER_AUTH);
        assert_eq!(
            phone.body,
            r##"{"data":{"credentials":"82a2dc91686ec828a67152d45a5c5ef7","phone_number":"+14155550100","method":"md5","restrictions":{"get":["#"]}}}"##
        );
        assert_eq!(phone.secrets, ["82a2dc91686ec828a67152d45a5c5ef7"]);
        let key = SignInOptions { api_key: Some(KEY.into()), read_only: Some(false), ..Default::default() }.check().unwrap();
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
        for (body, path, says) in [
            (r#"{"auth_token":"tok-123456789","data":{}}"#, "data.account_id", "missing field `account_id`"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":7}}"#, "data.account_id", "expected a string"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a/b"}}"#, "data.account_id", "not a usable account id"),
            (r#"{"auth_token":"tok-123456789","data":{"account_id":"a","account_name":5}}"#, "data.account_name", "expected a string or null"),
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
        assert_eq!(renewed_token(br#"{"auth_token":"tok-987654321","data":{}}"#).unwrap(), "tok-987654321");
        assert_eq!(renewed_token(br#"{"data":{}}"#).unwrap_err().path.as_deref(), Some("auth_token"));
        let huge = format!(r#"{{"auth_token":"{}","data":{{}}}}"#, "t".repeat(9_000));
        assert!(renewed_token(huge.as_bytes()).unwrap_err().message.contains("8 to 8192 characters"));
    }

    #[test]
    fn a_401_or_423_to_a_sign_in_says_so_in_words() {
        let said =
            |form, status| sign_in_error(form, Error::new(ErrorKind::from_status(status), "x").with_status(status).with_request_id(Some("r".into())));
        let e = said(Form::User, 401);
        assert_eq!((e.kind, e.status, e.request_id.as_deref()), (ErrorKind::Unauthorized, Some(401), Some("r")));
        assert!(e.message.starts_with("The username, password or account name was not accepted"));
        assert!(said(Form::ApiKey, 401).message.starts_with("The API key was not accepted"));
        let locked = said(Form::User, 423);
        assert_eq!((locked.kind, locked.status), (ErrorKind::Forbidden, Some(423)));
        assert!(locked.message.contains("locked"));
        assert_eq!(said(Form::User, 429).kind, ErrorKind::RateLimited);
        assert_eq!(said(Form::User, 403).message, "x");
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
        assert_eq!(jwt_claims(&jwt(r#"{"exp":1798761600}"#)), Ok(Claims { exp: 1_798_761_600, iat: None }));
        assert_eq!(
            jwt_claims(&jwt(r#"{"sub":"x","exp":1798761600.9,"iat":1798758000,"n":[1,{"a":null}]}"#)).map(|c| (c.exp, c.iat)),
            Ok((1_798_761_600, Some(1_798_758_000)))
        );
        assert_eq!(jwt_claims(&jwt(r#"{"exp":10,"iat":20}"#)).map(|c| c.iat), Ok(None), "an iat after exp is ignored");
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

        /// Every expiry in the years 1970–9999 reads back, with or without iat and other claims.
        #[test]
        fn every_usable_exp_reads_back(exp in 0i64..253_402_300_799, iat_before in proptest::option::of(0i64..86_400), sub in "[a-z]{0,12}") {
            let iat = iat_before.map(|d| exp - d);
            let payload = match iat {
                Some(iat) => format!(r#"{{"sub":"{sub}","iat":{iat},"exp":{exp}}}"#),
                None => format!(r#"{{"exp":{exp},"sub":"{sub}"}}"#),
            };
            proptest::prop_assert_eq!(jwt_claims(&jwt(&payload)), Ok(Claims { exp, iat }));
        }
    }

    #[test]
    fn a_hostile_iat_cannot_overflow_the_lease() {
        // `exp - iat` would overflow i64: such an `iat` is no instant and is ignored.
        for iat in ["-9223372036854775808", "-9223372036854775807", "-253402300800"] {
            let claims = jwt_claims(&jwt(&format!(r#"{{"exp":1798761600,"iat":{iat}}}"#))).unwrap();
            assert_eq!(claims, Claims { exp: 1_798_761_600, iat: None }, "{iat}");
            assert_eq!(Lease::new(claims, 0.0).expires_ms, 1_798_761_600_000.0);
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
    fn renewal_with_a_fake_clock() {
        let minute = 60_000.0;
        let claims = Claims { exp: 7_200, iat: Some(3_600) };
        // Received at t = 1000 s on a page clock that says something else entirely: the hour counts from there.
        let lease = Lease::new(claims, 1_000_000.0);
        assert_eq!(lease.expires_ms, 1_000_000.0 + 60.0 * minute);
        assert!(!lease.should_renew(1_000_000.0));
        assert!(!lease.should_renew(1_000_000.0 + 54.9 * minute));
        assert!(lease.should_renew(1_000_000.0 + 55.1 * minute));
        assert!(lease.should_renew(1_000_000.0 + 59.9 * minute));
        assert!(!lease.should_renew(1_000_000.0 + 60.0 * minute), "expired: the server decides");
        // Without iat, exp is read on the page's clock.
        assert_eq!(Lease::new(Claims { exp: 7_200, iat: None }, 0.0).expires_ms, 7_200_000.0);
        // A token that lives two minutes renews after one, not on every call.
        let short = Lease { obtained_ms: 0.0, expires_ms: 2.0 * minute };
        assert!(!short.should_renew(0.5 * minute));
        assert!(short.should_renew(1.1 * minute));
    }
}
