// What one load of the widget fetched, shared by its cards: each request is made once per load
// (the chart's months, this period's charges and the first transactions page reuse the same
// month windows, which are billing months: UTC), and a failed request is forgotten so that a
// card's "Try again" asks again (a not_found is kept: the server offers no such data).
// When the client knows its server's dialect (signIn's reply, the serverVersion option, or a
// reply it has read), every request goes out at once and the chart's source follows from the
// dialect. Otherwise (an unknown server) the data decides: ledger usage is asked first for the
// chart's newest month, whose answer tells whether the server has ledgers, and the newest months'
// transactions tell whether /transactions holds charges.

import { hasCharges, monthWindows } from "./billing-logic.js";

const PAGE = 1000; // the API's largest page: most month windows take one request

export class Store {
  /**
   * @param {object} client a BillingClient
   * @param {AbortSignal} signal aborts every request of this load
   * @param {{ from: Date, to: Date }} range the month windows of transactions to fetch (chart
   *   months and the transactions card's first range)
   * @param {{ from: Date, now: Date }} chart the chart's months: from the first day of the oldest
   *   to now (within `range`)
   * @param {{ from: Date, to: Date } | null} recent the transactions card's first range (within
   *   `range`): on Kazoo 4.3+, where the chart does not need transactions month by month, one
   *   request for this range serves that card and the last payment
   */
  constructor(client, signal, range, chart, recent = null) {
    this.client = client;
    this.signal = signal;
    this.range = range;
    this.recent = recent;
    this.windows = monthWindows(range.from, range.to); // newest first
    this.chart = monthWindows(chart.from, chart.now).reverse(); // oldest first, the newest up to now
    this.memo = new Map();
  }

  /**
   * The server's dialect as the client knows it now: "audian" (Audian's documented API),
   * "kazoo4" (Kazoo 3.22–4.2), "kazoo5" (Kazoo 4.3+/5.x), or null (not known yet, or a client
   * from a package version without `serverVersion`).
   */
  get dialect() {
    return dialectOf(this.client.serverVersion);
  }

  /** Whether `client[name]` exists (methods added in later package versions). */
  offers(name) {
    return typeof this.client[name] === "function";
  }

  /**
   * `make()` once per key; a rejected promise is dropped so that the next call retries, except a
   * not_found: the server's answer that it offers no such data, which asking again won't change.
   */
  once(key, make) {
    let p = this.memo.get(key);
    if (!p) {
      p = make();
      this.memo.set(key, p);
      p.catch((e) => {
        if (e && e.kind === "not_found") return;
        if (this.memo.get(key) === p) this.memo.delete(key);
      });
    }
    return p;
  }

  /** The promise of `key` when something asked for it already, else null (never asks). */
  peek(key) {
    return this.memo.get(key) || null;
  }

  /** The signal of one call: the load's, plus the caller's (a card's retry). */
  sig(signal) {
    return signal ? AbortSignal.any([this.signal, signal]) : this.signal;
  }

  account(signal) {
    return this.once("account", () => this.client.account({ signal: this.sig(signal) }));
  }

  balance(signal) {
    return this.once("balance", () => this.client.balance({ signal: this.sig(signal) }));
  }

  plans(signal) {
    return this.once("plans", () => this.client.servicePlans({ signal: this.sig(signal) }));
  }

  summary(signal) {
    return this.once("summary", () => this.client.billingSummary({ signal: this.sig(signal) }));
  }

  /**
   * Ledger usage for [from, to]. On an unknown server, asked after the chart's newest month has
   * answered, so that a server without ledgers answers not_found once, not once per range.
   */
  usage(from, to, signal) {
    const newest = this.newestMonth();
    const key = usageKey({ from, to });
    const ask = () => this.client.usage({ from, to, signal: this.sig(signal) });
    if (key === usageKey(newest) || this.dialect) return this.once(key, ask);
    return this.once(key, async () => {
      await this.usage(newest.from, newest.to, signal);
      return ask();
    });
  }

  /** The chart's newest month: from its first day to now. */
  newestMonth() {
    return this.chart[this.chart.length - 1];
  }

  /** Every entry of `ledger` in [from, to], every page, newest first. */
  ledgerRows(ledger, from, to, signal) {
    return this.once(`ledger ${ledger} ${from.getTime()} ${to.getTime()}`, () =>
      collect(this.client.allLedgerEntries(ledger, { from, to, pageSize: PAGE, signal: this.sig(signal) })),
    );
  }

  /** Every transaction in [from, to], every page, newest first, fetched once per `key`. */
  txRows(key, from, to, signal) {
    return this.once(key, () => collect(this.client.allTransactions({ from, to, pageSize: PAGE, signal: this.sig(signal) })));
  }

  /** Every transaction of one month window. */
  monthRows(w, signal) {
    return this.txRows(`tx ${w.key}`, w.from, w.to, signal);
  }

  /** Every transaction of the store's range, newest first, each once (the windows in parallel). */
  rows(signal) {
    return this.rowsOf(this.windows, signal);
  }

  /**
   * The recent rows: where charges come from (unknown servers) and the last payment. On Kazoo
   * 4.3+ the transactions card's range, in one request; elsewhere the chart's two newest months,
   * which the chart fetches anyway.
   */
  recentRows(signal) {
    if (this.#oneRange()) return this.#recentRange(signal);
    const keys = new Set(this.chart.slice(-2).map((w) => w.key));
    return this.rowsOf(this.windows.filter((w) => keys.has(w.key)), signal);
  }

  /** The rows of `windows`, newest first, each once; only these windows are fetched. */
  rowsOf(windows, signal) {
    return Promise.all(windows.map((w) => this.monthRows(w, signal))).then((lists) => {
      const seen = new Set();
      const out = [];
      for (const list of lists) {
        for (const tx of list) {
          if (seen.has(tx.id)) continue;
          seen.add(tx.id);
          out.push(tx);
        }
      }
      return out;
    });
  }

  /** Whether [from, to] lies within what this store fetches. */
  covers(from, to) {
    return from.getTime() >= this.range.from.getTime() && to.getTime() <= this.range.to.getTime();
  }

  /** The store's rows within [from, to], newest first (only the windows that overlap it are fetched). */
  async rowsBetween(from, to, signal) {
    const lo = from.getTime();
    const hi = to.getTime();
    const inRecent = this.#oneRange() && lo >= this.recent.from.getTime() && hi <= this.recent.to.getTime();
    const windows = this.windows.filter((w) => w.to.getTime() >= lo && w.from.getTime() <= hi);
    return (await (inRecent ? this.#recentRange(signal) : this.rowsOf(windows, signal))).filter((tx) => {
      const t = Date.parse(tx.created);
      return t >= lo && t <= hi;
    });
  }

  /**
   * Whether the recent rows come from the transactions card's range in one request: on Kazoo
   * 4.3+, whose chart is made from ledgers (month windows of transactions would cost one request
   * each, and the browser sends at most 6 at a time to one origin).
   */
  #oneRange() {
    return Boolean(this.recent) && this.dialect === "kazoo5";
  }

  /** Every transaction of the transactions card's range (the client splits it into windows the server accepts). */
  #recentRange(signal) {
    return this.txRows("tx recent", this.recent.from, this.recent.to, signal);
  }

  /**
   * Ledger usage per chart month, oldest first: [{key, usages}] (Kazoo 4.1+). Asked newest first:
   * the newest month is also this period's usage, which other cards wait on.
   */
  monthUsage(signal) {
    const asked = [...this.chart].reverse().map((w) => this.usage(w.from, w.to, signal).then((usages) => ({ key: w.key, usages })));
    return Promise.all(asked.reverse());
  }

  /**
   * Where charges come from: "transactions" when /transactions holds charges (Audian's page,
   * Kazoo up to 4.2); "ledgers" when it holds only payments (Kazoo 4.3+/5.x). A known dialect
   * says which; on an unknown server, its newest months decide, with whether it has ledgers
   * (asked with the chart's newest month, which the chart asks for anyway).
   */
  chargeSource(signal) {
    const dialect = this.dialect;
    if (dialect) return Promise.resolve(dialect === "kazoo5" && this.offers("usage") ? "ledgers" : "transactions");
    return this.once("source", async () => {
      const newest = this.newestMonth();
      const ledgers = this.offers("usage")
        ? this.usage(newest.from, newest.to, signal).then(
            () => true,
            (e) => {
              if (e && e.kind === "not_found") return false;
              throw e;
            },
          )
        : Promise.resolve(false);
      if (hasCharges(await this.recentRows(signal))) {
        ledgers.catch(() => {}); // not needed: the transactions hold the charges
        return "transactions";
      }
      return (await ledgers) ? "ledgers" : "transactions";
    });
  }
}

/**
 * The dialect of a `serverVersion` ("audian", or a Kazoo version such as "5.4.32.6"); null for
 * anything else.
 */
export function dialectOf(version) {
  if (typeof version !== "string") return null;
  if (version === "audian") return "audian";
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2] || 0)];
  if (major < 3) return null;
  return major > 4 || (major === 4 && minor >= 3) ? "kazoo5" : "kazoo4";
}

/** Every item of an async iterable, in order. */
async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The memo key of ledger usage over [from, to]. */
function usageKey({ from, to }) {
  return `usage ${from.getTime()} ${to.getTime()}`;
}
