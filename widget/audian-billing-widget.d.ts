// Types of `audian-billing/widget`: the <audian-billing-widget> element, its events and the tag
// name map. JSX typings for React 19 are a separate entry, `audian-billing/widget/react`, so that
// non-React users need no @types/react.
import type { AudianErrorCode, AudianErrorKind, AuthToken, BillingClient, BillingSettings, Standing } from "../audian_billing.js";

// The client, from the element's own module (one .wasm for both).
export { BillingClient, AudianError } from "../audian_billing.js";
/** Resolves once the package's .wasm is ready: the element's own initialisation, shared. */
export declare function init(): Promise<import("../audian_billing.js").InitOutput>;

/** The widget's sections, in their default order (the `sections` attribute takes these). */
export type AudianBillingSection =
  | "status" | "balance" | "cycle" | "categories" | "billing-summary" | "usage" | "chart" | "transactions" | "plans"
  /** Only with the `manage` attribute: auto-recharge, the low-balance alert, the card on file. */
  | "settings";

/** `data-state` of a section once settled: `omitted` when the server offers no such data. */
export type AudianBillingSectionState = "ready" | "error" | "omitted";

/** detail of `audian-billing-load`: every section has settled. */
export interface AudianBillingLoadDetail {
  accountId: string;
  sections: Partial<Record<AudianBillingSection, AudianBillingSectionState>>;
  /**
   * The account's standing as the server said it (`billingSummary().standing`), or null where it
   * says nothing. Not acceptable: the page shows a banner; `reason` is the server's code.
   */
  standing: Standing | null;
}

/** detail of `audian-billing-error`: for developers (the page shows words for customers). */
export interface AudianBillingErrorDetail {
  /** The AudianError kind; "unknown" for anything else (e.g. the .wasm failed to load). */
  kind: AudianErrorKind | "unknown";
  status: number | null;
  requestId: string | null;
  /** The server's name for the failure (`AudianError.code`, e.g. "bad_identifier"); null without one. */
  code: AudianErrorCode | null;
  /** The section that failed; null when the widget could not start. */
  section: AudianBillingSection | null;
  message: string;
}

/** detail of `audian-billing-unauthorized`: set a new `authToken` or `client` and the widget resumes. */
export interface AudianBillingUnauthorizedDetail {
  status: number;
  requestId: string | null;
}

/** detail of `audian-billing-credit` (`manage` only): credit was added; the page reloads. */
export interface AudianBillingCreditDetail {
  amount: number;
  /** The card payment's id; null where the server books credit without one. */
  transactionId: string | null;
}

/** The widget's `data-state` once a load has settled. */
export type AudianBillingState = "ready" | "error" | "disconnected";

/** What `loaded` resolves to: how the latest (re)load ended. */
export interface AudianBillingLoaded {
  /** "error": the page shows one notice (the error went to audian-billing-error); "disconnected": no account or token, or the element left the page. */
  state: AudianBillingState;
  /** The account shown when `state` is "ready", else null. */
  accountId: string | null;
  /** Each section's state when `state` is "ready" (as in audian-billing-load), else empty. */
  sections: Partial<Record<AudianBillingSection, AudianBillingSectionState>>;
}

export type AudianBillingLoadEvent = CustomEvent<AudianBillingLoadDetail>;
export type AudianBillingCreditEvent = CustomEvent<AudianBillingCreditDetail>;
/** `audian-billing-settings` (`manage` only): the billing settings as the server stored them. */
export type AudianBillingSettingsEvent = CustomEvent<BillingSettings>;
export type AudianBillingErrorEvent = CustomEvent<AudianBillingErrorDetail>;
export type AudianBillingUnauthorizedEvent = CustomEvent<AudianBillingUnauthorizedDetail>;

/** The widget's events (bubbling and composed) with the element's own. */
export interface AudianBillingWidgetEventMap extends HTMLElementEventMap {
  "audian-billing-load": AudianBillingLoadEvent;
  "audian-billing-error": AudianBillingErrorEvent;
  "audian-billing-unauthorized": AudianBillingUnauthorizedEvent;
  "audian-billing-credit": AudianBillingCreditEvent;
  "audian-billing-settings": AudianBillingSettingsEvent;
}

export type AudianBillingTheme = "light" | "dark" | "auto";

/** <audian-billing-widget>. Every attribute is also a property (`accountId` for `account-id`). */
export declare class AudianBillingWidget extends HTMLElement {
  /** The API token, or a function giving one: a property only (a token attribute is removed and ignored). */
  get authToken(): AuthToken | null;
  set authToken(value: AuthToken | null | undefined);
  /** A ready client (e.g. from `BillingClient.signIn`); null builds one from the attributes. */
  get client(): BillingClient | null;
  set client(value: BillingClient | null | undefined);
  /** `base-url` */
  get baseUrl(): string | null;
  set baseUrl(value: string | null | undefined);
  /** `account-id` */
  get accountId(): string | null;
  set accountId(value: string | null | undefined);
  /** ISO 4217 code until the balance names one; default "USD". */
  get currency(): string | null;
  set currency(value: string | null | undefined);
  /** BCP 47 locale for numbers and dates; default the browser's. */
  get locale(): string | null;
  set locale(value: string | null | undefined);
  /** `page-size`: transactions per page (1–500, default 50). */
  get pageSize(): string | null;
  set pageSize(value: string | number | null | undefined);
  /** Months in the spending chart (2–24, default 6). */
  get months(): string | null;
  set months(value: string | number | null | undefined);
  /** `payment-methods-url`: https only. */
  get paymentMethodsUrl(): string | null;
  set paymentMethodsUrl(value: string | null | undefined);
  /** `server-version`: the client's `serverVersion` ("5.4.32", "4.2", "audian"); a cold load then sends every request at once. */
  get serverVersion(): string | null;
  set serverVersion(value: string | null | undefined);
  /** Per-request timeout in milliseconds (the client's `timeoutMs`). */
  get timeout(): string | null;
  set timeout(value: string | number | null | undefined);
  /** Extra attempts after a network error, timeout, 429 or 5xx (the client's `maxRetries`). */
  get retries(): string | null;
  set retries(value: string | number | null | undefined);
  /** Which sections, in which order: space- or comma-separated `AudianBillingSection` names. */
  get sections(): string | null;
  set sections(value: string | null | undefined);
  /** "auto" (default) follows `prefers-color-scheme`. */
  get theme(): string | null;
  set theme(value: AudianBillingTheme | null | undefined);
  /** `hide-header`: leaves out the "Settings / Billing" header. */
  get hideHeader(): boolean;
  set hideHeader(value: boolean);
  /** `manage`: "Add credit" and the billing settings (controls that change the account). Off by default. */
  get manage(): boolean;
  set manage(value: boolean);
  /** Reloads every section. */
  reload(): void;
  /**
   * Resolves (never rejects) once every section has settled after the latest (re)load, like lit's
   * `updateComplete`: `await el.loaded` right after setting `authToken`, `client` or an attribute
   * waits for that reload. Pending until the element is first in a document.
   */
  readonly loaded: Promise<AudianBillingLoaded>;

  addEventListener<K extends keyof AudianBillingWidgetEventMap>(
    type: K,
    listener: (this: AudianBillingWidget, ev: AudianBillingWidgetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AudianBillingWidgetEventMap>(
    type: K,
    listener: (this: AudianBillingWidget, ev: AudianBillingWidgetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Every section, in the default order. */
export declare const SECTION_IDS: readonly AudianBillingSection[];

declare global {
  interface HTMLElementTagNameMap {
    "audian-billing-widget": AudianBillingWidget;
  }
}
