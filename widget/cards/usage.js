// Usage this period: spending per ledger (calls with their minutes, data with its unit, other
// ledgers by name), each expandable to its entries, which is what Kazoo's own portal lists as
// call charges. Only usage and recurring ledgers: payments, the rollover and adjustments are not
// spending. Left out where the server has no ledgers (Audian's documented API).
import { clear, dataTable, h, skeleton } from "../dom.js";
import { ledgerLabel, ledgerQuantity, ledgerSpent } from "../billing-logic.js";
import { Task } from "../task.js";

const ENTRIES_PAGE = 50;

export const usageCard = {
  id: "usage",
  title: "Usage this period",
  wide: true,
  optional: true,
  lines: 3,

  async load(ctx, signal) {
    if (!ctx.store.offers("usage")) throw ctx.notOffered("usage");
    const period = await ctx.period(signal);
    const usages = await ctx.store.usage(period.start, period.end, signal);
    return { period, usages: usages.filter((u) => ledgerSpent(u) > 0).sort((a, b) => ledgerSpent(b) - ledgerSpent(a)) };
  },

  render(body, { period, usages }, ctx, view) {
    body.append(h("p", { class: "abw-note abw-period-label", text: period.label }));
    if (!usages.length) {
      body.append(h("p", { class: "abw-empty-inline", text: "No usage yet this period." }));
      return;
    }
    const list = h("ul", { class: "abw-ledger-list" });
    for (const u of usages) {
      const entries = h("div", { class: "abw-ledger-entries" });
      const details = h(
        "details",
        { class: "abw-details abw-ledger" },
        h(
          "summary",
          { class: "abw-ledger-head" },
          h("span", { class: "abw-ledger-name", text: ledgerLabel(u.ledger) }),
          // A ledger's total quantity means something only with its unit (minutes, MB): the
          // recurring ledger adds up counts of unlike items.
          h("span", { class: "abw-ledger-qty", text: u.unit ? ledgerQuantity(u, ctx.locale) : "" }),
          h("span", { class: "abw-ledger-amount", text: ctx.fmt.total(ledgerSpent(u)) }),
        ),
        entries,
      );
      const task = new Task({
        onPending: () => clear(entries).append(skeleton("usage", `Loading ${ledgerLabel(u.ledger)}…`, 2)),
        onComplete: (page) => renderEntries(entries, page, ctx),
        onError: (e) => view.partError(e, entries, () => load()), // the card itself stays ready
      });
      const load = () =>
        task.run((signal) => ctx.client.ledgerEntries(u.ledger, { from: period.start, to: period.end, pageSize: ENTRIES_PAGE, signal }), ctx.signal);
      details.addEventListener("toggle", () => {
        if (details.open && task.status === "initial") load();
      });
      view.onCleanup(() => task.abort());
      const li = h("li", { part: "usage-ledger" }, details);
      li.dataset.ledger = u.ledger;
      li.dataset.value = String(ledgerSpent(u));
      list.append(li);
    }
    body.append(list);
  },
};

function renderEntries(box, page, ctx) {
  clear(box);
  if (!page.data.length) {
    box.append(h("p", { class: "abw-empty-inline", text: "No entries in this period." }));
    return;
  }
  const tbody = h("tbody");
  for (const e of page.data) {
    const tr = h(
      "tr",
      { part: "usage-entry" },
      h("td", { class: "abw-date", "data-label": "Date" }, h("time", { datetime: e.created, text: ctx.fmt.dateTime(e.created) })),
      h("td", { "data-label": "Description" }, h("span", { text: e.description || "—" }), callLine(e.call)),
      h("td", { class: "abw-num", "data-label": "Quantity", text: ledgerQuantity(e, ctx.locale) || "—" }),
      // Kazoo keeps money spent as negative: shown as a charge; money in keeps its plus sign.
      h("td", { class: "abw-num", "data-label": "Amount", text: e.amount < 0 ? ctx.fmt.money(-e.amount) : ctx.fmt.money(e.amount, "exceptZero") }),
    );
    tr.dataset.id = e.id;
    tbody.append(tr);
  }
  box.append(
    h(
      "div",
      { class: "abw-table-wrap" },
      dataTable({
        className: "abw-table-compact abw-stack",
        caption: "Ledger entries",
        columns: ["Date", "Description", { text: "Quantity", num: true }, { text: "Amount", num: true }],
        rows: tbody,
      }),
    ),
  );
  if (page.nextStartKey) box.append(h("p", { class: "abw-note", text: `The newest ${page.data.length} entries.` }));
}

/** A call's numbers under its description ("+12065550100 → +14155550123"), when the entry names them. */
function callLine(call) {
  const from = call && (call.callerIdNumber || call.from);
  const to = call && (call.calleeIdNumber || call.to);
  if (!from && !to) return null;
  return h("span", { class: "abw-desc-meta", part: "usage-call", text: `${from || "?"} → ${to || "?"}` });
}
