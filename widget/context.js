// The context one load of the widget hands its cards: the client and the load's signal, the
// shared Store, the settings read from the attributes, the formatters for the locale and the
// currency, and the billing period. It is frozen: what changes during a load (the balance's
// currency) comes as a new context (withCurrency), never by writing into one a card holds.
// Errors go through the card's view (section.js), not the context.
import { Store } from "./store.js";
import { billingCycle, csvFileName, dayKey, formatMoney, formatTotal, lastMonthKeys, localDayRange, monthStart } from "./billing-logic.js";

/**
 * @param {object} o { client, signal, accountId, keep (the transactions card's kept range and
 *   filter), locale, months, pageSize, currency (the configured one), manage }
 */
export function loadContext({ client, signal, accountId, keep, locale, months, pageSize, currency, manage }) {
  const now = new Date();
  // The month windows the cards share: the chart's (UTC) months and the transactions card's first
  // range (local days).
  const chartFrom = monthStart(lastMonthKeys(now, months)[0]);
  const today = dayKey(now);
  const first = localDayRange(keep.fromDay, today) || localDayRange(today, today); // up to the end of today
  const range = { from: new Date(Math.min(chartFrom.getTime(), first.from.getTime())), to: first.to };
  const ctx = {
    client,
    signal,
    now,
    locale,
    months,
    pageSize,
    currency,
    keep,
    manage,
    store: new Store(client, signal, range, { from: chartFrom, now }, first),
    csvName: (from, to, type) => csvFileName(accountId, from, to).replace(/\.csv$/, type ? `_${type}.csv` : ".csv"),
    notOffered: (method) => Object.assign(new Error(`this server offers no ${method}`), { kind: "not_found" }),
    /** The monthly charges, or null where the server (or this client) offers none. */
    optionalSummary: async (s) => {
      if (!ctx.store.offers("billingSummary")) return null;
      try {
        return await ctx.store.summary(s);
      } catch (e) {
        if (e && e.kind === "not_found") return null;
        throw e;
      }
    },
    /**
     * The billing cycle and the period the "this period" cards sum over, {cycle, start, end,
     * label}: known once the account and the server's next billing date (or its absence) are.
     */
    period: (s) =>
      ctx.store.once("period", async () => {
        const [account, summary] = await Promise.all([ctx.store.account(s), ctx.optionalSummary(s)]);
        return billingPeriod(ctx, account, summary);
      }),
    fmt: formatters(locale, currency),
  };
  return Object.freeze(ctx);
}

/** The same load's context with amounts in `currency` (the balance's): a new frozen object. */
export function withCurrency(ctx, currency) {
  return currency && currency !== ctx.currency ? Object.freeze({ ...ctx, currency, fmt: formatters(ctx.locale, currency) }) : ctx;
}

/** Money in `currency` and dates for `locale`. */
function formatters(locale, currency) {
  const dtf = (o) => new Intl.DateTimeFormat(locale, o);
  return {
    money: (v, signDisplay = "auto") => formatMoney(v, currency, { locale, signDisplay }),
    total: (v, signDisplay = "auto") => formatTotal(v, currency, { locale, signDisplay }),
    date: (iso) => dtf({ dateStyle: "medium" }).format(new Date(iso)),
    dateTime: (iso) => dtf({ dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)),
    utcDate: (d) => dtf({ dateStyle: "medium", timeZone: "UTC" }).format(d),
    localDay: (day) => {
      const r = localDayRange(day, day);
      return r ? dtf({ dateStyle: "medium" }).format(r.from) : day;
    },
    monthName: (key, style = "short") => {
      const [y, m] = key.split("-").map(Number);
      return dtf({ month: style, year: style === "long" ? "numeric" : undefined, timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 15)));
    },
    compact: (v) => {
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(v);
      } catch {
        return String(v);
      }
    },
  };
}

/**
 * The current billing period (UTC): the month before the server's next billing date, else
 * estimated from the account's creation day, else the calendar month; from its start to now.
 */
function billingPeriod(ctx, account, summary) {
  const now = ctx.now;
  const cycle = billingCycle(account.created || null, now, summary && summary.nextBillingDate);
  if (cycle.periodStart) {
    return { cycle, start: cycle.periodStart, end: now, label: `${ctx.fmt.utcDate(cycle.periodStart)} – ${ctx.fmt.utcDate(now)}` };
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const label = new Intl.DateTimeFormat(ctx.locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(start);
  return { cycle, start, end: now, label };
}
