// Billing cycle: the current period from the account's creation day, the next invoice (the
// server's next billing date when it gives one, else Audian's rule: the 1st of next month) and
// the payment due date (30 days after the invoice). Dates in UTC.
import { h } from "../dom.js";

const DAY_MS = 86400000;

export const cycleCard = {
  id: "cycle",
  title: "Billing cycle",
  lines: 2,

  async load(ctx, signal) {
    const account = await ctx.store.account(signal);
    const summary = await ctx.optionalSummary(signal);
    return { account, summary };
  },

  render(body, { account, summary }, ctx) {
    const cycle = ctx.cycle;
    const serverDate = summary && summary.nextBillingDate ? new Date(summary.nextBillingDate) : null;
    const fromServer = serverDate && !Number.isNaN(serverDate.getTime());
    const invoice = fromServer ? serverDate : cycle.nextInvoice;
    const due = fromServer ? new Date(invoice.getTime() + 30 * DAY_MS) : cycle.due;
    const rows = [];
    const item = (term, value, part, date) => {
      const dd = h("dd", { part }, value);
      if (date) dd.dataset.date = date.toISOString().slice(0, 10);
      rows.push(h("div", { class: "abw-dl-row" }, h("dt", { text: term }), dd));
    };
    if (cycle.periodStart) {
      item("Current period", `${ctx.fmt.utcDate(cycle.periodStart)} – ${ctx.fmt.utcDate(cycle.periodLastDay)}`, "cycle-period", cycle.periodStart);
    } else {
      item("Current period", "Not available (no account creation date)", "cycle-period");
    }
    item(fromServer ? "Next billing date" : "Next invoice", ctx.fmt.utcDate(invoice), "cycle-invoice", invoice);
    item("Payment due", ctx.fmt.utcDate(due), "cycle-due", due);
    const source = fromServer
      ? "The next billing date comes from the billing service; payment is due 30 days later (dates in UTC)."
      : account.created
        ? `Estimated: billed monthly from the ${ordinalDay(new Date(account.created).getUTCDate())}; invoices are issued on the 1st and due 30 days later (dates in UTC).`
        : "Estimated: invoices are issued on the 1st of the month and due 30 days later (dates in UTC).";
    const note = h("p", { class: "abw-note", part: "cycle-source", text: source });
    note.dataset.source = fromServer ? "server" : "estimate";
    body.append(h("dl", { class: "abw-dl" }, rows), note);
  },
};

function ordinalDay(n) {
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th";
  return `${n}${suffix}`;
}
