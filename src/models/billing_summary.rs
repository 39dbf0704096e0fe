//! What the account pays for each month: Kazoo 4.3+'s `GET /services/summary`, or Kazoo ≤ 4.2's
//! `GET /service_plans/current`, as one `BillingSummary`.
//!
//! - `/services/summary` lists invoices (one per bookkeeper), each with `items` (category, item,
//!   quantity, billable quantity, rate, `discounts.total`, total) and a `summary` of what is due
//!   `today` and what `recurring`s each month. Items of every invoice are listed in order.
//! - `/service_plans/current` nests `items.<category>.<item>` = `{quantity, rate,
//!   single_discount, single_discount_rate, cumulative_discount, cumulative_discount_rate}` and
//!   says `in_good_standing`. Items come sorted by category, then item (a repeated key keeps its
//!   last value); Kazoo gives no totals there, so each is `quantity × rate − discount`, the
//!   discount being `single_discount_rate` (when `single_discount` is true) plus
//!   `cumulative_discount × cumulative_discount_rate`.
//!
//! `recurringTotal` is what the server says recurs (an invoice's `summary.recurring`) where it
//! says so, else the sum of the item totals; `dueToday` is the sum of the invoices'
//! `summary.today`, when any gives one. Money is rounded to $0.0001; quantities are copied as
//! written.

use super::{
    add_money, currency, decode_to_text, finite, member, opt_bool, opt_finite, opt_money, opt_timestamp, or_null, read_object, text, units_of, Field,
    ObjectWriter, Sorted,
};
use crate::error::Error;
use crate::json::{Num, Path, Reader};
use crate::text::push_str;

/// A services summary or current service plan reply as the JSON text of a `BillingSummary`:
/// `{"items":[…],"recurringTotal","dueToday"?,"nextBillingDate"?,"inGoodStanding"?,"currency"}`;
/// `default_currency` fills in a missing currency (Kazoo sends none).
///
/// ```
/// let body = br#"{"data":{"invoices":[{"items":[{"category":"users","item":"user","quantity":8,
///     "billable":8,"rate":18.99,"total":151.92}],"summary":{"today":0,"recurring":151.92}}]}}"#;
/// assert_eq!(
///     audian_billing::models::billing_summary::json(body, "USD").unwrap(),
///     r#"{"items":[{"category":"users","item":"user","quantity":8,"billable":8,"rate":18.99,"total":151.92}],"recurringTotal":151.92,"dueToday":0,"currency":"USD"}"#
/// );
/// ```
pub fn json(body: &[u8], default_currency: &str) -> Result<String, Error> {
    decode_to_text(body, b"", &mut |r: &mut Reader, out: &mut Vec<u8>| summary(r, out, default_currency)).map(|(text, _)| text)
}

/// Items written so far (JSON objects separated by commas) and what they add up to.
#[derive(Default)]
struct Items {
    json: Vec<u8>,
    recurring: i64,
    today: Option<i64>,
    /// The invoices' bookkeeper type (4.3+).
    bookkeeper: Option<String>,
}

impl Items {
    fn push(&mut self, item: &[u8]) {
        if item.is_empty() {
            return;
        }
        if !self.json.is_empty() {
            self.json.push(b',');
        }
        self.json.extend_from_slice(item);
    }
}

fn summary(r: &mut Reader, out: &mut Vec<u8>, default_currency: &str) -> Result<(), Error> {
    let data = Path::Root("data");
    let mut invoices = Field::new("invoices", |r, at| or_null(r, at, invoices));
    let mut plan_items = Field::new("items", |r, at| or_null(r, at, plan_items));
    let mut cycle = Field::new("billing_cycle", |r, at| member(r, at, Field::new("next", opt_timestamp)));
    let mut good = Field::new("in_good_standing", opt_bool);
    let mut status = Field::new("status", |r, at| or_null(r, at, status));
    let mut plans = Field::new("plans", |r, at| or_null(r, at, plan_ids));
    let mut sent_currency = Field::new("currency", Reader::opt_str);
    read_object(r, &data, &mut [&mut invoices, &mut plan_items, &mut cycle, &mut good, &mut status, &mut plans, &mut sent_currency])?;
    let currency = currency(sent_currency.opt(), default_currency, &data.key("currency"))?;
    let (invoiced, planned) = (invoices.opt().unwrap_or_default(), plan_items.opt().unwrap_or_default());
    // 4.3+ says `status: {acceptable, reason, message}`; ≤ 4.2 only `in_good_standing`.
    let standing = status.opt().or_else(|| good.opt().map(|acceptable| (acceptable, Vec::new())));

    let mut o = ObjectWriter::new(out);
    let list = o.key("items");
    list.push(b'[');
    list.extend_from_slice(&invoiced.json);
    if !invoiced.json.is_empty() && !planned.json.is_empty() {
        list.push(b',');
    }
    list.extend_from_slice(&planned.json);
    list.push(b']');
    o.money("recurringTotal", add_money(invoiced.recurring, planned.recurring, &data)?);
    o.money("dueToday", invoiced.today);
    o.text("nextBillingDate", cycle.opt().flatten().as_deref());
    o.bool("inGoodStanding", standing.as_ref().map(|(acceptable, _)| *acceptable));
    if let Some((acceptable, said)) = &standing {
        let list = o.key("standing");
        list.extend_from_slice(if *acceptable { b"{\"acceptable\":true" } else { b"{\"acceptable\":false" });
        list.extend_from_slice(said);
        list.push(b'}');
    }
    if let Some(plans) = plans.opt() {
        let list = o.key("plans");
        list.push(b'[');
        for (i, (id, _)) in plans.iter().enumerate() {
            if i > 0 {
                list.push(b',');
            }
            push_str(list, id);
        }
        list.push(b']');
    }
    o.text("bookkeeper", invoiced.bookkeeper.as_deref());
    o.text("currency", Some(&currency));
    o.end();
    Ok(())
}

/// `status` (4.3+, `kz_services:summary_status`): whether the account may spend, and when not,
/// the server's `reason` (`bookkeeper_rejection`, …) and `message`; returned as `acceptable` and
/// the text of `,"reason":…,"message":…`.
fn status(r: &mut Reader, path: &Path) -> Result<(bool, Vec<u8>), Error> {
    let mut acceptable = Field::new("acceptable", |r, at| r.bool(at));
    let mut reason = Field::new("reason", Reader::opt_str);
    let mut message = Field::new("message", Reader::opt_str);
    read_object(r, path, &mut [&mut acceptable, &mut reason, &mut message])?;
    let acceptable = acceptable.required(path)?;
    let mut said = Vec::new();
    for (name, value) in [("reason", reason.opt()), ("message", message.opt())] {
        if let Some(value) = value {
            said.extend_from_slice(b",\"");
            said.extend_from_slice(name.as_bytes());
            said.extend_from_slice(b"\":");
            said.extend_from_slice(value.literal.as_bytes());
        }
    }
    Ok((acceptable, said))
}

/// `plans`: the account's own service plans, plan id → how it is assigned; the ids, sorted
/// (an object's order means nothing), each once.
fn plan_ids(r: &mut Reader, path: &Path) -> Result<Sorted<()>, Error> {
    r.object(path, "a JSON object (plan id → assignment)")?;
    let (mut ids, mut first) = (Sorted::default(), true);
    while let Some(id) = r.next_key(&mut first)? {
        r.skip()?;
        ids.insert(id.into_owned(), ());
    }
    Ok(ids)
}

/// `invoices` (4.3+): every invoice's items, and their totals.
fn invoices(r: &mut Reader, path: &Path) -> Result<Items, Error> {
    r.array(path, "an array")?;
    let (mut all, mut first, mut i) = (Items::default(), true, 0);
    while r.next_item(&mut first)? {
        let at = path.index(i);
        let mut items = Field::new("items", |r, at| or_null(r, at, invoice_items));
        let mut summary = Field::new("summary", |r, at| or_null(r, at, invoice_summary));
        let mut bookkeeper = Field::new("bookkeeper", |r, at| member(r, at, Field::new("type", Reader::opt_str)));
        read_object(r, &at, &mut [&mut items, &mut summary, &mut bookkeeper])?;
        // The first invoice's bookkeeper that is not Kazoo's "default" (the ledgers) names how
        // the account pays; "default" only when no invoice names another.
        if let Some(kind) = bookkeeper.opt().flatten().map(|t| t.text().into_owned()) {
            if all.bookkeeper.as_deref().is_none_or(|seen| seen == "default") {
                all.bookkeeper = Some(kind);
            }
        }
        let items = items.opt().unwrap_or_default();
        let (today, recurring) = summary.opt().unwrap_or_default();
        all.push(&items.json);
        all.recurring = add_money(all.recurring, recurring.unwrap_or(items.recurring), &at)?;
        if let Some(today) = today {
            all.today = Some(add_money(all.today.unwrap_or(0), today, &at)?);
        }
        i += 1;
    }
    Ok(all)
}

/// An invoice's `summary`: what is due today and what recurs (either may be absent).
fn invoice_summary(r: &mut Reader, path: &Path) -> Result<(Option<i64>, Option<i64>), Error> {
    let mut today = Field::new("today", opt_money);
    let mut recurring = Field::new("recurring", opt_money);
    read_object(r, path, &mut [&mut today, &mut recurring])?;
    Ok((today.opt(), recurring.opt()))
}

/// An invoice's `items`, written as `BillingItem`s; `recurring` is the sum of their totals.
fn invoice_items(r: &mut Reader, path: &Path) -> Result<Items, Error> {
    r.array(path, "an array")?;
    let (mut items, mut first, mut i, mut item) = (Items::default(), true, 0, Vec::new());
    while r.next_item(&mut first)? {
        let at = path.index(i);
        item.clear();
        let total = invoice_item(r, &at, &mut item)?;
        items.push(&item);
        items.recurring = add_money(items.recurring, total, &at)?;
        i += 1;
    }
    Ok(items)
}

/// One item of an invoice, `{"category","item","name"?,"quantity","billable"?,"rate"?,
/// "discount"?,"total"}`; returns its total (the server's, else `billable × rate − discount`).
fn invoice_item(r: &mut Reader, path: &Path, out: &mut Vec<u8>) -> Result<i64, Error> {
    let mut category = Field::new("category", text);
    let mut item = Field::new("item", text);
    let mut name = Field::new("name", Reader::opt_str);
    let mut quantity = Field::new("quantity", finite);
    let mut billable = Field::new("billable", opt_finite);
    let mut rate = Field::new("rate", opt_money);
    let mut discounts = Field::new("discounts", |r, at| member(r, at, Field::new("total", opt_money)));
    let mut total = Field::new("total", opt_money);
    read_object(r, path, &mut [&mut category, &mut item, &mut name, &mut quantity, &mut billable, &mut rate, &mut discounts, &mut total])?;
    let (quantity, billable, rate, discount) = (quantity.required(path)?, billable.opt(), rate.opt(), discounts.opt().flatten());
    let (category, item) = (category.required(path)?, item.required(path)?);
    let total = match total.opt() {
        Some(total) => total,
        None => line_total(billable.unwrap_or(quantity), rate, discount, path)?,
    };
    let mut o = ObjectWriter::new(out);
    o.str("category", category);
    o.str("item", item);
    o.str("name", name.opt());
    o.num("quantity", quantity);
    o.num("billable", billable);
    o.money("rate", rate);
    o.money("discount", discount);
    o.money("total", total);
    o.end();
    Ok(total)
}

/// `quantity × rate − discount`, in units of $0.0001 (a missing rate charges nothing).
fn line_total(quantity: Num, rate: Option<i64>, discount: Option<i64>, path: &Path) -> Result<i64, Error> {
    let quantity = quantity.to_f64().unwrap_or(0.0);
    let raw = quantity * rate.unwrap_or(0) as f64 - discount.unwrap_or(0) as f64;
    units_of(raw).ok_or_else(|| path.key("total").invalid("quantity × rate is not an amount of money (at most 1e11 in size)"))
}

/// `items` of `/service_plans/current` (≤ 4.2): category → item → priced quantity, written
/// sorted.
fn plan_items(r: &mut Reader, path: &Path) -> Result<Items, Error> {
    // Sorted output; a repeated category or item replaces the earlier one.
    let mut categories = Sorted::default();
    r.object(path, "a JSON object")?;
    let mut first = true;
    while let Some(category) = r.next_key(&mut first)? {
        let at = path.key(&category);
        r.object(&at, "a JSON object")?;
        let (mut items, mut first) = (Sorted::default(), true);
        while let Some(item) = r.next_key(&mut first)? {
            let mut out = Vec::new();
            let total = plan_item(r, &at.key(&item), &category, &item, &mut out)?;
            items.insert(item.into_owned(), (out, total));
        }
        categories.insert(category.into_owned(), items);
    }
    let mut all = Items::default();
    for (item, total) in categories.values().flat_map(Sorted::values) {
        all.push(item);
        all.recurring = add_money(all.recurring, *total, path)?;
    }
    Ok(all)
}

/// One priced item of the current plan, written as a `BillingItem`; returns its total.
fn plan_item(r: &mut Reader, path: &Path, category: &str, item: &str, out: &mut Vec<u8>) -> Result<i64, Error> {
    let mut name = Field::new("name", Reader::opt_str);
    let mut quantity = Field::new("quantity", finite);
    let mut rate = Field::new("rate", opt_money);
    let mut single = Field::new("single_discount", opt_bool);
    let mut single_rate = Field::new("single_discount_rate", opt_money);
    let mut cumulative = Field::new("cumulative_discount", opt_finite);
    let mut cumulative_rate = Field::new("cumulative_discount_rate", opt_money);
    read_object(r, path, &mut [&mut name, &mut quantity, &mut rate, &mut single, &mut single_rate, &mut cumulative, &mut cumulative_rate])?;
    let quantity = quantity.required(path)?;
    let single = if single.opt() == Some(true) { single_rate.opt().unwrap_or(0) } else { 0 };
    let cumulative = match cumulative.opt() {
        Some(count) => count.to_f64().unwrap_or(0.0) * cumulative_rate.opt().unwrap_or(0) as f64,
        None => 0.0,
    };
    let discount =
        units_of(single as f64 + cumulative).ok_or_else(|| path.invalid("the discount is not an amount of money (at most 1e11 in size)"))?;
    let rate = rate.opt();
    let total = line_total(quantity, rate, Some(discount), path)?;
    let mut o = ObjectWriter::new(out);
    push_str(o.key("category"), category);
    push_str(o.key("item"), item);
    o.str("name", name.opt());
    o.num("quantity", quantity);
    o.money("rate", rate);
    o.money("discount", Some(discount).filter(|d| *d != 0));
    o.money("total", total);
    o.end();
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::tests::numbers;
    use serde_json::{json, Value};

    /// `json!` with every number as `JSON.parse` reads it.
    macro_rules! jn {
        ($($t:tt)+) => {
            numbers(json!($($t)+))
        };
    }

    const SUMMARY: &str = include_str!("../../tests/fixtures/kazoo/services-summary.json");
    const CURRENT: &str = include_str!("../../tests/fixtures/kazoo/service-plans-current.json");

    fn summary(body: &str) -> Result<Value, Error> {
        json(body.as_bytes(), "USD").map(|t| numbers(serde_json::from_str(&t).expect("output is JSON")))
    }

    #[test]
    fn services_summary_flattens_every_invoice() {
        let out = summary(SUMMARY).unwrap();
        let item = |category: &str, item: &str, name: Option<&str>, quantity: u32, rate: f64, total: f64| {
            let mut v = jn!({"category": category, "item": item, "quantity": quantity, "billable": quantity, "rate": rate, "total": total});
            if let Some(name) = name {
                v["name"] = jn!(name);
            }
            v
        };
        assert_eq!(
            out["items"],
            (jn!([
                item("devices", "sip_device", None, 1, 1.0, 1.0),
                item("devices", "_all", None, 1, 0.0, 0.0),
                item("phone_numbers", "did_us", Some("US DID Phone Number"), 14, 1.0, 14.0),
                item("phone_numbers", "tollfree_us", Some("US Tollfree Phone Number"), 0, 4.99, 0.0),
                item("phone_numbers", "international", Some("International Phone Number"), 0, 4.99, 0.0),
                item("number_services", "e911", Some("E911 Service"), 0, 2.0, 0.0),
                item("limits", "twoway_trunks", Some("Two-Way Trunk"), 0, 24.99, 0.0),
                item("limits", "inbound_trunks", Some("Inbound Trunk"), 0, 6.99, 0.0),
                item("limits", "outbound_trunks", Some("Outbound Trunk"), 0, 21.99, 0.0),
                item("users", "user", Some("User"), 8, 18.99, 151.92),
            ]))
        );
        assert_eq!((&out["recurringTotal"], &out["dueToday"], &out["currency"]), (&jn!(166.92), &jn!(0), &jn!("USD")));
        assert!(out.get("nextBillingDate").is_none() && out.get("inGoodStanding").is_none());
    }

    #[test]
    fn the_accounts_plans_standing_and_bookkeeper() {
        let out = summary(SUMMARY).unwrap();
        assert_eq!((&out["plans"], &out["bookkeeper"]), (&jn!(["plan_complex", "plan_simple"]), &jn!("braintree")));
        assert!(out.get("standing").is_none(), "Kazoo's documented example predates `status`");
        let delinquent = summary(include_str!("../../tests/fixtures/kazoo/services-summary-delinquent.json")).unwrap();
        assert_eq!(
            delinquent["standing"],
            jn!({"acceptable": false, "reason": "bookkeeper_rejection",
                "message": "There is a billing issue with this account, please contact your sales representative."})
        );
        assert_eq!(delinquent["inGoodStanding"], jn!(false));
        assert_eq!(delinquent["plans"], jn!(["audian_business_voice"]));
        let good = summary(
            r#"{"data":{"status":{"acceptable":true,"reason":"no service plans assigned"},"plans":{"b":{},"a":1,"b":null},
            "invoices":[{"bookkeeper":{"type":"default"}},{"bookkeeper":null},{"bookkeeper":{"type":"braintree"}},{"bookkeeper":{"type":"iou"}}]}}"#,
        )
        .unwrap();
        assert_eq!(good["standing"], jn!({"acceptable": true, "reason": "no service plans assigned"}));
        assert_eq!(
            (&good["plans"], &good["bookkeeper"]),
            (&jn!(["a", "b"]), &jn!("braintree")),
            "each plan once, sorted; the first bookkeeper not default"
        );
        let old = summary(CURRENT).unwrap();
        assert_eq!(old["standing"], jn!({"acceptable": true}), "≤ 4.2 says in_good_standing only");
        let only_default = summary(r#"{"data":{"invoices":[{"bookkeeper":{"type":"default"}}]}}"#).unwrap();
        assert_eq!(only_default["bookkeeper"], jn!("default"));
    }

    #[test]
    fn current_service_plan_items_are_priced_and_sorted() {
        let out = summary(CURRENT).unwrap();
        let names: Vec<String> =
            out["items"].as_array().unwrap().iter().map(|i| format!("{}/{}", i["category"].as_str().unwrap(), i["item"].as_str().unwrap())).collect();
        assert_eq!(
            names,
            [
                "devices/sip_devices",
                "limits/inbound_trunks",
                "limits/twoway_trunks",
                "number_services/e911",
                "number_services/inbound_cnam",
                "number_services/outbound_cnam",
                "number_services/port",
                "phone_numbers/did_us",
                "phone_numbers/tollfree_us",
                "users/user"
            ]
        );
        let items = &out["items"];
        assert_eq!(
            items[0],
            jn!({"category":"devices","item":"sip_devices","quantity":3,"rate":5,"discount":15,"total":0}),
            "3 × 5 − 3 × 5 cumulative"
        );
        assert_eq!(items[2], jn!({"category":"limits","item":"twoway_trunks","quantity":10,"rate":29.99,"total":299.9}));
        assert_eq!(
            items[3],
            jn!({"category":"number_services","item":"e911","quantity":0,"rate":2,"total":0}),
            "single_discount false: its rate is not applied"
        );
        assert_eq!(items[6], jn!({"category":"number_services","item":"port","quantity":0,"total":0}), "no rate: no charge");
        assert_eq!(items[8]["rate"], jn!(4.99));
        assert_eq!((&out["recurringTotal"], &out["inGoodStanding"]), (&jn!(387.8), &jn!(true)), "69.9 + 299.9 + 8 + 10");
        assert!(out.get("dueToday").is_none());
    }

    #[test]
    fn server_totals_win_and_missing_ones_are_computed() {
        let body = r#"{"data":{"currency":"EUR","billing_cycle":{"next":63913276800},"invoices":[
            {"items":[{"category":"c","item":"a","quantity":2,"rate":1.5,"discounts":{"total":0.5,"single":{"rate":0.5}}}]},
            {"items":[{"category":"c","item":"b","quantity":3,"billable":1,"rate":2,"total":2}],"summary":{"recurring":1.25,"today":0.3333}},
            {"items":null,"summary":null}]}}"#;
        let out = summary(body).unwrap();
        assert_eq!(out["items"][0], jn!({"category":"c","item":"a","quantity":2,"rate":1.5,"discount":0.5,"total":2.5}), "2 × 1.5 − 0.5");
        assert_eq!(out["recurringTotal"], jn!(3.75), "2.5 summed from items + 1.25 as the server says");
        assert_eq!((&out["dueToday"], &out["currency"]), (&jn!(0.3333), &jn!("EUR")));
        assert_eq!(out["nextBillingDate"], jn!("2025-05-01T00:00:00Z"));
        let empty = summary(r#"{"data":{}}"#).unwrap();
        assert_eq!(empty, jn!({"items":[],"recurringTotal":0,"currency":"USD"}));
    }

    #[test]
    fn hostile_plans_stay_linear_and_sorted() {
        let items: Vec<String> = (0..20_000).rev().map(|i| format!(r#""i{i:05}":{{"quantity":1,"rate":0.0001}}"#)).collect();
        let body = format!(r#"{{"data":{{"items":{{"c":{{{}}},"c":{{"only":{{"quantity":1}}}},"b":{{{}}}}}}}}}"#, items.join(","), items.join(","));
        let out = summary(&body).unwrap();
        assert_eq!(out["items"].as_array().map(Vec::len), Some(20_001), "the repeated category keeps its last value");
        assert_eq!((&out["items"][0]["item"], &out["items"][1]["item"]), (&jn!("i00000"), &jn!("i00001")));
        assert_eq!(out["recurringTotal"], jn!(2.0));
    }

    #[test]
    fn every_bad_field_names_its_path() {
        let invoice =
            |item: &str| format!(r#"{{"data":{{"invoices":[{{"items":[{{"category":"c","item":"i","quantity":1,"total":1}},{item}]}}]}}}}"#);
        let cases = [
            (invoice(r#"{"item":"i","quantity":1}"#), "data.invoices[0].items[1].category", "missing field `category`"),
            (invoice(r#"{"category":"c","quantity":1}"#), "data.invoices[0].items[1].item", "missing field `item`"),
            (invoice(r#"{"category":5,"item":"i","quantity":1}"#), "data.invoices[0].items[1].category", "expected a string"),
            (invoice(r#"{"category":"c","item":"i"}"#), "data.invoices[0].items[1].quantity", "missing field `quantity`"),
            (invoice(r#"{"category":"c","item":"i","quantity":"1"}"#), "data.invoices[0].items[1].quantity", "expected a number"),
            (invoice(r#"{"category":"c","item":"i","quantity":1e999}"#), "data.invoices[0].items[1].quantity", "out of range"),
            (invoice(r#"{"category":"c","item":"i","quantity":1,"billable":true}"#), "data.invoices[0].items[1].billable", "expected a number"),
            (invoice(r#"{"category":"c","item":"i","quantity":1,"rate":"1"}"#), "data.invoices[0].items[1].rate", "expected an amount of money"),
            (invoice(r#"{"category":"c","item":"i","quantity":1,"total":1e12}"#), "data.invoices[0].items[1].total", "not an amount of money"),
            (
                invoice(r#"{"category":"c","item":"i","quantity":1,"discounts":{"total":"x"}}"#),
                "data.invoices[0].items[1].discounts.total",
                "expected an amount",
            ),
            (invoice(r#"{"category":"c","item":"i","quantity":1,"discounts":5}"#), "data.invoices[0].items[1].discounts", "expected a JSON object"),
            (invoice(r#"{"category":"c","item":"i","quantity":1e300,"rate":1}"#), "data.invoices[0].items[1].total", "not an amount of money"),
            (invoice(r#"{"category":"c","item":"i","name":1,"quantity":1}"#), "data.invoices[0].items[1].name", "expected a string or null"),
            (invoice(r#"{"category":"c","item":"i","quantity":1,"quantity":2}"#), "data.invoices[0].items[1].quantity", "duplicate field"),
            (invoice(r#"[]"#), "data.invoices[0].items[1]", "expected a JSON object"),
            (r#"{"data":{"invoices":{}}}"#.to_owned(), "data.invoices", "expected an array"),
            (r#"{"data":{"invoices":[{"items":{}}]}}"#.to_owned(), "data.invoices[0].items", "expected an array"),
            (r#"{"data":{"invoices":[{"summary":{"recurring":"1"}}]}}"#.to_owned(), "data.invoices[0].summary.recurring", "expected an amount"),
            (r#"{"data":{"invoices":[{"summary":{"today":[]}}]}}"#.to_owned(), "data.invoices[0].summary.today", "expected an amount"),
            (
                r#"{"data":{"invoices":[{"summary":{"recurring":1e11}},{"summary":{"recurring":1e11}}]}}"#.to_owned(),
                "data.invoices[1]",
                "the total is not an amount",
            ),
            (r#"{"data":{"billing_cycle":{"next":"tomorrow"}}}"#.to_owned(), "data.billing_cycle.next", "RFC 3339"),
            (r#"{"data":{"billing_cycle":7}}"#.to_owned(), "data.billing_cycle", "expected a JSON object"),
            (r#"{"data":{"in_good_standing":"yes"}}"#.to_owned(), "data.in_good_standing", "expected a boolean"),
            (r#"{"data":{"status":{"reason":"x"}}}"#.to_owned(), "data.status.acceptable", "missing field `acceptable`"),
            (r#"{"data":{"status":{"acceptable":"no"}}}"#.to_owned(), "data.status.acceptable", "expected a boolean"),
            (r#"{"data":{"status":{"acceptable":false,"message":7}}}"#.to_owned(), "data.status.message", "expected a string"),
            (r#"{"data":{"status":"bad"}}"#.to_owned(), "data.status", "expected a JSON object"),
            (r#"{"data":{"plans":["a"]}}"#.to_owned(), "data.plans", "expected a JSON object"),
            (r#"{"data":{"invoices":[{"bookkeeper":{"type":5}}]}}"#.to_owned(), "data.invoices[0].bookkeeper.type", "expected a string"),
            (r#"{"data":{"currency":"usd"}}"#.to_owned(), "data.currency", "ISO 4217"),
            (r#"{"data":{"items":[]}}"#.to_owned(), "data.items", "expected a JSON object"),
            (r#"{"data":{"items":{"users":[]}}}"#.to_owned(), "data.items.users", "expected a JSON object"),
            (r#"{"data":{"items":{"users":{"user":{"rate":5}}}}}"#.to_owned(), "data.items.users.user.quantity", "missing field `quantity`"),
            (r#"{"data":{"items":{"users":{"user":{"quantity":1,"rate":"5"}}}}}"#.to_owned(), "data.items.users.user.rate", "expected an amount"),
            (
                r#"{"data":{"items":{"users":{"user":{"quantity":1,"single_discount":"true"}}}}}"#.to_owned(),
                "data.items.users.user.single_discount",
                "expected a boolean",
            ),
            (
                r#"{"data":{"items":{"users":{"user":{"quantity":1,"single_discount_rate":true}}}}}"#.to_owned(),
                "data.items.users.user.single_discount_rate",
                "expected an amount",
            ),
            (
                r#"{"data":{"items":{"users":{"user":{"quantity":1,"cumulative_discount":"3"}}}}}"#.to_owned(),
                "data.items.users.user.cumulative_discount",
                "expected a number",
            ),
            (
                r#"{"data":{"items":{"users":{"user":{"quantity":1,"cumulative_discount":1e300,"cumulative_discount_rate":1}}}}}"#.to_owned(),
                "data.items.users.user",
                "the discount is not an amount",
            ),
            (
                r#"{"data":{"items":{"users":{"user":{"quantity":1,"cumulative_discount_rate":null,"cumulative_discount_rate":1}}}}}"#.to_owned(),
                "data.items.users.user.cumulative_discount_rate",
                "duplicate field",
            ),
            (r#"{"data":[]}"#.to_owned(), "data", "expected a JSON object"),
        ];
        for (body, path, says) in cases {
            let e = json(body.as_bytes(), "USD").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says) && e.message.starts_with(path), "{body}: {}", e.message);
        }
    }
}
