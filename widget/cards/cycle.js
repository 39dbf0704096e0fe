// Billing cycle, dates in UTC. Where the server gives its next billing date (Kazoo 4.3+), the
// current period is the month before it and the monthly charges are billed on that date: the
// server names no later due date, so none is shown. Elsewhere the cycle is estimated by Audian's
// rule: a period from the account's creation day, an invoice on the 1st, due 30 days later.
import { h } from "../dom.js";

export const cycleCard = {
  id: "cycle",
  title: "Billing cycle",
  lines: 2,

  async load(ctx, signal) {
    const [account, period, summary] = await Promise.all([ctx.store.account(signal), ctx.period(signal), ctx.optionalSummary(signal)]);
    return { account, cycle: period.cycle, summary };
  },

  render(body, { account, cycle, summary }, ctx) {
    const fromServer = cycle.source === "server";
    const rows = [];
    const item = (term, value, part, date) => {
      const dd = h("dd", { part }, value);
      if (date) dd.dataset.date = date.toISOString().slice(0, 10);
      rows.push(h("div", { class: "abw-dl-row" }, h("dt", { text: term }), dd));
      return dd;
    };
    if (cycle.periodStart) {
      item("Current period", `${ctx.fmt.utcDate(cycle.periodStart)} – ${ctx.fmt.utcDate(cycle.periodLastDay)}`, "cycle-period", cycle.periodStart);
    } else {
      item("Current period", "Not available (no account creation date)", "cycle-period");
    }
    if (fromServer) {
      item("Next billing date", ctx.fmt.utcDate(cycle.nextInvoice), "cycle-invoice", cycle.nextInvoice);
      const billed = item("Billed then", `${ctx.fmt.total(summary.recurringTotal)} monthly charges`, "cycle-due", cycle.nextInvoice);
      billed.dataset.value = String(summary.recurringTotal);
    } else {
      item("Next invoice", ctx.fmt.utcDate(cycle.nextInvoice), "cycle-invoice", cycle.nextInvoice);
      item("Payment due", ctx.fmt.utcDate(cycle.due), "cycle-due", cycle.due);
    }
    const source = fromServer
      ? "The period and the next billing date come from the billing service; the monthly charges are billed on that date (dates in UTC)."
      : account.created
        ? `Estimated: billed monthly from the ${ordinalDay(new Date(account.created).getUTCDate())}; invoices are issued on the 1st and due 30 days later (dates in UTC).`
        : "Estimated: invoices are issued on the 1st of the month and due 30 days later (dates in UTC).";
    const note = h("p", { class: "abw-note", part: "cycle-source", text: source });
    note.dataset.source = cycle.source;
    body.append(h("dl", { class: "abw-dl" }, rows), note);
  },
};

function ordinalDay(n) {
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th";
  return `${n}${suffix}`;
}
