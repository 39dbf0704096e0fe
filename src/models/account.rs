//! `GET /v2/accounts/{id}`: the account document.

use super::{decode_to_text, id, missing, once, timestamp};
use crate::error::Error;
use crate::json::{Path, Reader};

/// An account reply as the JSON text of an `Account`, `{"id","name","enabled","created"?}`;
/// Kazoo's many other fields are dropped.
///
/// ```
/// let body = br#"{"status":"success","data":{"id":"3c5e","name":"Northwind","created":63598331974}}"#;
/// let account = audian_billing::models::account::json(body).unwrap();
/// assert_eq!(account, r#"{"id":"3c5e","name":"Northwind","enabled":true,"created":"2015-05-08T19:19:34Z"}"#);
/// ```
pub fn json(body: &[u8]) -> Result<String, Error> {
    decode_to_text(body, b"", &mut account).map(|(text, _)| text)
}

fn account(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    let data = Path::Root("data");
    r.object(&data, "a JSON object")?;
    let (mut id_, mut name, mut created) = (None, None, None);
    // Kazoo omits `enabled` when the account is active.
    let mut enabled = true;
    let (mut seen, mut first) = (0, true);
    while let Some(key) = r.next_key(&mut first)? {
        let at = data.key(&key);
        match &*key {
            "id" => {
                once(&mut seen, 1, &data, "id")?;
                id_ = Some(id(r, &at)?);
            }
            "name" => {
                once(&mut seen, 2, &data, "name")?;
                name = Some(r.str(&at, "a string")?);
            }
            "enabled" => {
                once(&mut seen, 4, &data, "enabled")?;
                enabled = r.bool(&at)?;
            }
            "created" => {
                once(&mut seen, 8, &data, "created")?;
                created = if r.null()? { None } else { Some(timestamp(r, &at)?) };
            }
            _ => r.skip()?,
        }
    }
    let id_ = id_.ok_or_else(|| missing(&data, "id"))?;
    let name = name.ok_or_else(|| missing(&data, "name"))?;
    out.extend_from_slice(b"{\"id\":");
    out.extend_from_slice(id_.literal.as_bytes());
    out.extend_from_slice(b",\"name\":");
    out.extend_from_slice(name.literal.as_bytes());
    out.extend_from_slice(if enabled { b",\"enabled\":true" } else { b",\"enabled\":false" });
    if let Some(created) = created {
        out.extend_from_slice(b",\"created\":\"");
        out.extend_from_slice(created.as_bytes());
        out.push(b'"');
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn kazoo_account_document() {
        let body = br#"{"status":"success","data":{"id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","name":"Northwind Dental",
            "realm":"northwind.sip.audian.com","enabled":false,"created":63598331974,"timezone":"America/New_York"}}"#;
        assert_eq!(
            json(body).unwrap(),
            r#"{"id":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","name":"Northwind Dental","enabled":false,"created":"2015-05-08T19:19:34Z"}"#
        );
        let minimal = br#"{"data":{"id":"a","name":"A","created":null}}"#;
        assert_eq!(json(minimal).unwrap(), r#"{"id":"a","name":"A","enabled":true}"#);
    }

    #[test]
    fn bad_accounts() {
        for (body, path, says) in [
            (r#"{"data":{"id":"a","name":"A","enabled":"yes"}}"#, "data.enabled", "invalid type: string \"yes\", expected a boolean"),
            (r#"{"data":{"id":"a","name":"A","enabled":null}}"#, "data.enabled", "expected a boolean"),
            (r#"{"data":{"id":"a"}}"#, "data.name", "missing field `name`"),
            (r#"{"data":{"id":"","name":"A"}}"#, "data.id", "non-empty"),
            (r#"{"data":{"id":"a","name":"A","created":"2026-02-30T00:00:00Z"}}"#, "data.created", "does not exist"),
            (r#"{"data":[]}"#, "data", "expected a JSON object"),
        ] {
            let e = json(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says), "{body}: {}", e.message);
        }
    }
}
