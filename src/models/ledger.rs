//! Kazoo's ledgers, where 4.3+ keeps usage and recurring charges (and 4.0–4.2 a copy of them):
//! `GET /ledgers`, the period's total per ledger, and `GET /ledgers/{ledger}`, one ledger's
//! entries, paged like transactions.
//!
//! Amounts keep Kazoo's sign: in `/ledgers` money spent is negative (`per-minute-voip: -54.7404`).

use super::meaning::{self, ledger_kind, Category, Kind};
use super::{
    data_array, decode_to_text, id, member, money, opt_finite, opt_timestamp, or_null, page_to_text, read_object, rows_to_text, Field, ObjectWriter,
    Sorted,
};
use crate::error::Error;
use crate::json::{Num, Path, Reader, Str};
use std::borrow::Cow;

/// A ledgers reply as the JSON text of a `LedgerUsage[]`, one
/// `{"ledger","amount","kind","category"?,"quantity"?,"unit"?,"usageType"?}` per ledger, sorted
/// by ledger name (`kind` as [`meaning::ledger_kind`] decides it; `category` when the ledger's
/// name says what all its usage is, [`meaning::ledger_category`]).
///
/// Kazoo 4.1+ sends `{ledger: {amount, usage: {quantity, type, unit}}}`, Kazoo 4.0 `{ledger:
/// amount}`; a ledger named twice keeps its last value.
///
/// ```
/// let body = br#"{"data":{"per-minute-voip":{"amount":-54.7404,"usage":{"quantity":14520,"type":"voice","unit":"sec"}},"support":-148}}"#;
/// assert_eq!(
///     audian_billing::models::ledger::usage_json(body).unwrap(),
///     r#"[{"ledger":"per-minute-voip","amount":-54.7404,"kind":"usage","category":"call_usage","quantity":14520,"unit":"sec","usageType":"voice"},{"ledger":"support","amount":-148,"kind":"usage"}]"#
/// );
/// ```
pub fn usage_json(body: &[u8]) -> Result<String, Error> {
    decode_to_text(body, b"", &mut ledgers).map(|(text, _)| text)
}

/// A ledger's entries as the JSON text of a `LedgerEntryPage`:
/// `{"data":[…],"nextStartKey":…,"requestId":…}`. `ledger` is the ledger asked for, the name of
/// entries that do not say theirs (`source.service`).
///
/// ```
/// let body = br#"{"data":[{"id":"e1","amount":6,"description":"US Hollywood","period":{"start":63630348840},
///     "usage":{"type":"voice","quantity":3,"unit":"sec"}}],"request_id":"r1"}"#;
/// assert_eq!(
///     audian_billing::models::ledger::entries_page_json(body, "per-minute-voip").unwrap(),
///     r#"{"data":[{"id":"e1","ledger":"per-minute-voip","amount":6,"description":"US Hollywood","created":"2016-05-13T08:54:00Z","kind":"usage","category":"call_usage","quantity":3,"unit":"sec","usageType":"voice"}],"nextStartKey":null,"requestId":"r1"}"#
/// );
/// ```
pub fn entries_page_json(body: &[u8], ledger: &str) -> Result<String, Error> {
    page_to_text(body, &mut |r: &mut Reader, out: &mut Vec<u8>| data_array(r, out, |r, path, out| entry(r, path, out, ledger)))
}

/// Like [`entries_page_json`], for the entries only (JSON text of `page.data`) and the next
/// page's key.
pub fn entries_data_json(body: &[u8], ledger: &str) -> Result<(String, Option<String>), Error> {
    rows_to_text(body, &mut |r: &mut Reader, out: &mut Vec<u8>| data_array(r, out, |r, path, out| entry(r, path, out, ledger)))
}

/// `data` of `/ledgers`: ledger name → amount, or → `{amount, usage}`.
fn ledgers(r: &mut Reader, out: &mut Vec<u8>) -> Result<(), Error> {
    let data = Path::Root("data");
    r.object(&data, "a JSON object")?;
    let (mut ledgers, mut first) = (Sorted::default(), true);
    while let Some(name) = r.next_key(&mut first)? {
        let mut text = Vec::new();
        ledger_usage(r, &data.key(&name), &name, &mut text)?;
        ledgers.insert(name.into_owned(), text);
    }
    out.push(b'[');
    for (i, text) in ledgers.values().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(text);
    }
    out.push(b']');
    Ok(())
}

/// One ledger's total, `{"ledger","amount","quantity"?,"unit"?,"usageType"?}`.
fn ledger_usage(r: &mut Reader, path: &Path, name: &str, out: &mut Vec<u8>) -> Result<(), Error> {
    let (units, usage) = match r.peek()? {
        b'-' | b'0'..=b'9' => (money(r, path)?, None),
        b'{' => {
            let mut amount = Field::new("amount", money);
            let mut usage = Field::new("usage", |r, at| or_null(r, at, usage));
            read_object(r, path, &mut [&mut amount, &mut usage])?;
            (amount.required(path)?, usage.opt())
        }
        _ => return Err(r.invalid_type(path, "an amount of money or a JSON object ({amount, usage})")),
    };
    let mut o = ObjectWriter::new(out);
    o.text("ledger", Some(name));
    o.money("amount", units);
    let kind = ledger_kind(name, units);
    o.plain("kind", kind.as_str());
    // What a ledger of one kind of usage holds is known from its name; a recurring ledger's
    // categories are in its entries.
    o.plain_opt("category", meaning::ledger_category(name).filter(|_| kind == Kind::Usage).map(Category::as_str));
    write_usage(&mut o, usage);
    o.end();
    Ok(())
}

/// What a ledger amount or entry counts: `usage: {quantity, type, unit}`, each optional.
#[derive(Default)]
struct Usage<'a> {
    quantity: Option<Num<'a>>,
    kind: Option<Str<'a>>,
    unit: Option<Str<'a>>,
}

/// `usage`.
fn usage<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Usage<'a>, Error> {
    let mut quantity = Field::new("quantity", opt_finite);
    let mut kind = Field::new("type", Reader::opt_str);
    let mut unit = Field::new("unit", Reader::opt_str);
    read_object(r, path, &mut [&mut quantity, &mut kind, &mut unit])?;
    Ok(Usage { quantity: quantity.opt(), kind: kind.opt(), unit: unit.opt() })
}

/// `"quantity"?,"unit"?,"usageType"?`.
fn write_usage(o: &mut ObjectWriter, usage: Option<Usage>) {
    let usage = usage.unwrap_or_default();
    o.num("quantity", usage.quantity);
    o.str("unit", usage.unit);
    o.str("usageType", usage.kind);
}

/// One entry of `/ledgers/{ledger}`, written as `{"id","ledger","amount","description","created",
/// "kind","category","quantity"?,"unit"?,"usageType"?,"accountId"?,"accountName"?,"item"?,"call"?}`
/// (`kind` and `category` as [`meaning`] decides them from the ledger, `metadata.item` and the
/// description).
fn entry(r: &mut Reader, path: &Path, out: &mut Vec<u8>, ledger: &str) -> Result<(), Error> {
    let mut id_ = Field::new("id", id);
    let mut amount = Field::new("amount", money);
    let mut description = Field::new("description", Reader::opt_str);
    // The ledger that wrote the entry, when it says.
    let mut source = Field::new("source", |r, at| member(r, at, Field::new("service", Reader::opt_str)));
    let mut period = Field::new("period", |r, at| member(r, at, Field::new("start", opt_timestamp)));
    let mut created = Field::new("created", opt_timestamp);
    let mut usage = Field::new("usage", |r, at| or_null(r, at, usage));
    let mut account = Field::new("account", |r, at| or_null(r, at, account));
    let mut metadata = Field::new("metadata", metadata);
    read_object(
        r,
        path,
        &mut [&mut id_, &mut amount, &mut description, &mut source, &mut period, &mut created, &mut usage, &mut account, &mut metadata],
    )?;
    let (id_, units) = (id_.required(path)?, amount.required(path)?);
    // When the charge happened is the period's start; `created` is when Kazoo wrote it down.
    let Some(created) = period.opt().flatten().or(created.opt()) else {
        return Err(path.key("period").invalid("missing field `period` (nor `created`)"));
    };
    let (account_id, account_name) = account.opt().unwrap_or_default();

    let metadata = metadata.get().unwrap_or_default();
    let service = source.opt().flatten().filter(|service| service.literal != "\"\"");
    let name = service.map_or(Cow::Borrowed(ledger), |s| s.text());
    let description = description.opt();
    let kind = ledger_kind(&name, units);
    let item = metadata.item.as_ref().map(|(category, item, _)| (category.text(), item.text()));
    let described = description.map(|d| d.text()).unwrap_or_default();
    let category = meaning::category(kind, item.as_ref().map(|(c, i)| (&**c, &**i)), Some(&name), None, &described);

    let mut o = ObjectWriter::new(out);
    o.str("id", id_);
    match service {
        Some(service) => o.str("ledger", service),
        None => o.text("ledger", Some(ledger)),
    }
    o.money("amount", units);
    o.key("description").extend_from_slice(description.map_or("\"\"", |s| s.literal).as_bytes());
    o.plain("created", &created);
    o.plain("kind", kind.as_str());
    o.plain("category", category.as_str());
    write_usage(&mut o, usage.opt());
    o.str("accountId", account_id);
    o.str("accountName", account_name);
    if let Some((category, item, name)) = metadata.item {
        write_strings(o.key("item"), &[("category", Some(category)), ("item", Some(item)), ("name", name)]);
    }
    let call = metadata.call;
    if call.iter().any(Option::is_some) {
        let [from, to, direction, caller, callee] = call;
        let members = [("from", from), ("to", to), ("direction", direction), ("callerIdNumber", caller), ("calleeIdNumber", callee)];
        write_strings(o.key("call"), &members);
    }
    o.end();
    Ok(())
}

/// A nested object of the strings given (an absent one writes nothing).
fn write_strings(out: &mut Vec<u8>, members: &[(&str, Option<Str>)]) {
    let mut o = ObjectWriter::new(out);
    for (name, value) in members {
        o.str(name, *value);
    }
    o.end();
}

/// What an entry's `metadata` says that the page needs: the service-plan item billed (a
/// recurring entry's `item`: `category`, `item`, `name`) and a call's `from`, `to`, `direction`,
/// `caller_id_number`, `callee_id_number` (what jonny5 writes on `per-minute-voip` entries).
#[derive(Default)]
struct Metadata<'a> {
    item: Option<(Str<'a>, Str<'a>, Option<Str<'a>>)>,
    /// `from`, `to`, `direction`, `caller_id_number`, `callee_id_number`.
    call: [Option<Str<'a>>; 5],
}

/// `metadata`: free-form, written by whoever posted the entry (Kazoo's services, a reseller),
/// so it is read leniently: a member that is not the string expected is left out, never an
/// error that would cost the whole page.
fn metadata<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Metadata<'a>, Error> {
    if r.peek()? != b'{' {
        r.skip()?;
        return Ok(Metadata::default());
    }
    let mut item = Field::new("item", |r, at| {
        if r.peek()? != b'{' {
            r.skip()?;
            return Ok(None);
        }
        let (mut category, mut item, mut name) = (Field::new("category", loose_str), Field::new("item", loose_str), Field::new("name", loose_str));
        read_object(r, at, &mut [&mut category, &mut item, &mut name])?;
        Ok(category.opt().zip(item.opt()).map(|(c, i)| (c, i, name.opt())))
    });
    let mut from = Field::new("from", loose_str);
    let mut to = Field::new("to", loose_str);
    let mut direction = Field::new("direction", loose_str);
    let mut caller = Field::new("caller_id_number", loose_str);
    let mut callee = Field::new("callee_id_number", loose_str);
    read_object(r, path, &mut [&mut item, &mut from, &mut to, &mut direction, &mut caller, &mut callee])?;
    Ok(Metadata { item: item.opt(), call: [from.opt(), to.opt(), direction.opt(), caller.opt(), callee.opt()] })
}

/// A string, or `None` for any other value (skipped).
fn loose_str<'a>(r: &mut Reader<'a>, path: &Path) -> Result<Option<Str<'a>>, Error> {
    if r.peek()? == b'"' {
        return r.str(path, "a string").map(Some);
    }
    r.skip()?;
    Ok(None)
}

/// `account`: the (sub-)account charged, `id` and `name`.
fn account<'a>(r: &mut Reader<'a>, path: &Path) -> Result<(Option<Str<'a>>, Option<Str<'a>>), Error> {
    let mut id_ = Field::new("id", Reader::opt_str);
    let mut name = Field::new("name", Reader::opt_str);
    read_object(r, path, &mut [&mut id_, &mut name])?;
    Ok((id_.opt(), name.opt()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::models::tests::numbers;
    use serde_json::{json, Value};

    const LEDGERS_41: &str = include_str!("../../tests/fixtures/kazoo/ledgers-4.1.json");
    const LEDGERS_40: &str = include_str!("../../tests/fixtures/kazoo/ledgers-4.0.json");
    const ENTRIES: &str = include_str!("../../tests/fixtures/kazoo/ledger-entries.json");

    fn parse(text: &str) -> Value {
        numbers(serde_json::from_str(text).expect("output is JSON"))
    }

    #[test]
    fn both_ledger_shapes() {
        assert_eq!(
            usage_json(LEDGERS_41.as_bytes()).unwrap(),
            r#"[{"ledger":"mobile_data","amount":-10.5,"kind":"usage","category":"mobile_data","quantity":1000,"unit":"MB","usageType":"debit"},{"ledger":"per-minute-voip","amount":-54.7404,"kind":"usage","category":"call_usage","quantity":14520,"unit":"sec","usageType":"voice"}]"#
        );
        assert_eq!(
            usage_json(LEDGERS_40.as_bytes()).unwrap(),
            r#"[{"ledger":"per-minute-voip","amount":-825,"kind":"usage","category":"call_usage"},{"ledger":"support","amount":-148,"kind":"usage"}]"#
        );
        let odd = br#"{"data":{"z\"q":{"amount":-0.00004,"usage":null},"b":{"amount":1,"usage":{"quantity":0}},"a":1,"a":{"amount":2}}}"#;
        assert_eq!(
            usage_json(odd).unwrap(),
            r#"[{"ledger":"a","amount":2,"kind":"adjustment"},{"ledger":"b","amount":1,"kind":"adjustment","quantity":0},{"ledger":"z\"q","amount":0,"kind":"adjustment"}]"#,
            "sorted, the last duplicate kept"
        );
        assert_eq!(usage_json(br#"{"data":{}}"#).unwrap(), "[]");
    }

    #[test]
    fn many_ledgers_in_descending_order() {
        let ledgers: Vec<String> = (0..20_000).rev().map(|i| format!(r#""l{i:05}":-{i}"#)).collect();
        let body = format!(r#"{{"data":{{{}}}}}"#, ledgers.join(","));
        let out = parse(&usage_json(body.as_bytes()).unwrap());
        assert_eq!(out.as_array().map(Vec::len), Some(20_000));
        assert_eq!((&out[0]["ledger"], &out[19_999]["amount"]), (&json!("l00000"), &json!(-19_999.0)));
    }

    #[test]
    fn ledger_entries_of_the_documented_reply() {
        let page = parse(&entries_page_json(ENTRIES.as_bytes(), "asked-for").unwrap());
        assert_eq!(
            page,
            numbers(json!({"data":[{"id":"202611-4b1e9c0d2a3f","ledger":"per-minute-voip","amount":6,"description":"US Hollywood",
                "created":"2016-05-13T08:54:00Z","kind":"usage","category":"call_usage","quantity":3,"unit":"sec","usageType":"voice",
                "accountId":"3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a","accountName":"Northwind Dental"}],
                "nextStartKey":null,"requestId":"req-fixture-0001"}))
        );
        let (rows, next) = entries_data_json(ENTRIES.as_bytes(), "asked-for").unwrap();
        assert_eq!((parse(&rows), next), (page["data"].clone(), None));
    }

    const ENTRIES_5: &str = include_str!("../../tests/fixtures/kazoo/ledger-entries-5.x.json");

    #[test]
    fn every_entry_kazoo_5_books_says_what_it_was() {
        let page = parse(&entries_page_json(ENTRIES_5.as_bytes(), "x").unwrap());
        let rows = page["data"].as_array().unwrap();
        let meaning: Vec<(&str, &str, &str)> =
            rows.iter().map(|r| (r["ledger"].as_str().unwrap(), r["kind"].as_str().unwrap(), r["category"].as_str().unwrap())).collect();
        assert_eq!(
            meaning,
            [
                ("per-minute-voip", "usage", "call_usage"),
                ("im", "usage", "features"),
                ("asr", "usage", "features"),
                ("recurring", "recurring", "trunks"),
                ("prorations", "recurring", "users"),
                ("rollovers", "rollover", "other"),
                ("payments", "payment", "other"),
            ]
        );
        assert_eq!(
            rows[0]["call"],
            json!({"from":"+12065550187@northwind-dental.sip.audian.com","to":"+14155550123@northwind-dental.sip.audian.com",
                "direction":"outbound","callerIdNumber":"+12065550187","calleeIdNumber":"+14155550123"})
        );
        assert_eq!(rows[1]["call"], json!({"direction":"outbound"}), "only what the metadata says");
        assert!(rows[2].get("call").is_none() && rows[2].get("item").is_none(), "empty metadata adds nothing");
        assert_eq!(rows[3]["item"], json!({"category":"limits","item":"outbound_trunks","name":"Outbound Trunks"}));
        assert_eq!(rows[4]["item"], json!({"category":"users","item":"user","name":"User"}));
        assert_eq!(rows[5]["amount"], json!(-120.0), "a month in deficit carries over a negative rollover");
    }

    #[test]
    fn metadata_is_free_form_and_never_costs_the_page() {
        let body = br#"{"data":[
            {"id":"a","amount":-1,"created":0,"source":{"service":"recurring"},"metadata":{"item":{"category":7,"item":"x"},"to":5,"from":null,"direction":["in"]}},
            {"id":"b","amount":-1,"created":0,"source":{"service":"recurring"},"metadata":"text"},
            {"id":"c","amount":-1,"created":0,"source":{"service":"recurring"},"metadata":{"item":"users"}},
            {"id":"d","amount":-1,"created":0,"source":{"service":"recurring"},"metadata":{"item":{"category":"devices","item":"sip_device","name":3}}}]}"#;
        let page = parse(&entries_page_json(body, "x").unwrap());
        for row in &page["data"].as_array().unwrap()[..3] {
            assert!(row.get("item").is_none() && row.get("call").is_none(), "{row}");
            assert_eq!(row["category"], json!("other"));
        }
        assert_eq!(page["data"][3]["item"], json!({"category":"devices","item":"sip_device"}));
        assert_eq!(page["data"][3]["category"], json!("devices"));
        let e = entries_page_json(br#"{"data":[{"id":"a","amount":-1,"created":0,"metadata":{"to":"a","to":"b"}}]}"#, "x").unwrap_err();
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data[0].metadata.to")), "a repeated member is still refused");
    }

    #[test]
    fn ledger_totals_say_their_kind() {
        let body = br#"{"data":{"rollovers":-120,"payments":{"amount":50},"recurring":{"amount":-166.92},"im":-0.3,"reseller":2}}"#;
        let kinds: Vec<(String, String)> = parse(&usage_json(body).unwrap())
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["ledger"].as_str().unwrap().to_owned(), u["kind"].as_str().unwrap().to_owned()))
            .collect();
        let want = [("im", "usage"), ("payments", "payment"), ("recurring", "recurring"), ("reseller", "adjustment"), ("rollovers", "rollover")];
        assert_eq!(kinds, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
        let out = parse(&usage_json(body).unwrap());
        assert_eq!(out[0]["category"], json!("features"), "messages are a feature");
        assert!(out.as_array().unwrap()[1..].iter().all(|u| u.get("category").is_none()), "recurring: its entries say; the rest buy nothing");
    }

    #[test]
    fn entries_without_a_source_or_period_take_the_ledger_asked_for_and_created() {
        let body = br#"{"next_start_key":"k2","data":[{"id":"e","amount":-1.23456,"created":"2026-03-01T10:00:00Z","source":{"service":""}},
            {"id":"f","amount":2,"period":{"start":null},"created":0,"source":null,"account":null,"usage":null,"description":null}]}"#;
        let (rows, next) = entries_data_json(body, "mobile\"data").unwrap();
        assert_eq!(next.as_deref(), Some("k2"));
        assert_eq!(
            parse(&rows),
            numbers(json!([
                {"id":"e","ledger":"mobile\"data","amount":-1.2346,"description":"","created":"2026-03-01T10:00:00Z","kind":"usage","category":"other"},
                {"id":"f","ledger":"mobile\"data","amount":2,"description":"","created":"0000-01-01T00:00:00Z","kind":"adjustment","category":"other"}
            ]))
        );
    }

    #[test]
    fn every_bad_field_names_its_path() {
        let usage_cases = [
            (r#"{"data":[]}"#, "data", "expected a JSON object"),
            (r#"{"data":{"voip":"-5"}}"#, "data.voip", "expected an amount of money or a JSON object"),
            (r#"{"data":{"voip":null}}"#, "data.voip", "expected an amount of money or a JSON object"),
            (r#"{"data":{"voip":1e12}}"#, "data.voip", "not an amount of money"),
            (r#"{"data":{"voip":{"usage":{}}}}"#, "data.voip.amount", "missing field `amount`"),
            (r#"{"data":{"voip":{"amount":"1"}}}"#, "data.voip.amount", "expected an amount of money"),
            (r#"{"data":{"voip":{"amount":1,"amount":2}}}"#, "data.voip.amount", "duplicate field"),
            (r#"{"data":{"voip":{"amount":1,"usage":[]}}}"#, "data.voip.usage", "expected a JSON object"),
            (r#"{"data":{"voip":{"amount":1,"usage":{"quantity":"3"}}}}"#, "data.voip.usage.quantity", "expected a number"),
            (r#"{"data":{"voip":{"amount":1,"usage":{"quantity":1e999}}}}"#, "data.voip.usage.quantity", "out of range"),
            (r#"{"data":{"voip":{"amount":1,"usage":{"type":5}}}}"#, "data.voip.usage.type", "expected a string"),
            (r#"{"data":{"voip":{"amount":1,"usage":{"unit":true}}}}"#, "data.voip.usage.unit", "expected a string"),
        ];
        for (body, path, says) in usage_cases {
            let e = usage_json(body.as_bytes()).unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{body}: {}", e.message);
            assert!(e.message.contains(says) && e.message.starts_with(path), "{body}: {}", e.message);
        }
        let entry = r#"{"id":"a","amount":1,"period":{"start":0}}"#;
        let entry_cases = [
            (r#"{"amount":1,"created":0}"#, "data[1].id", "missing field `id`"),
            (r#"{"id":"","amount":1,"created":0}"#, "data[1].id", "non-empty"),
            (r#"{"id":"b","created":0}"#, "data[1].amount", "missing field `amount`"),
            (r#"{"id":"b","amount":"6","created":0}"#, "data[1].amount", "expected an amount of money"),
            (r#"{"id":"b","amount":1}"#, "data[1].period", "missing field `period` (nor `created`)"),
            (r#"{"id":"b","amount":1,"period":{}}"#, "data[1].period", "missing field `period` (nor `created`)"),
            (r#"{"id":"b","amount":1,"period":{"start":"2026-02-30T00:00:00Z"}}"#, "data[1].period.start", "does not exist"),
            (r#"{"id":"b","amount":1,"period":5}"#, "data[1].period", "expected a JSON object"),
            (r#"{"id":"b","amount":1,"period":{"start":0},"created":true}"#, "data[1].created", "expected an RFC 3339"),
            (r#"{"id":"b","amount":1,"created":0,"description":7}"#, "data[1].description", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"source":"voip"}"#, "data[1].source", "expected a JSON object"),
            (r#"{"id":"b","amount":1,"created":0,"source":{"service":1}}"#, "data[1].source.service", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"account":[]}"#, "data[1].account", "expected a JSON object"),
            (r#"{"id":"b","amount":1,"created":0,"account":{"id":7}}"#, "data[1].account.id", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"account":{"name":{}}}"#, "data[1].account.name", "expected a string"),
            (r#"{"id":"b","amount":1,"created":0,"usage":{"quantity":true}}"#, "data[1].usage.quantity", "expected a number"),
            (r#"{"id":"b","amount":1,"created":0,"usage":{"unit":"s","unit":"m"}}"#, "data[1].usage.unit", "duplicate field"),
            ("7", "data[1]", "expected a JSON object"),
        ];
        for (bad, path, says) in entry_cases {
            let body = format!(r#"{{"request_id":"r","data":[{entry},{bad}]}}"#);
            let e = entries_page_json(body.as_bytes(), "voip").unwrap_err();
            assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some(path)), "{bad}: {}", e.message);
            assert!(e.message.contains(says) && e.message.starts_with(path), "{bad}: {}", e.message);
            assert_eq!(e.request_id.as_deref(), Some("r"));
        }
        let e = entries_page_json(br#"{"data":{}}"#, "voip").unwrap_err();
        assert_eq!((e.kind, e.path.as_deref()), (ErrorKind::Validation, Some("data")));
    }
}
