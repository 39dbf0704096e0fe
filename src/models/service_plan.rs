//! `GET /v2/accounts/{id}/service_plans`: the plans the account is billed under, or offered.
//!
//! The same decoder reads Kazoo 4.3+'s `/services/available` (the plans an account may be given),
//! whose entries add a `category` (e.g. "Base Plan"), passed through.
//!
//! Kazoo ≤ 4.2's plan document nests category → item (or `_all`) → priced item; those maps are
//! written sorted by key, a repeated key keeping its last value.

use super::{data_array, decode_to_text, id, money, opt_finite, opt_money, or_null, push_sorted_map, read_object, text, Field, ObjectWriter, Sorted};
use crate::error::Error;
use crate::json::{Path, Reader};
use crate::text::push_units;

/// A service plans reply (`/service_plans` or `/services/available`) as the JSON text of a
/// `ServicePlan[]`.
///
/// ```
/// let body = br#"{"status":"success","data":[{"id":"p1","name":"Business","x":1}]}"#;
/// let plans = audian_billing::models::service_plan::json(body).unwrap();
/// assert_eq!(plans, r#"[{"id":"p1","name":"Business"}]"#);
/// ```
pub fn json(body: &[u8]) -> Result<String, Error> {
    decode_to_text(body, b"", &mut plans).map(|(text, _)| text)
}

fn plans(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    data_array(r, out, plan)
}

/// `{"id","name","description"?,"category"?,"plan"?}`.
fn plan(r: &mut Reader, path: &Path, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut id_ = Field::new("id", id);
    let mut name = Field::new("name", text);
    let mut description = Field::new("description", Reader::opt_str);
    let mut category = Field::new("category", Reader::opt_str);
    let mut categories = Field::new("plan", |r, at| or_null(r, at, |r, at| map(r, at, items)));
    read_object(r, path, &mut [&mut id_, &mut name, &mut description, &mut category, &mut categories])?;
    let mut o = ObjectWriter::new(out);
    o.str("id", id_.required(path)?);
    o.str("name", name.required(path)?);
    o.str("description", description.opt());
    o.str("category", category.opt());
    o.raw("plan", categories.opt().as_deref());
    o.end();
    Ok(())
}

/// An object whose every value is read by `value`, written sorted by key.
fn map(r: &mut Reader, path: &Path, value: fn(&mut Reader, &Path) -> Result<Vec<u8>, Error>) -> Result<Vec<u8>, Error> {
    r.object(path, "a JSON object")?;
    let (mut members, mut first) = (Sorted::default(), true);
    while let Some(key) = r.next_key(&mut first)? {
        let text = value(r, &path.key(&key))?;
        members.insert(key.into_owned(), text);
    }
    let mut out = Vec::new();
    push_sorted_map(&mut out, &members);
    Ok(out)
}

/// A category: item (or `_all`) → priced item.
fn items(r: &mut Reader, path: &Path) -> Result<Vec<u8>, Error> {
    map(r, path, item)
}

/// Tiered rates: quantity threshold → rate.
fn rates(r: &mut Reader, path: &Path) -> Result<Vec<u8>, Error> {
    map(r, path, |r, path| {
        let mut out = Vec::new();
        push_units(&mut out, money(r, path)?);
        Ok(out)
    })
}

/// A priced item, `{"name"?,"rate"?,"rates"?,"activation_charge"?,"minimum"?}`; other keys are
/// dropped.
fn item(r: &mut Reader, path: &Path) -> Result<Vec<u8>, Error> {
    let mut name = Field::new("name", Reader::opt_str);
    let mut rate = Field::new("rate", opt_money);
    let mut tiers = Field::new("rates", |r, at| or_null(r, at, rates));
    let mut activation = Field::new("activation_charge", opt_money);
    let mut minimum = Field::new("minimum", opt_finite);
    read_object(r, path, &mut [&mut name, &mut rate, &mut tiers, &mut activation, &mut minimum])?;
    let mut out = Vec::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("name", name.opt());
    o.money("rate", rate.opt());
    o.raw("rates", tiers.opt().as_deref());
    o.money("activation_charge", activation.opt());
    // A quantity, not money: copied as written (`JSON.parse` reads it to the same number).
    o.num("minimum", minimum.opt());
    o.end();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn kazoo_plan_documents_keep_their_items() {
        let body = br#"{"status":"success","data":[{"id":"plan_business","name":"Business Voice","description":"Per-seat plan",
            "plan":{"phone_numbers":{"did_us":{"name":"US DID","rate":1.0,"activation_charge":0.5,"cascade":true},
                                     "tollfree_us":{"rate":4.99,"rates":{"10":4.5,"5":4.75}}},
                    "limits":{"twoway_trunks":{"rate":29.99,"minimum":2}}}},
            {"id":"plan_e911","name":"E911","description":null,"plan":null}]}"#;
        assert_eq!(
            json(body).unwrap(),
            concat!(
                r#"[{"id":"plan_business","name":"Business Voice","description":"Per-seat plan","plan":{"#,
                r#""limits":{"twoway_trunks":{"rate":29.99,"minimum":2}},"#,
                r#""phone_numbers":{"did_us":{"name":"US DID","rate":1,"activation_charge":0.5},"tollfree_us":{"rate":4.99,"rates":{"10":4.5,"5":4.75}}}}},"#,
                r#"{"id":"plan_e911","name":"E911"}]"#
            )
        );
        let dup = br#"{"data":[{"id":"p","name":"x","plan":{"b":{},"a":{"i":{"rate":1}},"a":{}}}]}"#;
        assert_eq!(json(dup).unwrap(), r#"[{"id":"p","name":"x","plan":{"a":{},"b":{}}}]"#, "the last duplicate key wins");
    }

    #[test]
    fn available_plans_of_both_kazoo_lines() {
        let services = include_str!("../../tests/fixtures/kazoo/services-available.json");
        assert_eq!(
            json(services.as_bytes()).unwrap(),
            concat!(
                r#"[{"id":"plan_simple","name":"Super Simple Service Plan","description":"A simple example plan that only charges for devices.","category":"Base Plan"},"#,
                r#"{"id":"plan_complex","name":"More Complex Service Plan","description":"A more complex plan that charges for several services","category":"Base Plan"}]"#
            )
        );
        let plans = include_str!("../../tests/fixtures/kazoo/service-plans-available.json");
        assert_eq!(json(plans.as_bytes()).unwrap(), r#"[{"id":"some_plan_id","name":"Test plan","description":"Some description"}]"#);
    }

    #[test]
    fn many_keys_in_descending_order_come_out_sorted_with_the_last_duplicate() {
        let rates: Vec<String> = (0..20_000).rev().map(|i| format!(r#""{i:05}":1"#)).collect();
        let body = format!(r#"{{"data":[{{"id":"p","name":"P","plan":{{"c":{{"i":{{"rates":{{{},"00007":2}}}}}}}}}}]}}"#, rates.join(","));
        let plans = json(body.as_bytes()).unwrap();
        assert!(plans.contains(r#"{"00000":1,"00001":1,"#), "{}", &plans[..80]);
        assert!(plans.contains(r#""00007":2,"#), "a repeated key keeps its last value");
    }

    #[test]
    fn bad_plans() {
        for (body, path) in [
            (r#"{"data":[{"id":"p","name":5}]}"#, "data[0].name"),
            (r#"{"data":[{"name":"x"}]}"#, "data[0].id"),
            (r#"{"data":[{"id":"p"}]}"#, "data[0].name"),
            (r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":{"did_us":{"rate":"1"}}}}]}"#, "data[0].plan.phone_numbers.did_us.rate"),
            (
                r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":{"did_us":{"rates":{"10":null}}}}}]}"#,
                "data[0].plan.phone_numbers.did_us.rates.10",
            ),
            (
                r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":{"did_us":{"minimum":1e999}}}}]}"#,
                "data[0].plan.phone_numbers.did_us.minimum",
            ),
            (r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":{"did_us":[]}}}]}"#, "data[0].plan.phone_numbers.did_us"),
            (r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":[]}}]}"#, "data[0].plan.phone_numbers"),
            (r#"{"data":[{"id":"p","name":"x","plan":[]}]}"#, "data[0].plan"),
            (r#"{"data":[{"id":"p","name":"x","category":5}]}"#, "data[0].category"),
            (r#"{"data":[{"id":"p","name":"x","category":"a","category":"b"}]}"#, "data[0].category"),
            (r#"{"data":[{"id":"p","name":"x","plan":{"c":{"i":{"name":"a","name":"b"}}}}]}"#, "data[0].plan.c.i.name"),
            (r#"{"data":{"id":"p","name":"x"}}"#, "data"),
        ] {
            let e = json(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.starts_with(path), "{body}: {}", e.message);
        }
    }
}
