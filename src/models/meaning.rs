//! What money means, decided once: every ledger entry, ledger total and transaction gets a
//! `kind` (what the money was: spending, a payment, last month carried over, an adjustment) and a
//! `category` (what was bought), so a page only presents them.
//!
//! Kinds, and what counts as spending:
//! - `usage`: money spent on something used (calls, messages, transcription, data, one-off
//!   charges such as an activation fee);
//! - `recurring`: the monthly charges of the service plan, and their prorations;
//! - `payment`: money paid in (top-ups, card payments, credits) or paid back out (refunds);
//! - `rollover`: last month's balance carried into this one (negative after a month in deficit);
//! - `adjustment`: a correction made by hand (credit or debit).
//!
//! Only `usage` and `recurring` are charges. Where the kind comes from, first match wins:
//! the ledger that wrote the entry (Kazoo 4.3+: `per-minute-voip`, `im`, `asr`, `mobile_data` are
//! usage; `recurring`, `prorations`, `services` recurring; `payments`, `rollovers`,
//! `adjustments` as named; a ledger of another name is usage when it takes money, an adjustment
//! when it gives), or, for a row of `/transactions`, its machine `reason` and its `type`.
//!
//! Categories (see [`Category`]) come from the service-plan item Kazoo bills
//! (`metadata.item.category` and `item` of a recurring entry), else the ledger (calls, data,
//! messages), else Kazoo ≤ 4.2's machine `reason` (after E911 or porting named in the
//! description: a port-in is also a number activation), else the words of the description
//! (Kazoo ≤ 4.2 and Audian's page carry nothing better), else a row typed `usage` is call usage
//! (Audian's page: usage is calls); `other` is left for what none of them tells.

/// What the money of an entry was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Money spent on something used, or a one-off charge.
    Usage,
    /// A monthly charge of the service plan, or its proration.
    Recurring,
    /// Money paid in, or a refund paid out.
    Payment,
    /// Last month's balance carried over.
    Rollover,
    /// A correction made by hand.
    Adjustment,
}

impl Kind {
    /// The name written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Usage => "usage",
            Kind::Recurring => "recurring",
            Kind::Payment => "payment",
            Kind::Rollover => "rollover",
            Kind::Adjustment => "adjustment",
        }
    }
}

/// What a charge was for: Audian's five categories, the ones Kazoo bills on its own, and
/// `other` for what nothing says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Phone numbers (DIDs, toll-free, carriers).
    PhoneNumbers,
    /// Calls.
    CallUsage,
    /// Features: voicemail, fax, conferences, messaging, transcription, caller ID name, apps.
    Features,
    /// Number porting.
    NumberPorting,
    /// Emergency service.
    E911,
    /// Users (seats).
    Users,
    /// Devices.
    Devices,
    /// Trunks (Kazoo's `limits`).
    Trunks,
    /// Mobile data.
    MobileData,
    /// Nothing says what it was for.
    Other,
}

impl Category {
    /// The name written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PhoneNumbers => "phone_numbers",
            Category::CallUsage => "call_usage",
            Category::Features => "features",
            Category::NumberPorting => "number_porting",
            Category::E911 => "e911",
            Category::Users => "users",
            Category::Devices => "devices",
            Category::Trunks => "trunks",
            Category::MobileData => "mobile_data",
            Category::Other => "other",
        }
    }
}

/// The ledgers Kazoo (and its bookkeepers) write, with the kind of their money and, where the
/// name says it, the category of all their usage.
const LEDGERS: [(&[&str], Kind, Option<Category>); 7] = [
    (&["per-minute-voip", "per-minute"], Kind::Usage, Some(Category::CallUsage)),
    (&["im", "asr"], Kind::Usage, Some(Category::Features)),
    (&["mobile_data", "mobile"], Kind::Usage, Some(Category::MobileData)),
    (&["recurring", "prorations", "services", "subscriptions"], Kind::Recurring, None),
    (&["payments"], Kind::Payment, None),
    (&["rollovers"], Kind::Rollover, None),
    (&["adjustments"], Kind::Adjustment, None),
];

/// The entry of [`LEDGERS`] for `ledger`.
fn known_ledger(ledger: &str) -> Option<&'static (&'static [&'static str], Kind, Option<Category>)> {
    LEDGERS.iter().find(|(names, _, _)| names.contains(&ledger))
}

/// The kind of an entry of ledger `ledger` whose amount is `units` (negative = money spent).
///
/// ```
/// use audian_billing::models::meaning::{ledger_kind, Kind};
/// assert_eq!(ledger_kind("rollovers", -1_200_000), Kind::Rollover);
/// assert_eq!(ledger_kind("prorations", -10_000), Kind::Recurring);
/// assert_eq!(ledger_kind("reseller-fees", 5), Kind::Adjustment);
/// ```
pub fn ledger_kind(ledger: &str, units: i64) -> Kind {
    match known_ledger(ledger) {
        Some((_, kind, _)) => *kind,
        None if units < 0 => Kind::Usage,
        None => Kind::Adjustment,
    }
}

/// The category a ledger's name gives its entries, when it names one.
pub fn ledger_category(ledger: &str) -> Option<Category> {
    known_ledger(ledger).and_then(|(_, _, category)| *category)
}

/// Kazoo's service-plan categories (and items of several-kind categories) as charge categories;
/// an item is looked up before its category.
const ITEMS: [(&[&str], Category); 2] = [(&["e911"], Category::E911), (&["port", "port_request"], Category::NumberPorting)];
/// See [`ITEMS`].
const PLAN_CATEGORIES: [(&[&str], Category); 6] = [
    (&["phone_numbers", "number_carriers"], Category::PhoneNumbers),
    (&["port_request"], Category::NumberPorting),
    (&["users"], Category::Users),
    (&["devices"], Category::Devices),
    (&["limits"], Category::Trunks),
    (
        &[
            "number_services",
            "voicemails",
            "faxes",
            "conferences",
            "conferencing",
            "qubicle",
            "account_apps",
            "user_apps",
            "ui_apps",
            "branding",
            "ips",
            "billing",
            "accounts",
        ],
        Category::Features,
    ),
];

/// The category `name` has in `table`.
fn lookup(table: &[(&[&str], Category)], name: &str) -> Option<Category> {
    table.iter().find(|(names, _)| names.contains(&name)).map(|(_, category)| *category)
}

/// The category of a service-plan item (`metadata.item`, `/services/summary`'s items): Kazoo's
/// plan `category`, and its `item` where the category holds several kinds (`number_services`).
///
/// ```
/// use audian_billing::models::meaning::{item_category, Category};
/// assert_eq!(item_category("limits", "twoway_trunks"), Some(Category::Trunks));
/// assert_eq!(item_category("number_services", "e911"), Some(Category::E911));
/// assert_eq!(item_category("number_services", "port"), Some(Category::NumberPorting));
/// assert_eq!(item_category("a_reseller_thing", "x"), None);
/// ```
pub fn item_category(category: &str, item: &str) -> Option<Category> {
    lookup(&ITEMS, item).or_else(|| lookup(&PLAN_CATEGORIES, category))
}

/// Kazoo ≤ 4.2's machine reasons that name a category (`sub_account_` variants alike).
const REASONS: [(&[&str], Category); 4] = [
    (&["per_minute_call"], Category::CallUsage),
    (&["feature_activation"], Category::Features),
    (&["number_activation", "numbers_activation"], Category::PhoneNumbers),
    (&["mobile"], Category::MobileData),
];

/// The category Kazoo ≤ 4.2's machine `reason` gives a row, when it names one.
pub fn reason_category(reason: &str) -> Option<Category> {
    lookup(&REASONS, reason.strip_prefix("sub_account_").unwrap_or(reason))
}

/// Words of a description and the category each one names, in the order they are tried (the
/// more specific first: "E911 service (12 numbers)" is E911, "Number port-in" porting).
const WORDS: [(Category, &[&str]); 8] = [
    (Category::E911, &["e911", "911", "emergency"]),
    (Category::NumberPorting, &["port", "ports", "porting", "ported", "portin", "loa"]),
    (Category::PhoneNumbers, &["number", "numbers", "did", "dids", "tollfree", "toll", "vanity"]),
    (Category::Trunks, &["trunk", "trunks"]),
    (Category::Users, &["user", "users", "seat", "seats"]),
    (Category::Devices, &["device", "devices", "handset", "handsets"]),
    (
        Category::Features,
        &[
            "voicemail",
            "voicemails",
            "mailbox",
            "fax",
            "faxes",
            "conference",
            "conferences",
            "conferencing",
            "transcription",
            "recording",
            "sms",
            "mms",
            "message",
            "messages",
            "cnam",
            "ivr",
            "queue",
            "queues",
            "feature",
            "features",
        ],
    ),
    (Category::CallUsage, &["call", "calls", "minute", "minutes", "min", "outbound", "inbound", "international"]),
];

/// For each first character (`0`–`9`, then `a`–`z`, case-insensitive), the lengths (bit n for
/// n bytes) of the names in [`WORDS`] that start with it.
// Built when compiling: an index out of range (a name empty, not a lowercase letter or digit
// first, or over 15 bytes) fails the build, so nothing here can panic at run time.
#[allow(clippy::indexing_slicing)]
const FIRSTS: [u16; 36] = {
    let mut table = [0u16; 36];
    let mut c = 0;
    while c < WORDS.len() {
        let names = WORDS[c].1;
        let mut n = 0;
        while n < names.len() {
            let name = names[n].as_bytes();
            table[first_slot(name[0])] |= 1 << name.len();
            n += 1;
        }
        c += 1;
    }
    table
};

/// The slot of an ASCII letter or digit in [`FIRSTS`] (any other byte: past the table).
const fn first_slot(byte: u8) -> usize {
    match byte.to_ascii_lowercase() {
        b @ b'0'..=b'9' => (b - b'0') as usize,
        b @ b'a'..=b'z' => (b - b'a') as usize + 10,
        _ => 36,
    }
}

/// Whether some name in [`WORDS`] has `word`'s first character and length.
fn may_name(word: &str) -> bool {
    let lengths = word.as_bytes().first().and_then(|&b| FIRSTS.get(first_slot(b))).copied().unwrap_or(0);
    word.len() < 16 && lengths & (1 << word.len()) != 0
}

/// The category the words of a description name, when one does (case-insensitive whole words).
///
/// ```
/// use audian_billing::models::meaning::{described_category, Category};
/// assert_eq!(described_category("E911 service (12 numbers)"), Some(Category::E911));
/// assert_eq!(described_category("Number port-in: 3 numbers"), Some(Category::NumberPorting));
/// assert_eq!(described_category("Monthly fee"), None);
/// ```
pub fn described_category(text: &str) -> Option<Category> {
    // One pass, no allocation (a transactions page can hold 100,000 rows): the earliest entry of
    // WORDS that any word names. Most words of a description name nothing: the table of first
    // letters and lengths passes over them without a look at the lists.
    let mut best: Option<usize> = None;
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| may_name(w)) {
        let limit = best.unwrap_or(WORDS.len());
        if let Some(i) = WORDS.iter().take(limit).position(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(word))) {
            best = Some(i);
        }
    }
    best.and_then(|i| WORDS.get(i)).map(|(category, _)| *category)
}

/// The kind of a `/transactions` row from its `type` (as written), machine `reason` and whether
/// it is a refund.
///
/// ```
/// use audian_billing::models::meaning::{transaction_kind, Kind};
/// assert_eq!(transaction_kind("credit", Some("database_rollup"), false), Kind::Rollover);
/// assert_eq!(transaction_kind("debit", None, true), Kind::Payment);
/// assert_eq!(transaction_kind("debit", Some("number_activation"), false), Kind::Usage);
/// ```
pub fn transaction_kind(kind: &str, reason: Option<&str>, refund: bool) -> Kind {
    match reason.map(|r| r.strip_prefix("sub_account_").unwrap_or(r)) {
        Some("database_rollup") => return Kind::Rollover,
        Some("admin_discretion") => return Kind::Adjustment,
        _ => {}
    }
    match kind {
        _ if refund => Kind::Payment,
        "credit" => Kind::Payment,
        "recurring" => Kind::Recurring,
        _ => Kind::Usage,
    }
}

/// The category of a charge: from its service-plan item, its ledger, E911 or porting named in its
/// description, its machine reason, the rest of its description, in that order. Payments,
/// rollovers and adjustments buy nothing: `other`.
pub fn category(kind: Kind, item: Option<(&str, &str)>, ledger: Option<&str>, reason: Option<&str>, description: &str) -> Category {
    if !matches!(kind, Kind::Usage | Kind::Recurring) {
        return Category::Other;
    }
    // A port-in or an E911 activation is also a "number activation": their words come first.
    let words = described_category(description);
    let specific = words.filter(|c| matches!(c, Category::E911 | Category::NumberPorting));
    item.and_then(|(category, item)| item_category(category, item))
        .or_else(|| ledger.and_then(ledger_category))
        .or(specific)
        .or_else(|| reason.and_then(reason_category))
        .or(words)
        .unwrap_or(Category::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ledger_kazoo_writes_has_its_kind() {
        let cases = [
            ("per-minute-voip", -5, Kind::Usage),
            ("im", -1, Kind::Usage),
            ("asr", -1, Kind::Usage),
            ("mobile_data", -1, Kind::Usage),
            ("recurring", -1, Kind::Recurring),
            ("prorations", -1, Kind::Recurring),
            ("services", -1, Kind::Recurring),
            ("payments", 100, Kind::Payment),
            ("payments", -100, Kind::Payment),
            ("rollovers", -1_200_000, Kind::Rollover),
            ("rollovers", 1_200_000, Kind::Rollover),
            ("adjustments", -3, Kind::Adjustment),
            ("a-reseller-ledger", -3, Kind::Usage),
            ("a-reseller-ledger", 3, Kind::Adjustment),
            ("a-reseller-ledger", 0, Kind::Adjustment),
        ];
        for (ledger, units, kind) in cases {
            assert_eq!(ledger_kind(ledger, units), kind, "{ledger} {units}");
        }
    }

    #[test]
    fn every_service_plan_category_is_known() {
        let cases = [
            ("phone_numbers", "did_us", Category::PhoneNumbers),
            ("phone_numbers", "e911", Category::E911),
            ("number_carriers", "bandwidth", Category::PhoneNumbers),
            ("number_services", "e911", Category::E911),
            ("number_services", "cnam", Category::Features),
            ("number_services", "port", Category::NumberPorting),
            ("port_request", "port_request", Category::NumberPorting),
            ("users", "user", Category::Users),
            ("devices", "sip_device", Category::Devices),
            ("limits", "outbound_trunks", Category::Trunks),
            ("voicemails", "mailbox", Category::Features),
            ("faxes", "mailbox", Category::Features),
            ("conferences", "conference", Category::Features),
            ("qubicle", "recipients", Category::Features),
            ("account_apps", "callflows", Category::Features),
            ("user_apps", "voip", Category::Features),
            ("branding", "whitelabel", Category::Features),
            ("ips", "dedicated", Category::Features),
            ("billing", "invoice", Category::Features),
            ("accounts", "sub_account", Category::Features),
        ];
        for (category, item, want) in cases {
            assert_eq!(item_category(category, item), Some(want), "{category}/{item}");
        }
        assert_eq!(item_category("whatever", "thing"), None);
    }

    #[test]
    fn the_item_wins_over_the_ledger_and_the_words() {
        // "Outbound Trunks" is a trunk, not a call, because its item says so.
        let trunks = category(Kind::Recurring, Some(("limits", "outbound_trunks")), Some("recurring"), None, "Outbound Trunks");
        assert_eq!(trunks, Category::Trunks);
        assert_eq!(category(Kind::Usage, None, Some("per-minute-voip"), None, "US Toll-Free Inbound"), Category::CallUsage);
        assert_eq!(category(Kind::Usage, None, Some("im"), None, "outbound from 1 to 2"), Category::Features);
        assert_eq!(category(Kind::Usage, None, Some("asr"), None, ""), Category::Features);
        assert_eq!(category(Kind::Usage, None, Some("mobile_data"), None, ""), Category::MobileData);
        assert_eq!(category(Kind::Recurring, None, Some("recurring"), None, "Monthly fee"), Category::Other, "nothing says");
        assert_eq!(category(Kind::Usage, None, Some("reseller"), None, "Fee"), Category::Other, "an unknown ledger is not a call");
    }

    #[test]
    fn money_that_buys_nothing_has_no_category() {
        for kind in [Kind::Payment, Kind::Rollover, Kind::Adjustment] {
            assert_eq!(category(kind, Some(("users", "user")), Some("per-minute-voip"), Some("per_minute_call"), "calls"), Category::Other);
        }
    }

    #[test]
    fn rows_of_older_kazoo_and_audians_page() {
        assert_eq!(transaction_kind("credit", Some("admin_discretion"), false), Kind::Adjustment);
        assert_eq!(transaction_kind("debit", Some("sub_account_admin_discretion"), false), Kind::Adjustment);
        assert_eq!(transaction_kind("credit", Some("topup"), false), Kind::Payment);
        assert_eq!(transaction_kind("credit", None, false), Kind::Payment);
        assert_eq!(transaction_kind("recurring", None, false), Kind::Recurring);
        assert_eq!(transaction_kind("usage", Some("per_minute_call"), false), Kind::Usage);
        assert_eq!(transaction_kind("debit", Some("unknown"), false), Kind::Usage);
        let usage = |reason: Option<&str>, text: &str| category(Kind::Usage, None, None, reason, text);
        assert_eq!(usage(Some("sub_account_per_minute_call"), "Oakland: Inbound toll-free call"), Category::CallUsage);
        assert_eq!(usage(Some("number_activation"), "E911 activation"), Category::E911, "a port or E911 is more than its reason");
        assert_eq!(usage(Some("number_activation"), "Toll-free rental: call us"), Category::PhoneNumbers, "the reason before other words");
        assert_eq!(usage(None, "SMS charges"), Category::Features);
        assert_eq!(usage(None, "Call charges: 12 minutes"), Category::CallUsage);
        assert_eq!(usage(None, "Number port-in fee"), Category::NumberPorting);
        assert_eq!(usage(None, "Something"), Category::Other, "no guess here: a `usage` row is a call where its type says so (transaction.rs)");
        assert_eq!(category(Kind::Recurring, None, None, None, "Monthly service plan: Business Voice"), Category::Other);
        assert_eq!(category(Kind::Recurring, None, None, None, "DID rental (12 numbers)"), Category::PhoneNumbers);
        assert_eq!(category(Kind::Recurring, None, None, None, "E911 service (12 numbers)"), Category::E911);
        assert_eq!(category(Kind::Recurring, None, None, None, "Voicemail transcription"), Category::Features);
    }

    #[test]
    fn words_are_whole_words() {
        assert_eq!(described_category("Portal access"), None);
        assert_eq!(described_category("Minimum commitment"), None);
        assert_eq!(described_category("Two-Way TRUNK"), Some(Category::Trunks));
        assert_eq!(described_category(""), None);
    }

    #[test]
    fn the_first_letter_and_length_filter_lets_every_name_through() {
        for (category, names) in WORDS {
            for name in names {
                let first = WORDS.iter().find(|(_, n)| n.contains(name)).map(|(c, _)| *c);
                assert_eq!(first, Some(category));
                for word in [name.to_string(), name.to_ascii_uppercase()] {
                    assert_eq!(described_category(&format!("a {word} b")), Some(category), "{word}");
                }
            }
        }
        for other in ["charges", "Received", "rental", "you", "x", "interoperability", "voicemailbox", "9"] {
            assert!(!may_name(other), "{other}");
        }
        assert!(may_name("Porch"), "same first letter and length as a name: the lists decide");
        assert_eq!(described_category("Porch"), None);
    }
}
