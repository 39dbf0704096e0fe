// Service plans: the account's own ("Your plan": billingSummary().plans, named from the
// catalogue) and, apart, the reseller's catalogue ("Plans offered": servicePlans(), with each
// plan's priced items grouped by category). A catalogue is what may be bought, never what the
// account has.
import { dataTable, h, humanize } from "../dom.js";

export const plansCard = {
  id: "plans",
  title: "Service plans",
  wide: true,
  lines: 2,

  async load(ctx, signal) {
    const [offered, summary] = await Promise.all([ctx.store.plans(signal), ctx.optionalSummary(signal).catch(() => null)]);
    return { offered, own: ownPlans(summary, offered) };
  },

  render(body, { offered, own }, ctx) {
    if (own) {
      const mine = h("ul", { class: "abw-plan-list", "aria-label": "Your plan" });
      for (const p of own) {
        const li = h("li", { class: "abw-plan", part: "own-plan" }, h("p", { class: "abw-plan-name", text: p.name }));
        li.dataset.id = p.id;
        mine.append(li);
      }
      body.append(
        h("h3", { class: "abw-subhead", part: "own-plans-title", text: "Your plan" }),
        own.length ? mine : h("p", { class: "abw-empty-inline", text: "This account has no service plan." }),
        h("h3", { class: "abw-subhead", part: "offered-plans-title", text: "Plans offered" }),
      );
    }
    if (offered.length === 0) {
      body.append(h("p", { class: "abw-empty-inline", text: "No service plans are offered." }));
      return;
    }
    const list = h("ul", { class: "abw-plan-list", "aria-label": "Plans offered" });
    for (const p of offered) {
      const li = h(
        "li",
        { class: "abw-plan", part: "plan", xpart: "plan" },
        h("p", { class: "abw-plan-name", part: "plan-name", text: p.name }),
        p.description ? h("p", { class: "abw-plan-desc", part: "plan-description", text: p.description }) : null,
      );
      li.dataset.id = p.id;
      const groups = planGroups(p);
      if (groups.length) {
        const tbody = h("tbody");
        for (const g of groups) {
          tbody.append(h("tr", { class: "abw-group" }, h("th", { scope: "colgroup", colspan: "3", text: g.label })));
          for (const it of g.items) {
            tbody.append(
              h(
                "tr",
                {},
                h("th", { scope: "row", text: it.label }),
                h("td", { class: "abw-num", "data-label": "Monthly", text: it.rate === undefined ? "—" : ctx.fmt.money(it.rate) }),
                h("td", { class: "abw-num", "data-label": "Activation", text: it.activation === undefined ? "—" : ctx.fmt.money(it.activation) }),
              ),
            );
          }
        }
        li.append(
          h(
            "div",
            { class: "abw-table-wrap" },
            dataTable({
              className: "abw-table-compact abw-plan-table",
              caption: `Rates in ${p.name}`,
              columns: ["Service", { text: "Monthly", num: true }, { text: "Activation", num: true }],
              rows: tbody,
            }),
          ),
        );
      }
      list.append(li);
    }
    body.append(list);
  },
};

/**
 * The account's own plans, [{id, name}], named from the catalogue where it lists them (the
 * server gives ids only), else by id; null when the server does not say which plans it has.
 */
export function ownPlans(summary, offered) {
  if (!summary || !Array.isArray(summary.plans)) return null;
  const names = new Map((offered || []).map((p) => [p.id, p.name]));
  return summary.plans.map((id) => ({ id, name: names.get(id) || humanize(id) }));
}

const PLAN_CATEGORY_LABELS = {
  phone_numbers: "Phone numbers",
  number_services: "Number services",
  users: "Users",
  devices: "Devices",
  limits: "Trunks and limits",
  ui_apps: "Apps",
  conferencing: "Conferencing",
  ips: "Dedicated IPs",
};

/**
 * Groups a Kazoo plan ({category: {item: {name?, rate?, activation_charge?}}}) for display:
 * [{ category, label, items: [{ label, rate?, activation? }] }], priced items only.
 */
export function planGroups(plan) {
  const groups = [];
  const cats = plan && plan.plan && typeof plan.plan === "object" ? plan.plan : null;
  if (!cats) return groups;
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  for (const [cat, items] of Object.entries(cats)) {
    if (!items || typeof items !== "object") continue;
    const label = PLAN_CATEGORY_LABELS[cat] || humanize(cat);
    const rows = [];
    for (const [key, item] of Object.entries(items)) {
      if (!item || typeof item !== "object") continue;
      const rate = num(item.rate);
      const activation = num(item.activation_charge);
      if (rate === undefined && activation === undefined) continue;
      let name = typeof item.name === "string" && item.name ? item.name : key === "_all" ? `All ${label.toLowerCase()}` : humanize(key);
      const minimum = num(item.minimum);
      if (minimum && minimum > 0) name += ` (minimum ${minimum})`;
      rows.push({ label: name, rate, activation });
    }
    if (rows.length) groups.push({ category: cat, label, items: rows });
  }
  return groups;
}
