//! `GET /v2/accounts/{id}`: the account document.

use super::{decode_to_text, id, opt_timestamp, read_object, text, Field, ObjectWriter};
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
    let mut id_ = Field::new("id", id);
    let mut name = Field::new("name", text);
    let mut enabled = Field::new("enabled", |r, at| r.bool(at));
    let mut created = Field::new("created", opt_timestamp);
    read_object(r, &data, &mut [&mut id_, &mut name, &mut enabled, &mut created])?;
    let mut o = ObjectWriter::new(out);
    o.str("id", id_.required(&data)?);
    o.str("name", name.required(&data)?);
    // Kazoo omits `enabled` when the account is active.
    o.bool("enabled", enabled.get().unwrap_or(true));
    o.text("created", created.opt().as_deref());
    o.end();
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
