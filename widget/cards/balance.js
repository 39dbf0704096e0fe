// Account balance (rounded to the currency's minor unit) and the last payment.
import { h } from "../dom.js";
import { isCounted, isRefund, signedAmount } from "../billing-logic.js";
import { addCreditControl, chargedCard, paymentMethod } from "../manage.js";

/** A completed payment (money in, not a refund). */
const isPayment = (tx) => tx.type === "credit" && isCounted(tx) && !isRefund(tx);

export const balanceCard = {
  id: "balance",
  title: "Account balance",
  lines: 2,

  async load(ctx, signal) {
    const balance = await ctx.store.balance(signal);
    // The last payment comes from the shared month windows (the older ones only when the newest two
    // hold none); without them the card still shows the balance.
    const lastPayment = async () => {
      const recent = await ctx.store.recentRows(signal);
      return recent.find(isPayment) ?? (await ctx.store.rows(signal)).find(isPayment) ?? null;
    };
    const payment = await lastPayment().catch((e) => {
      if (signal.aborted) throw e;
      return undefined;
    });
    // With `manage`: the card "Add credit" will charge (undefined when it could not be read).
    const method = ctx.manage ? await paymentMethod(ctx, signal).catch((e) => {
      if (signal.aborted) throw e;
      return undefined;
    }) : undefined;
    return { balance, payment, method };
  },

  render(body, { balance, payment, method }, ctx, view) {
    const negative = balance.balance < 0;
    view.mark("sign", negative ? "negative" : "positive");
    const amount = h("p", {
      class: `abw-amount ${negative ? "is-negative" : ""}`.trim(),
      part: "balance-amount",
      xpart: "amount balance-amount",
      text: ctx.fmt.total(balance.balance),
    });
    amount.dataset.value = String(balance.balance);
    amount.dataset.currency = ctx.currency;
    body.append(
      amount,
      negative
        ? h("p", { class: "abw-note abw-note-negative", text: "Your balance is negative: add funds to avoid service interruption." })
        : h("p", { class: "abw-note", text: `Available credit, in ${ctx.currency}` }),
    );
    if (ctx.manage) body.append(...addCreditControl(ctx, chargedCard(method), view));
    if (payment === undefined) return;
    const value = payment
      ? h(
          "dd",
          { part: "last-payment" },
          ctx.fmt.money(signedAmount(payment), "exceptZero"),
          h("span", { class: "abw-fact-date", text: ` · ${ctx.fmt.date(payment.created)}` }),
        )
      : h("dd", { part: "last-payment", text: `None in the last ${ctx.months} months` });
    if (payment) value.dataset.id = payment.id;
    body.append(h("dl", { class: "abw-dl abw-balance-facts" }, h("div", { class: "abw-dl-row" }, h("dt", { text: "Last payment" }), value)));
  },
};
