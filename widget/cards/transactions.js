// Transactions: type filter and date range over the whole selected range, "Load more", and CSV
// export of the whole range. The first range (the last 30 days) is read from the month windows the
// other cards share; another range is walked with the client's allTransactions pager, page by
// page until the view is full or the range ends.
import { clear, dataTable, h, humanize, nextId, skeleton } from "../dom.js";
import {
  TRANSACTION_TYPES,
  TYPE_LABELS,
  displayDescription,
  isCounted,
  localDayRange,
  rowCategoryLabel,
  signedAmount,
  typeLabel,
  utcLabel,
} from "../billing-logic.js";
import { Task } from "../task.js";
import { exportCsv } from "../export-csv.js";

/** The rows of one range: everything at once from the shared windows, or page by page. */
class RangeRows {
  constructor(ctx, range, signal) {
    this.ctx = ctx;
    this.range = range;
    this.signal = signal;
    this.rows = [];
    this.seen = new Set();
    this.done = false;
    this.iterator = null;
  }

  /** Loads until `want(rows)` is true or the range ends. */
  async fill(want) {
    const { store, client } = this.ctx;
    if (!this.iterator && !this.done && store.covers(this.range.from, this.range.to)) {
      this.add(await store.rowsBetween(this.range.from, this.range.to, this.signal));
      this.done = true;
    }
    if (!this.done && !this.iterator) {
      this.iterator = client.allTransactions({ from: this.range.from, to: this.range.to, pageSize: this.ctx.pageSize, signal: this.signal });
    }
    while (!this.done && !want(this.rows)) {
      const { value, done } = await this.iterator.next();
      if (done) this.done = true;
      else this.add([value]);
    }
  }

  add(list) {
    for (const tx of list) {
      if (this.seen.has(tx.id)) continue;
      this.seen.add(tx.id);
      this.rows.push(tx);
    }
  }
}

export const transactionsCard = {
  id: "transactions",
  title: "Transactions",
  wide: true,
  lines: 6,

  /** The first view: the kept (or default) range, read once the shared windows are in. */
  async load(ctx, signal) {
    const transactions = new TransactionsView(ctx);
    await transactions.prime(signal);
    return transactions;
  },

  render(body, transactions, ctx, view) {
    transactions.mount(body, ctx, view);
  },
};

class TransactionsView {
  constructor(ctx) {
    this.ctx = ctx;
    // The range and filter: the card's own, reported through its view so that they survive
    // reloads of the same account.
    this.keep = { ...ctx.keep };
    this.limit = ctx.pageSize;
    this.data = null;
    this.task = new Task({
      onPending: () => this.showBusy(),
      onComplete: () => this.renderTable(),
      onError: (e) => this.showError(e),
    });
  }

  range() {
    return localDayRange(this.keep.fromDay, this.keep.toDay);
  }

  matches(tx) {
    return !this.keep.type || tx.type === this.keep.type;
  }

  shown() {
    return this.data ? this.data.rows.filter((tx) => this.matches(tx)) : [];
  }

  /** Enough rows for the view: `limit` matching rows (whether more follow, the pager knows). */
  want() {
    return (rows) => rows.filter((tx) => this.matches(tx)).length >= this.limit;
  }

  async prime(signal) {
    this.data = new RangeRows(this.ctx, this.range(), signal);
    await this.data.fill(this.want());
  }

  /** A new range: new rows, page by page. */
  reload() {
    this.limit = this.ctx.pageSize;
    this.task.run(async (signal) => {
      this.data = new RangeRows(this.ctx, this.range(), signal);
      await this.data.fill(this.want());
    }, this.ctx.signal);
  }

  /** More rows of the same range (and filter). */
  more() {
    if (this.task.pending) return;
    this.limit += this.ctx.pageSize;
    const data = this.data;
    this.task.run(async () => data.fill(this.want()), this.ctx.signal);
  }

  /** A new filter over the same range: more pages only when the view is not full. */
  refilter() {
    this.limit = this.ctx.pageSize;
    const data = this.data;
    this.renderTable();
    if (!data.done && !this.want()(data.rows)) this.task.run(async () => data.fill(this.want()), this.ctx.signal);
  }

  /** Renders into `body` with the render's context (amounts in the balance's currency) and the card's view. */
  mount(body, ctx, view) {
    this.ctx = ctx;
    this.view = view;
    this.body = body;
    view.onCleanup(() => {
      this.task.abort();
      this.exporting?.abort();
    });
    this.content = h("div", { class: "abw-tx-content" });
    this.footer = h("div", { class: "abw-tx-footer" });
    body.append(this.controls(), this.content, this.footer);
    this.renderTable();
  }

  controls() {
    const k = this.keep;
    const view = this.view;
    const typeId = nextId("type");
    const fromId = nextId("from");
    const toId = nextId("to");
    const select = h(
      "select",
      { id: typeId, part: "type-filter", xpart: "input type-filter", class: "abw-input" },
      h("option", { value: "", text: "All types" }),
      TRANSACTION_TYPES.map((t) => h("option", { value: t, text: TYPE_LABELS[t] })),
    );
    select.value = k.type;
    select.addEventListener("change", () => {
      k.type = select.value;
      view.keep(k);
      this.refilter();
    });
    const from = h("input", { id: fromId, type: "date", class: "abw-input", part: "date-from", xpart: "input date-from" });
    const to = h("input", { id: toId, type: "date", class: "abw-input", part: "date-to", xpart: "input date-to" });
    from.value = k.fromDay;
    to.value = k.toDay;
    const rangeError = h("p", { class: "abw-field-error", role: "alert", hidden: true, part: "range-error" });
    const onRange = () => {
      if (!from.value || !to.value || !localDayRange(from.value, to.value)) return;
      const bad = from.value > to.value;
      rangeError.textContent = bad ? "The start date must be on or before the end date." : "";
      rangeError.hidden = !bad;
      for (const input of [from, to]) input.setAttribute("aria-invalid", bad ? "true" : "false");
      if (bad || (from.value === k.fromDay && to.value === k.toDay)) return;
      k.fromDay = from.value;
      k.toDay = to.value;
      view.keep(k);
      this.reload();
    };
    from.addEventListener("change", onRange);
    to.addEventListener("change", onRange);
    this.exportButton = h("button", {
      type: "button",
      class: "abw-button abw-button-secondary",
      part: "export-csv",
      xpart: "button export-csv",
      text: "Export CSV",
      onclick: () => this.startExport(),
    });
    this.exportStatus = h("p", { class: "abw-export-status", part: "export-progress", role: "status", "aria-live": "polite", hidden: true });
    return h(
      "div",
      { class: "abw-controls", role: "group", "aria-label": "Filter transactions" },
      h("div", { class: "abw-field abw-field-type" }, h("label", { for: typeId, text: "Type" }), select),
      h("div", { class: "abw-field" }, h("label", { for: fromId, text: "From" }), from),
      h("div", { class: "abw-field" }, h("label", { for: toId, text: "To" }), to),
      h("div", { class: "abw-field abw-field-action" }, this.exportButton),
      rangeError,
      this.exportStatus,
    );
  }

  showBusy() {
    this.view.busy();
    if (this.data && this.data.rows.length && this.limit > this.ctx.pageSize) {
      this.renderFooter(true);
      return;
    }
    clear(this.content).append(skeleton("transactions", "Loading transactions…", 6));
    clear(this.footer);
  }

  showError(e) {
    // A page-level error (e.g. the token expired meanwhile) goes to the page's notice.
    this.view.error(e, this.footer.isConnected && this.data.rows.length ? this.footer : this.content, () =>
      this.data.rows.length ? this.more() : this.reload(),
    );
  }

  renderTable() {
    if (!this.content) return;
    this.view.ready();
    const ctx = this.ctx;
    const k = this.keep;
    const all = this.shown();
    const rows = all.slice(0, this.limit);
    this.exportButton.disabled = all.length === 0 && this.data.done;
    clear(this.content);
    if (rows.length === 0) {
      const text = this.data.rows.length === 0
        ? `No transactions between ${ctx.fmt.localDay(k.fromDay)} and ${ctx.fmt.localDay(k.toDay)}.`
        : `No ${TYPE_LABELS[k.type].toLowerCase()} transactions between ${ctx.fmt.localDay(k.fromDay)} and ${ctx.fmt.localDay(k.toDay)}.`;
      this.content.append(
        h("div", { class: "abw-empty", part: "empty" }, h("p", { class: "abw-empty-title", text: "Nothing to show" }), h("p", { text })),
      );
    } else {
      const tbody = h("tbody");
      for (const tx of rows) tbody.append(this.row(tx));
      const caption = `Transactions, ${ctx.fmt.localDay(k.fromDay)} – ${ctx.fmt.localDay(k.toDay)}${k.type ? `, ${TYPE_LABELS[k.type]} only` : ""}, newest first`;
      this.content.append(
        h(
          "div",
          { class: "abw-table-wrap" },
          dataTable({ part: "transactions-table", caption, columns: ["Date", "Description", "Type", { text: "Amount", num: true }], rows: tbody }),
        ),
      );
    }
    this.renderFooter(false);
  }

  row(tx) {
    const ctx = this.ctx;
    const signed = signedAmount(tx);
    const counted = isCounted(tx);
    const failedNote = !counted && tx.message ? h("span", { class: "abw-desc-note", part: "status-message", text: String(tx.message) }) : null;
    const desc = h(
      "td",
      { class: "abw-desc", "data-label": "Description" },
      h("span", { class: "abw-desc-text", part: "description", text: displayDescription(tx) }),
      h(
        "span",
        { class: "abw-desc-meta" },
        counted ? null : h("span", { class: "abw-badge abw-badge-failed", part: "status-badge", text: humanize(String(tx.status)) }),
        rowCategoryLabel(tx),
      ),
      failedNote,
    );
    const amount = h("td", {
      class: `abw-num abw-amount-cell ${signed > 0 ? "is-credit" : signed < 0 ? "is-charge" : ""} ${counted ? "" : "is-void"}`.trim(),
      part: "amount",
      "data-label": "Amount",
      text: ctx.fmt.money(signed, "exceptZero"),
    });
    amount.dataset.value = String(signed);
    const refund = tx.refund === true || rowCategoryLabel(tx) === "Refund";
    const tr = h(
      "tr",
      { part: "transaction-row" },
      h("td", { class: "abw-date", "data-label": "Date" }, h("time", { datetime: tx.created, title: utcLabel(tx.created), text: ctx.fmt.dateTime(tx.created) })),
      desc,
      h(
        "td",
        { class: "abw-type", "data-label": "Type" },
        h("span", { class: `abw-badge abw-type-${refund ? "refund" : tx.type}`, part: "type-badge", text: typeLabel(tx) }),
      ),
      amount,
    );
    tr.dataset.id = tx.id;
    tr.dataset.type = tx.type;
    if (refund) tr.dataset.refund = "true";
    if (!counted) tr.dataset.status = String(tx.status);
    return tr;
  }

  renderFooter(loading) {
    const all = this.shown();
    const shownCount = Math.min(all.length, this.limit);
    const more = all.length > this.limit || !this.data.done;
    clear(this.footer);
    if (this.data.done && all.length === 0) return;
    const noun = `transaction${shownCount === 1 ? "" : "s"}`;
    const text = more
      ? `Showing ${shownCount} ${noun}, more available`
      : `Showing ${shownCount} ${noun}${this.keep.type ? ` (${TYPE_LABELS[this.keep.type].toLowerCase()} only)` : ""}`;
    const summary = h("p", { class: "abw-tx-summary", part: "transactions-summary", tabindex: "-1", text });
    this.footer.append(summary);
    if (!more) {
      if (this.moreHadFocus) summary.focus();
      this.moreHadFocus = false;
      return;
    }
    const button = h("button", {
      type: "button",
      class: "abw-button",
      part: "load-more",
      xpart: "button load-more",
      text: loading ? "Loading…" : "Load more",
      onclick: () => {
        this.moreHadFocus = true;
        this.more();
      },
    });
    if (loading) button.setAttribute("aria-disabled", "true");
    this.footer.append(button);
    if (this.moreHadFocus && !loading) button.focus();
  }

  startExport() {
    if (this.exporting) return;
    const ctx = this.ctx;
    const k = this.keep;
    const range = this.range();
    if (!range) return;
    const status = this.exportStatus;
    const cancel = h("button", { type: "button", class: "abw-button abw-button-secondary", part: "export-cancel", text: "Cancel" });
    const progress = h("span", { text: "Preparing the CSV file…" });
    clear(status).append(progress, " ", cancel);
    status.hidden = false;
    this.exportButton.disabled = true;
    const controller = new AbortController();
    this.exporting = controller;
    cancel.addEventListener("click", () => controller.abort());
    exportCsv({
      client: ctx.client,
      range,
      type: k.type,
      currency: ctx.currency,
      fileName: ctx.csvName(k.fromDay, k.toDay, k.type),
      signal: AbortSignal.any([controller.signal, ctx.signal]),
      root: this.body,
      onProgress: (n) => {
        progress.textContent = `Exporting… ${n.toLocaleString(ctx.locale)} transactions`;
      },
    }).then(
      (n) => {
        clear(status).append(`Exported ${n.toLocaleString(ctx.locale)} transactions.`);
        status.dataset.state = "done";
      },
      (e) => {
        if (controller.signal.aborted) {
          clear(status).append("Export cancelled.");
          status.dataset.state = "cancelled";
        } else {
          clear(status).append(`The export failed: ${this.view.words(e).title}.`);
          status.dataset.state = "error";
          this.view.report(e);
        }
      },
    ).finally(() => {
      this.exporting = null;
      this.exportButton.disabled = false;
    });
  }
}
