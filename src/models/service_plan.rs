//! `GET /v2/accounts/{id}/service_plans`: the plans the account is billed under.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::{de_cow, de_opt_cow, Finite, Id, Money};
use crate::envelope::{self, Obj};
use crate::error::Error;

/// One priced item of a plan category (Kazoo ≤ 4.2's plan document); other keys are dropped.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct PlanItem<'a> {
    /// Display name.
    #[serde(borrow, default, deserialize_with = "de_opt_cow", skip_serializing_if = "Option::is_none")]
    pub name: Option<Cow<'a, str>>,
    /// Monthly rate per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Money>,
    /// Tiered rates: quantity threshold → rate.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub rates: Option<BTreeMap<Cow<'a, str>, Money>>,
    /// One-time charge when a unit is added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation_charge: Option<Money>,
    /// Minimum billed quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Finite>,
}

/// Category → item (or `_all`) → priced item.
pub type Plan<'a> = BTreeMap<Cow<'a, str>, Obj<BTreeMap<Cow<'a, str>, Obj<PlanItem<'a>>>>>;

/// A checked service plan, as `servicePlans()` resolves.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ServicePlan<'a> {
    /// Plan id.
    #[serde(borrow)]
    pub id: Id<'a>,
    /// Plan name.
    #[serde(borrow, deserialize_with = "de_cow")]
    pub name: Cow<'a, str>,
    /// Plan description, when there is one.
    #[serde(borrow, default, deserialize_with = "de_opt_cow", skip_serializing_if = "Option::is_none")]
    pub description: Option<Cow<'a, str>>,
    /// The plan's categories and items, when the server sends them.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Obj<Plan<'a>>>,
}

/// Decodes and checks a service plans reply.
///
/// ```
/// let body = br#"{"status":"success","data":[{"id":"p1","name":"Business"}]}"#;
/// let plans = audian_billing::models::service_plan::decode(body).unwrap();
/// assert_eq!(plans[0].name, "Business");
/// ```
pub fn decode(body: &[u8]) -> Result<Vec<ServicePlan<'_>>, Error> {
    envelope::decode::<Vec<Obj<ServicePlan>>>(body).map(|(plans, _)| plans.into_iter().map(|p| p.0).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::to_json;

    #[test]
    fn kazoo_plan_documents_keep_their_items() {
        let body = br#"{"status":"success","data":[{"id":"plan_business","name":"Business Voice","description":"Per-seat plan",
            "plan":{"phone_numbers":{"did_us":{"name":"US DID","rate":1.0,"activation_charge":0.5,"cascade":true},
                                     "tollfree_us":{"rate":4.99,"rates":{"10":4.5}}},
                    "limits":{"twoway_trunks":{"rate":29.99,"minimum":2}}}},
            {"id":"plan_e911","name":"E911"}]}"#;
        let plans = decode(body).unwrap();
        assert_eq!(
            to_json(&plans).unwrap(),
            concat!(
                r#"[{"id":"plan_business","name":"Business Voice","description":"Per-seat plan","plan":{"#,
                r#""limits":{"twoway_trunks":{"rate":29.99,"minimum":2.0}},"#,
                r#""phone_numbers":{"did_us":{"name":"US DID","rate":1.0,"activation_charge":0.5},"tollfree_us":{"rate":4.99,"rates":{"10":4.5}}}}},"#,
                r#"{"id":"plan_e911","name":"E911"}]"#
            )
        );
    }

    #[test]
    fn bad_plans() {
        for (body, path) in [
            (r#"{"data":[{"id":"p","name":5}]}"#, "data[0].name"),
            (r#"{"data":[{"name":"x"}]}"#, "data[0].id"),
            (r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":{"did_us":{"rate":"1"}}}}]}"#, "data[0].plan.phone_numbers.did_us.rate"),
            (r#"{"data":[{"id":"p","name":"x","plan":{"phone_numbers":[]}}]}"#, "data[0].plan.phone_numbers"),
            (r#"{"data":{"id":"p","name":"x"}}"#, "data"),
        ] {
            let e = decode(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
        }
    }
}
