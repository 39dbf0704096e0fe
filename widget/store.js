// What one load of the widget fetched, shared by its cards: each request is made once per load
// (the chart's months, this period's charges and the first transactions page reuse the same
// month windows, which are billing months: UTC), every request goes out as soon as the account
// has answered, and a failed request is forgotten so that a card's "Try again" asks again.

import { hasCharges, monthWindows } from "./billing-logic.js";

const PAGE = 1000; // the API's largest page: most month windows take one request

export class Store {
  /**
   * @param {object} client a BillingClient
   * @param {AbortSignal} signal aborts every request of this load
   * @param {{ from: Date, to: Date }} range the month windows to fetch (chart months and the
   *   transactions card's first range)
   * @param {string[]} months the chart's month keys, oldest first (all within `range`)
   */
  constructor(client, signal, range, months) {
    this.client = client;
    this.signal = signal;
    this.range = range;
    this.windows = monthWindows(range.from, range.to); // newest first
    this.months = months;
    this.memo = new Map();
    this.noLedgers = null; // the not_found of a first /ledgers request: the server has none
  }

  /** Whether `client[name]` exists (methods added in later package versions). */
  offers(name) {
    return typeof this.client[name] === "function";
  }

  /** `make()` once per key; a rejected promise is dropped so that the next call retries. */
  once(key, make) {
    let p = this.memo.get(key);
    if (!p) {
      p = make();
      this.memo.set(key, p);
      p.catch(() => {
        if (this.memo.get(key) === p) this.memo.delete(key);
      });
    }
    return p;
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

  /** Ledger usage for [from, to]. Once a request has found no ledgers, the next ones are not sent. */
  usage(from, to, signal) {
    if (this.noLedgers) return Promise.reject(this.noLedgers);
    return this.once(`usage ${from.getTime()} ${to.getTime()}`, () =>
      this.client.usage({ from, to, signal: this.sig(signal) }).catch((e) => {
        if (e && e.kind === "not_found") this.noLedgers = e;
        throw e;
      }),
    );
  }

  /** Every transaction of one month window, every page, newest first. */
  monthRows(w, signal) {
    return this.once(`tx ${w.key}`, async () => {
      const rows = [];
      for await (const tx of this.client.allTransactions({ from: w.from, to: w.to, pageSize: PAGE, signal: this.sig(signal) })) {
        rows.push(tx);
      }
      return rows;
    });
  }

  /** Every transaction of the store's range, newest first, each once (the windows in parallel). */
  rows(signal) {
    return this.rowsOf(this.windows, signal);
  }

  /** The rows of the chart's two newest months (where charges come from, the last payment). */
  recentRows(signal) {
    return this.rowsOf(this.months.slice(-2).reverse().map((key) => this.window(key)), signal);
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
    const windows = this.windows.filter((w) => w.to.getTime() >= lo && w.from.getTime() <= hi);
    return (await this.rowsOf(windows, signal)).filter((tx) => {
      const t = Date.parse(tx.created);
      return t >= lo && t <= hi;
    });
  }

  /** The window of the chart's month `key`. */
  window(key) {
    return this.windows.find((w) => w.key === key);
  }

  /** Ledger usage per chart month, oldest first: [{key, usages}] (Kazoo 4.1+). */
  monthUsage(signal) {
    return Promise.all(
      this.months.map((key) => {
        const w = this.window(key);
        return this.usage(w.from, w.to, signal).then((usages) => ({ key, usages }));
      }),
    );
  }

  /**
   * Where charges come from: "transactions" when /transactions holds charges (Audian's page,
   * Kazoo up to 4.2); "ledgers" when its newest months hold only payments and the server has
   * ledgers (Kazoo 4.3+/5.x). Whether it has ledgers is asked with the chart's newest month,
   * which the chart asks for anyway.
   */
  chargeSource(signal) {
    return this.once("source", async () => {
      const newest = this.window(this.months[this.months.length - 1]);
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
