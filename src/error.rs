//! The one error type of the crate, mirrored in JavaScript by the `AudianError` class.

use std::fmt;

/// What went wrong, as the `kind` property of `AudianError`.
///
/// ```
/// use audian_billing::ErrorKind;
/// assert_eq!(ErrorKind::from_status(404), ErrorKind::NotFound);
/// assert_eq!(ErrorKind::NotFound.as_str(), "not_found");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad client options or query arguments.
    Config,
    /// The request could not reach the server, or the connection broke.
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// HTTP 401: the token is missing, wrong or expired.
    Unauthorized,
    /// HTTP 403: the token may not see this account.
    Forbidden,
    /// HTTP 404: no such account or resource.
    NotFound,
    /// HTTP 429, still after the allowed retries.
    RateLimited,
    /// HTTP 5xx, still after the allowed retries.
    Server,
    /// Any other non-2xx status.
    Http,
    /// A 2xx reply whose envelope says `"status": "error"`.
    Api,
    /// The body is not the JSON envelope.
    Decode,
    /// A field of the reply fails a check.
    Validation,
}

impl ErrorKind {
    /// The `kind` string seen from JavaScript.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::Server => "server",
            Self::Http => "http",
            Self::Api => "api",
            Self::Decode => "decode",
            Self::Validation => "validation",
        }
    }

    /// The kind of a non-2xx HTTP status.
    pub fn from_status(status: u16) -> Self {
        match status {
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Http,
        }
    }
}

/// Messages quote server text and field values; a 20 MiB string must not become a 20 MiB message.
const MAX_MESSAGE_CHARS: usize = 600;

/// An error with everything `AudianError` exposes.
///
/// ```
/// use audian_billing::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::Validation, "amount must be finite").with_path("data[3].amount");
/// assert_eq!(e.path.as_deref(), Some("data[3].amount"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// For people: what went wrong and what to do.
    pub message: String,
    /// The HTTP status, where there was one.
    pub status: Option<u16>,
    /// The envelope's `request_id` (or the `X-Request-Id` header), where there was one.
    pub request_id: Option<String>,
    /// For `validation` (and `decode` where known): where in the body, e.g. `data[3].amount`.
    pub path: Option<String>,
    /// `code` in JavaScript: the error envelope's top-level `message` as the server sent it,
    /// Crossbar's name for the failure (`"invalid_credentials"`, `"bad_identifier"`,
    /// `"too_many_requests"`, …; `"validation error"` for a 400 whose per-field codes, such as
    /// `date_range`, are listed in `message`), or `"not_offered"`, set by this crate when no path
    /// of a resource answered. `None` when there was no error envelope.
    pub code: Option<String>,
}

impl Error {
    /// An error of `kind` with a message; the message is cut to a readable length.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let mut message = message.into();
        truncate_chars(&mut message, MAX_MESSAGE_CHARS);
        Error { kind, message, status: None, request_id: None, path: None, code: None }
    }

    /// A `config` error.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the request id, when there is one.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Sets the path within the body.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Replaces every occurrence of each secret (token, password hash, API key) in the text
    /// fields, so a server that echoes one cannot get it into an error.
    pub fn redact<S: AsRef<str>>(self, secrets: &[S]) -> Self {
        self.redact_strs(&as_strs(secrets))
    }

    fn redact_strs(mut self, secrets: &[&str]) -> Self {
        for text in [Some(&mut self.message), self.request_id.as_mut(), self.path.as_mut(), self.code.as_mut()].into_iter().flatten() {
            // A server's request id or error code can be megabytes: cut first, so the scan for
            // secrets (and its list of matches) stays small.
            truncate_chars(text, MAX_MESSAGE_CHARS);
            redact_text(text, secrets);
        }
        self
    }
}

/// The secrets as `&str`: the redaction below is then one function in the `.wasm`, not one per
/// type of secret list (`String`, `Rc<str>`, `&str`).
fn as_strs<S: AsRef<str>>(secrets: &[S]) -> Vec<&str> {
    secrets.iter().map(AsRef::as_ref).collect()
}

/// Stretches this long that occur in a secret are masked too: a message cut to length (or a
/// quoted value cut at 80 characters) can hold part of an echoed token.
const FRAGMENT: usize = 8;

/// Replaces with "[redacted]" every occurrence of a secret and every run of text made of
/// `FRAGMENT`-long pieces of one. The ranges of all secrets are found in the original text and
/// merged before anything is replaced, so one secret's mask never garbles another's.
fn redact_text(text: &mut String, secrets: &[&str]) {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    for secret in secrets.iter().map(|s| s.as_bytes()).filter(|s| !s.is_empty()) {
        let mut at = 0;
        while let Some(i) = bytes.get(at..).and_then(|rest| rest.windows(secret.len()).position(|w| w == secret)) {
            ranges.push((at + i, at + i + secret.len()));
            at += i + secret.len();
        }
        fragment_runs(bytes, secret, &mut ranges);
    }
    // Merged as they come, kept in order: a handful of ranges, where a sort (core's quicksort)
    // would cost ~1.5 KB of `.wasm`.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (mut start, mut end) in ranges {
        merged.retain(|&(s, e)| {
            let overlaps = s <= end && start <= e;
            if overlaps {
                start = start.min(s);
                end = end.max(e);
            }
            !overlaps
        });
        let at = merged.iter().position(|&(s, _)| s > start).unwrap_or(merged.len());
        merged.insert(at, (start, end));
    }
    // A run of a non-ASCII secret's bytes may start or end inside a character: widen it.
    for (start, end) in merged.into_iter().rev() {
        let start = (0..=start).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        text.replace_range(start..end, "[redacted]");
    }
}

/// Adds the runs of `bytes` made of `FRAGMENT`-long pieces of `secret`.
fn fragment_runs(bytes: &[u8], secret: &[u8], runs: &mut Vec<(usize, usize)>) {
    let in_secret = |piece: &[u8]| secret.windows(piece.len()).any(|w| w == piece);
    let mut i = 0;
    while i + FRAGMENT <= bytes.len() {
        match bytes.get(i..i + FRAGMENT) {
            Some(piece) if in_secret(piece) => {
                let mut end = i + FRAGMENT;
                while bytes.get(end + 1 - FRAGMENT..=end).is_some_and(in_secret) {
                    end += 1;
                }
                runs.push((i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Cuts `text` to at most `max` characters, marking the cut.
pub(crate) fn truncate_chars(text: &mut String, max: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
        text.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_the_contract_kinds() {
        let cases = [
            (400, "http"),
            (401, "unauthorized"),
            (402, "http"),
            (403, "forbidden"),
            (404, "not_found"),
            (423, "http"),
            (429, "rate_limited"),
            (500, "server"),
            (503, "server"),
        ];
        for (status, kind) in cases {
            assert_eq!(ErrorKind::from_status(status).as_str(), kind, "status {status}");
        }
    }

    #[test]
    fn a_token_cut_by_truncation_is_still_masked() {
        let token = "SECRETTOKEN0123456789abcdef";
        let e = Error::new(ErrorKind::Unauthorized, format!("{}{token}", "x".repeat(MAX_MESSAGE_CHARS - 20))).redact(&[token]);
        assert!(!e.message.contains("SECRETTOKEN0"), "{}", e.message);
        assert!(e.message.ends_with("x[redacted]…"), "{}", e.message);
        let quoted = Error::new(ErrorKind::Validation, "id \"SECRETTOKEN01…\" is bad").redact(&[token]);
        assert_eq!(quoted.message, "id \"[redacted]…\" is bad");
        let untouched = Error::new(ErrorKind::Validation, "SECRET is a word; 0123 too").redact(&[token]);
        assert_eq!(untouched.message, "SECRET is a word; 0123 too");
    }

    #[test]
    fn long_messages_are_cut() {
        let e = Error::new(ErrorKind::Decode, "x".repeat(10_000));
        assert_eq!(e.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(e.message.ends_with('…'));
    }

    #[test]
    fn redact_removes_the_secret_everywhere() {
        let e =
            Error::new(ErrorKind::Unauthorized, "token s3cr3t is invalid (s3cr3t)").with_request_id(Some("req-s3cr3t".into())).redact(&["s3cr3t"]);
        assert_eq!(e.message, "token [redacted] is invalid ([redacted])");
        assert_eq!(e.request_id.as_deref(), Some("req-[redacted]"));
    }

    #[test]
    fn several_secrets_are_redacted_in_one_pass() {
        let (password, hash, token) = ("red", "82a2dc91686ec828a67152d45a5c5ef7", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjB9.c2ln");
        let secrets = [password, hash, token, "Pässwörd", ""];
        let e = Error::new(ErrorKind::Unauthorized, format!("{token} {hash} {password} {token}{hash} Pässwörd!")).redact(&secrets);
        assert_eq!(e.message, "[redacted] [redacted] [redacted] [redacted] [redacted]!");
        let cut = Error::new(ErrorKind::Validation, "cut: \"Pässwör…\", ässwörd").redact(&["Pässwörd"]);
        assert_eq!(cut.message, "cut: \"[redacted]…\", [redacted]");
    }
}
