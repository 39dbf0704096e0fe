// Monthly charges: what the account pays for each month (billingSummary: Kazoo's
// /services/summary or /service_plans/current), items with a billable quantity, the recurring
// total and the next billing date. Left out where the server offers no such data.
import { dataTable, h, humanize } from "../dom.js";
import { billableItems, billedToCard } from "../billing-logic.js";

export const billingSummaryCard = {
  id: "billing-summary",
  title: "Monthly charges",
  wide: true,
  optional: true,
  lines: 3,

  async load(ctx, signal) {
    const summary = await ctx.optionalSummary(signal);
    if (!summary) throw ctx.notOffered("billingSummary");
    return summary;
  },

  render(body, summary, ctx) {
    const items = billableItems(summary);
    const total = h("p", { class: "abw-amount abw-amount-small", part: "recurring-total", xpart: "amount recurring-total", text: ctx.fmt.total(summary.recurringTotal) });
    total.dataset.value = String(summary.recurringTotal);
    body.append(h("p", { class: "abw-note", text: "Recurring total per month" }), total);
    if (billedToCard(summary)) {
      body.append(h("p", { class: "abw-note", part: "billed-to-card", text: "Billed to your card on file each month, not taken from the balance." }));
    }
    if (summary.nextBillingDate) {
      body.append(h("p", { class: "abw-note", text: `Next billing date: ${ctx.fmt.utcDate(new Date(summary.nextBillingDate))}` }));
    }
    if (!items.length) {
      body.append(h("p", { class: "abw-empty-inline", text: "Nothing is billed monthly on this account." }));
      return;
    }
    const tbody = h("tbody");
    for (const it of items) {
      const qty = typeof it.billable === "number" ? it.billable : it.quantity;
      const rate = typeof it.rate === "number" ? `${ctx.fmt.money(it.rate)} × ${qty}` : `× ${qty}`;
      const tr = h(
        "tr",
        { part: "billing-item" },
        h("th", { scope: "row", "data-label": "Item" }, h("span", { text: it.name || it.item }), h("span", { class: "abw-desc-meta", text: it.category ? humanize(it.category) : "" })),
        h("td", { class: "abw-num", "data-label": "Rate × quantity", text: rate }),
        it.discount
          ? h("td", { class: "abw-num", "data-label": "Discount", text: ctx.fmt.money(-Math.abs(it.discount)) })
          : h("td", { class: "abw-num is-empty", "data-label": "Discount", text: "—" }),
        h("td", { class: "abw-num", "data-label": "Total", text: ctx.fmt.total(it.total) }),
      );
      tr.dataset.total = String(it.total);
      tbody.append(tr);
    }
    body.append(
      h(
        "div",
        { class: "abw-table-wrap" },
        dataTable({
          className: "abw-table-compact abw-stack",
          caption: "Monthly charges by item",
          columns: ["Item", { text: "Rate × quantity", num: true }, { text: "Discount", num: true }, { text: "Total", num: true }],
          rows: tbody,
        }),
      ),
    );
  },
};
