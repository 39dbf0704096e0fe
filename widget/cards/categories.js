// Charges this period by category: from /transactions where it holds charges, from the ledgers
// where it holds only payments (Kazoo 4.3+). The one "charges" total of the page: usage and
// recurring charges only. The period's rollover, payments and adjustments are listed under it for
// what they are, never added to it.
import { h, s } from "../dom.js";
import { chargesByCategory, chargesByCategoryFromLedgers, ledgersToSplit, otherMoney } from "../billing-logic.js";

export const categoriesCard = {
  id: "categories",
  title: "Charges this period",
  lines: 2,

  async load(ctx, signal) {
    const [period, source] = await Promise.all([ctx.period(signal), ctx.store.chargeSource(signal)]);
    if (source === "ledgers") {
      const usages = await ctx.store.usage(period.start, period.end, signal);
      // A recurring ledger's total says nothing of what it bills: its entries (one per item) do.
      const split = ctx.store.offers("allLedgerEntries") ? ledgersToSplit(usages) : [];
      const entries = await Promise.all(split.map(async (u) => [u.ledger, await ctx.store.ledgerRows(u.ledger, period.start, period.end, signal)]));
      return { label: period.label, result: chargesByCategoryFromLedgers(usages, Object.fromEntries(entries)), other: otherMoney(usages, { ledgers: true }) };
    }
    const rows = await ctx.store.rowsBetween(period.start, period.end, signal);
    return { label: period.label, result: chargesByCategory(rows), other: otherMoney(rows) };
  },

  render(body, { label, result, other }, ctx) {
    body.append(h("p", { class: "abw-note abw-period-label", text: label }));
    const total = h("p", { class: "abw-amount abw-amount-small", part: "period-total", xpart: "amount period-total", text: ctx.fmt.total(result.total) });
    total.dataset.value = String(result.total);
    body.append(total);
    if (result.total === 0) body.append(h("p", { class: "abw-empty-inline", text: "No charges yet this period." }));
    else body.append(categoryList(result, ctx));
    if (other.length) body.append(otherList(other, ctx));
  },
};

/** Money of the period that is not spending: "Carried over from last month −$120.00", payments, adjustments. */
function otherList(other, ctx) {
  const list = h("ul", { class: "abw-cat-list abw-other-money", "aria-label": "Not charges: carried over, payments and adjustments" });
  for (const o of other) {
    const li = h(
      "li",
      { class: "abw-cat", part: "other-money" },
      h("span", { class: "abw-cat-label", text: o.label }),
      h("span", { class: "abw-cat-amount", text: ctx.fmt.total(o.total, "exceptZero") }),
    );
    li.dataset.kind = o.kind;
    li.dataset.value = String(o.total);
    list.append(li);
  }
  return h("div", {}, h("p", { class: "abw-note", text: "Not charges" }), list);
}

/** The charges by category, each with a bar. */
function categoryList(result, ctx) {
  const max = Math.max(...result.categories.map((c) => c.total));
  const list = h("ul", { class: "abw-cat-list", "aria-label": "Charges by category" });
  // Only what was charged: most of the ten categories are empty on most accounts.
  for (const c of result.categories.filter((x) => x.total > 0)) {
    const bar = s(
      "svg",
      { class: "abw-cat-bar", viewBox: "0 0 100 4", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
      s("rect", { class: "abw-cat-track", x: 0, y: 0, width: 100, height: 4, rx: 2 }),
      s("rect", { class: `abw-cat-fill abw-cat-${c.id}`, x: 0, y: 0, width: Math.max(1.5, (c.total / max) * 100).toFixed(2), height: 4, rx: 2 }),
    );
    const li = h(
      "li",
      { class: "abw-cat", part: "category" },
      h("span", { class: "abw-cat-label", text: c.label }),
      h("span", { class: "abw-cat-amount", text: ctx.fmt.total(c.total) }),
      bar,
    );
    li.dataset.category = c.id;
    li.dataset.value = String(c.total);
    list.append(li);
  }
  return list;
}
