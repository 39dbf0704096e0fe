/** The four kinds of ledger entry. */
export type TransactionType = "debit" | "credit" | "recurring" | "usage";

/**
 * What money was, decided by the package (docs/kazoo.md, "What money means"): only `usage` and
 * `recurring` are spending. `usage`: money spent on something used (calls, messages, data, a
 * one-off charge); `recurring`: the plan's monthly charges and their prorations; `payment`: money
 * paid in, or a refund paid out; `rollover`: last month's balance carried over (negative after a
 * month in deficit); `adjustment`: a correction made by hand.
 */
export type MoneyKind = "usage" | "recurring" | "payment" | "rollover" | "adjustment";

/**
 * What a charge was for: Audian's five categories, then those Kazoo bills on its own; `other`
 * only when nothing says (and for payments, rollovers and adjustments, which buy nothing).
 */
export type ChargeCategory =
  | "phone_numbers"
  | "call_usage"
  | "features"
  | "number_porting"
  | "e911"
  | "users"
  | "devices"
  | "trunks"
  | "mobile_data"
  | "other";

/** One ledger entry, checked and normalized. */
export interface Transaction {
  id: string;
  /** Dollars (the account's currency), rounded to 0.0001. */
  amount: number;
  /** The description, else Kazoo's `reason`, else "". */
  description: string;
  /** RFC 3339 in UTC, e.g. "2026-02-01T00:00:00Z". */
  created: string;
  type: TransactionType;
  /**
   * What the money was (the same meaning on every dialect: Audian's `type` maps to it). Always
   * set by this package; optional in the type so objects shaped like Audian's documented rows
   * still type-check.
   */
  kind?: MoneyKind;
  /** What the charge was for; always set by this package (optional as `kind`). */
  category?: ChargeCategory;
  /** Kazoo's machine reason (e.g. "per_minute_call"), when the server sent one. */
  reason?: string;
  /** A payment's processing state ("completed", "pending", "failed"), when the server sent one. */
  status?: string;
  /**
   * true on a refund of a payment (Kazoo 4.3+: a payment row with a negative amount): money
   * going back out, typed "debit", never a credit.
   */
  refund?: true;
  /** Why a payment failed, in the payment processor's words (Kazoo's `bookkeeper.message`). */
  message?: string;
}

/** One page of `transactions()`. */
export interface TransactionPage {
  data: Transaction[];
  /** Pass as `startKey` for the next page; null on the last page. */
  nextStartKey: string | null;
  requestId: string | null;
}

export interface Balance {
  /** May be negative. */
  balance: number;
  /** ISO 4217 code. */
  currency: string;
}

/** A priced item of a service plan category (Kazoo plan documents). */
export interface PlanItem {
  name?: string;
  rate?: number;
  /** Tiered rates: quantity threshold → rate. */
  rates?: Record<string, number>;
  activation_charge?: number;
  minimum?: number;
}

export interface ServicePlan {
  id: string;
  name: string;
  description?: string;
  /** The plan's group on Kazoo 4.3+'s `/services/available`, e.g. "Base Plan". */
  category?: string;
  /** Category → item (or "_all") → pricing, when the server sends the plan document. */
  plan?: Record<string, Record<string, PlanItem>>;
}

export interface Account {
  id: string;
  name: string;
  /** false when the account is suspended. */
  enabled: boolean;
  /** RFC 3339 in UTC. */
  created?: string;
}

/**
 * A token, or a function the client asks for one: for its first call, and again after a 401
 * (that call is then sent once more; a second 401 is reported).
 */
export type AuthToken = string | (() => string | Promise<string>);

export interface ClientOptions {
  accountId: string;
  /** Sent only as the X-Auth-Token header. */
  authToken: AuthToken;
  /** Default "https://api.audian.com:8443"; http: only to loopback. */
  baseUrl?: string | undefined;
  /** Per attempt; default 15000. */
  timeoutMs?: number | undefined;
  /** Extra attempts after a network error, timeout, 429, 502, 503 or 504; default 2. */
  maxRetries?: number | undefined;
  /** ISO 4217 code for balances without one; default "USD". */
  currency?: string | undefined;
  /** Largest response body read; default 64 MiB. */
  maxResponseBytes?: number | undefined;
  /**
   * Default false. When true, every method that changes the account rejects with kind "config"
   * and sends nothing. A promise of this client only: Kazoo has no read-only tokens.
   */
  readOnly?: boolean | undefined;
  /**
   * The server's version when the page knows it: a Kazoo version ("5.4.32": Kazoo 4.3+/5.x;
   * "4.2.x", "3.22": Kazoo 3.22–4.2) or "audian" (Audian's documented API). The first calls then
   * go straight to that dialect's endpoints, all at once, with no 404 probe. Default: learned
   * from the first reply.
   */
  serverVersion?: string | undefined;
}

/** What both sign-in forms accept besides the credentials. */
export interface SignInSettings {
  /**
   * Default false. As for the constructor: a promise of this client only (methods that change the
   * account reject with kind "config", sending nothing); nothing of it is sent, since Kazoo has no
   * read-only tokens. The token itself may do whatever the user (or API key) may do.
   */
  readOnly?: boolean | undefined;
  /** Default "https://api.audian.com:8443"; http: only to loopback. */
  baseUrl?: string | undefined;
  /** Per attempt; default 15000. */
  timeoutMs?: number | undefined;
  /** Extra attempts; a sign-in is sent again only after a 429 or 503; default 2. */
  maxRetries?: number | undefined;
  /** ISO 4217 code for balances without one; default "USD". */
  currency?: string | undefined;
  /** Largest response body read; default 64 MiB. */
  maxResponseBytes?: number | undefined;
  /** Aborts the sign-in. */
  signal?: AbortSignal | undefined;
}

/** Sign in with an API key (PUT /v2/api_auth). */
export interface ApiKeySignIn extends SignInSettings {
  /** 64 characters; sent only in the sign-in body. */
  apiKey: string;
  username?: never;
  password?: never;
  accountName?: never;
  accountRealm?: never;
  phoneNumber?: never;
  method?: never;
}

/** Sign in as a user (PUT /v2/user_auth); exactly one of accountName, accountRealm, phoneNumber. */
export type UserSignIn = SignInSettings & {
  username: string;
  /** Never sent: only the md5 (or sha1) of `lowercase(username):password` is. */
  password: string;
  /** Default "md5". */
  method?: "md5" | "sha" | undefined;
  apiKey?: never;
} & (
  | { accountName: string; accountRealm?: never; phoneNumber?: never }
  | { accountRealm: string; accountName?: never; phoneNumber?: never }
  | { phoneNumber: string; accountName?: never; accountRealm?: never }
);

export type SignInOptions = ApiKeySignIn | UserSignIn;

/** `signOut(options)`. */
export interface SignOutOptions {
  /**
   * Default false. True ends every session of the signed-in user, on every device
   * (`reset_signature_secret`); rejects with kind "config", sending nothing, when `ownerId` is null.
   */
  everywhere?: boolean | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface TransactionQuery extends CallOptions {
  from?: Date | string | undefined;
  /** A bare `YYYY-MM-DD` means the end of that day. */
  to?: Date | string | undefined;
  pageSize?: number | undefined;
  startKey?: string | undefined;
}

export type AudianErrorKind =
  | "config" | "network" | "timeout" | "aborted" | "unauthorized" | "forbidden" | "not_found"
  | "rate_limited" | "server" | "http" | "api" | "decode" | "validation"
  /** Extension: the card was declined when adding credit; no money moved. */
  | "payment_declined";

/**
 * The server's name for a failure: the top-level `message` of Kazoo's error envelope, as sent.
 * The names below are those Crossbar sends for its system errors (cb_context.erl), "validation
 * error" for a 400 whose per-field codes (e.g. "date_range") are listed in `message`, "locked" for
 * a 423, and "not_offered", set by this package when no path of a resource answered (`not_found`).
 * Any other string may come (older Kazoo releases and modules send short phrases such as
 * "bad identifier"), so match the names you handle and treat the rest alike.
 */
export type AudianErrorCode =
  | "invalid_credentials" | "forbidden" | "bad_identifier" | "faulty_request" | "too_many_requests"
  | "no_credit" | "no_payment_token" | "validation error" | "locked" | "invalid_method" | "parse_error"
  | "unspecified_fault" | "not_implemented" | "datastore_missing" | "datastore_missing_view"
  | "datastore_conflict" | "datastore_unreachable" | "datastore_fault" | "not_offered"
  | (string & {});

/** Every rejection and throw of this package is an AudianError. */
export declare class AudianError extends Error {
  readonly name: "AudianError";
  readonly kind: AudianErrorKind;
  /** The HTTP status, where there was one. */
  readonly status?: number;
  /** The envelope's request_id (or X-Request-Id), where there was one. */
  readonly requestId?: string;
  /** For validation errors: where in the body, e.g. "data[3].amount". */
  readonly path?: string;
  /** The server's name for the failure (its error envelope's `message`), where it sent one. */
  readonly code?: AudianErrorCode;
  /** Extension: a write (addCredit, updateBillingSettings) may have been carried out and was not sent again; the message says what to check. */
  readonly outcomeUnknown?: true;
  toJSON(): { name: "AudianError"; kind: AudianErrorKind; message: string; status?: number; requestId?: string; path?: string; code?: AudianErrorCode; outcomeUnknown?: true };
}

/** `addCredit()`: an amount in the account's currency, more than 0, at most 10,000, whole cents. */
export interface AddCreditOptions extends CallOptions {
  amount: number;
}

/** A document the server wrote for a top-up (Kazoo's transaction, or its ledger entry). */
export interface CreditRecord {
  id: string;
  amount: number;
  /** A transaction's state: "completed" once the card was charged. */
  status?: string;
  description?: string;
}

/** What `addCredit()` resolves to: the credit was added. */
export interface Credit {
  amount: number;
  /** The card payment (Kazoo 4.3+; absent where the install books credit without a processor, and on Kazoo 4.2). */
  transaction?: CreditRecord;
  /** The credit booked to the balance (Kazoo 4.3+). */
  ledgerEntry?: CreditRecord;
  /** The new balance, when one read right after confirms it. */
  balance?: number;
}

/** Auto-recharge: when the balance falls below `threshold`, the card is charged `amount` (at most once a day). */
export interface AutoRecharge {
  threshold: number;
  amount: number;
}

/** The low-balance email alert. */
export interface LowBalanceAlert {
  enabled: boolean;
  threshold: number;
}

/** What `billingSettings()` and `updateBillingSettings()` resolve to; `null`: never set up. */
export interface BillingSettings {
  autoRecharge: AutoRecharge | null;
  lowBalanceAlert: LowBalanceAlert | null;
}

/** `updateBillingSettings()`: only what is given changes; `autoRecharge: null` turns auto-recharge off. */
export interface BillingSettingsUpdate extends CallOptions {
  autoRecharge?: AutoRecharge | null;
  lowBalanceAlert?: LowBalanceAlert;
}

/** A card on file. */
export interface Card {
  /** "Visa", "MasterCard", … ("Card" when the processor does not say). */
  brand: string;
  lastFour: string;
  /** "MM/YYYY". */
  expires: string;
  expired: boolean;
  default: boolean;
}

/** What `paymentMethod()` resolves to (or `null` where the server has no card service). */
export interface PaymentMethod {
  cards: Card[];
}

/** A query of `usage()`: the range whose spending is totalled (at most 31 days and 1 hour). */
export interface UsageQuery extends CallOptions {
  from?: Date | string | undefined;
  /** A bare `YYYY-MM-DD` means the end of that day. */
  to?: Date | string | undefined;
}

/** One priced item the account pays for each month (invoices flattened). */
export interface BillingItem {
  /** Kazoo's category, e.g. "phone_numbers", "devices", "limits". */
  category: string;
  /** The item within the category, e.g. "did_us", "sip_device". */
  item: string;
  name?: string;
  quantity: number;
  /** How many of `quantity` are billed (some may be free or discounted to zero). */
  billable?: number;
  /** Price of one billable unit. */
  rate?: number;
  /** Discount taken off this item's total. */
  discount?: number;
  /** What this item costs each month, after discounts. */
  total: number;
}

/** What the account pays for each month (`billingSummary()`). */
export interface BillingSummary {
  items: BillingItem[];
  /** The monthly recurring total. */
  recurringTotal: number;
  /** Charged at once (activation charges), when the server says. */
  dueToday?: number;
  /** RFC 3339 in UTC: when the next billing cycle starts, when the server says. */
  nextBillingDate?: string;
  inGoodStanding?: boolean;
  /**
   * Whether the account may spend, as the server says (Kazoo 4.3+'s `status`; ≤ 4.2's
   * `in_good_standing` gives `acceptable` only). Not acceptable: the server's `reason` (e.g.
   * "bookkeeper_rejection") and `message` (words for the customer).
   */
  standing?: Standing;
  /** The ids of the account's own service plans, sorted (`servicePlans()` names them: it lists the plans offered). */
  plans?: string[];
  /** How the account is billed: Kazoo's "default" (the ledgers), or a card bookkeeper such as "braintree". */
  bookkeeper?: string;
  /** ISO 4217 code. */
  currency: string;
}

/** The account's standing (`BillingSummary.standing`). */
export interface Standing {
  acceptable: boolean;
  /** The server's reason code, e.g. "good standing", "bookkeeper_rejection". */
  reason?: string;
  /** The server's words for the customer, when not acceptable. */
  message?: string;
}

/** One ledger's spending in a range (`usage()`). */
export interface LedgerUsage {
  /** The ledger name, e.g. "per-minute-voip". */
  ledger: string;
  /** As Kazoo keeps it: negative = money spent, positive = money in. */
  amount: number;
  /** What the ledger's money is: only "usage" and "recurring" are spending. */
  kind: MoneyKind;
  /** What all of the ledger's usage is for, when its name says (calls, messages, data); a recurring ledger's entries say. */
  category?: ChargeCategory;
  /** How much was used (minutes, megabytes…), when the server says. */
  quantity?: number;
  /** The unit of `quantity`, e.g. "sec" or "MB". */
  unit?: string;
  /** Kazoo's usage type, e.g. "voice". */
  usageType?: string;
}

/** One entry of a ledger (a call, a monthly charge…). */
export interface LedgerEntry {
  id: string;
  ledger: string;
  /** As Kazoo keeps it: negative = money spent. */
  amount: number;
  description: string;
  /** RFC 3339 in UTC: when the period of this entry started. */
  created: string;
  /** What the money was: a rollover or a payment is never spending. */
  kind: MoneyKind;
  /** What the charge was for (from the service-plan item, the ledger, the description). */
  category: ChargeCategory;
  quantity?: number;
  unit?: string;
  usageType?: string;
  /** The (sub-)account the entry belongs to, when the server says. */
  accountId?: string;
  accountName?: string;
  /** The service-plan item a recurring or proration entry bills (Kazoo's `metadata.item`). */
  item?: LedgerItem;
  /** A call's details (jonny5's `metadata`), each when the server gives it. */
  call?: LedgerCall;
}

/** The service-plan item an entry bills, e.g. `{category: "limits", item: "outbound_trunks", name: "Outbound Trunks"}`. */
export interface LedgerItem {
  /** Kazoo's plan category, e.g. "users", "limits", "number_services". */
  category: string;
  item: string;
  name?: string;
}

/** A call's details on a `per-minute-voip` entry. */
export interface LedgerCall {
  /** SIP From, e.g. "+12065550100@realm". */
  from?: string;
  /** SIP To. */
  to?: string;
  /** "inbound" or "outbound". */
  direction?: string;
  callerIdNumber?: string;
  calleeIdNumber?: string;
}

/** One page of `ledgerEntries()`. */
export interface LedgerEntryPage {
  data: LedgerEntry[];
  /** Pass as `startKey` for the next page; null on the last page. */
  nextStartKey: string | null;
  requestId: string | null;
}
