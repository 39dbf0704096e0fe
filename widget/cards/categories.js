// Charges this period by Audian's categories: from /transactions where it holds charges, from
// the ledgers where it holds only payments (Kazoo 4.3+). The one "charges" total of the page.
import { h, s } from "../dom.js";
import { chargesByCategory, chargesByCategoryFromLedgers, ledgerKind, ledgerSpent } from "../billing-logic.js";

export const categoriesCard = {
  id: "categories",
  title: "Charges this period",
  lines: 2,

  async load(ctx, signal) {
    const [period, source] = await Promise.all([ctx.period(signal), ctx.store.chargeSource(signal)]);
    if (source === "ledgers") {
      const usages = await ctx.store.usage(period.start, period.end, signal);
      // A recurring ledger's total says nothing of what it bills: its entries (one per item) do.
      const recurring = ctx.store.offers("allLedgerEntries")
        ? usages.filter((u) => ledgerKind(u.ledger) === "recurring" && ledgerSpent(u) > 0)
        : [];
      const entries = await Promise.all(recurring.map(async (u) => [u.ledger, await ctx.store.ledgerRows(u.ledger, period.start, period.end, signal)]));
      return { label: period.label, result: chargesByCategoryFromLedgers(usages, Object.fromEntries(entries)) };
    }
    const rows = await ctx.store.rowsBetween(period.start, period.end, signal);
    return { label: period.label, result: chargesByCategory(rows) };
  },

  render(body, { label, result }, ctx) {
    body.append(h("p", { class: "abw-note abw-period-label", text: label }));
    const total = h("p", { class: "abw-amount abw-amount-small", part: "period-total", xpart: "amount period-total", text: ctx.fmt.total(result.total) });
    total.dataset.value = String(result.total);
    body.append(total);
    if (result.total === 0) {
      body.append(h("p", { class: "abw-empty-inline", text: "No charges yet this period." }));
      return;
    }
    const max = Math.max(...result.categories.map((c) => c.total));
    const list = h("ul", { class: "abw-cat-list", "aria-label": "Charges by category" });
    for (const c of result.categories) {
      const bar = s(
        "svg",
        { class: "abw-cat-bar", viewBox: "0 0 100 4", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
        s("rect", { class: "abw-cat-track", x: 0, y: 0, width: 100, height: 4, rx: 2 }),
        c.total > 0
          ? s("rect", { class: `abw-cat-fill abw-cat-${c.id}`, x: 0, y: 0, width: Math.max(1.5, (c.total / max) * 100).toFixed(2), height: 4, rx: 2 })
          : null,
      );
      const li = h(
        "li",
        { class: `abw-cat ${c.total === 0 ? "is-zero" : ""}`.trim(), part: "category" },
        h("span", { class: "abw-cat-label", text: c.label }),
        h("span", { class: "abw-cat-amount", text: ctx.fmt.total(c.total) }),
        bar,
      );
      li.dataset.category = c.id;
      li.dataset.value = String(c.total);
      list.append(li);
    }
    body.append(list);
  },
};
