// Managing billing from the widget (attribute `manage`): the "Add credit" dialog of the balance
// card, and what the billing-settings card shares with it: amounts as people type them, the card
// on file, and words for customers when a payment or a change does not go through.
import { h, nextId } from "./dom.js";

/** The largest amount the client accepts in one call (README, "Managing billing"). */
export const MAX_AMOUNT = 10000;
const PRESETS = [25, 50, 100];

/**
 * An amount typed by a person: digits with at most two decimals ("25", "25.5", "25,50"), more
 * than 0 (or 0 too with `zeroOk`), at most MAX_AMOUNT. Returns the number, or null.
 */
export function parseAmount(text, zeroOk = false) {
  const t = String(text ?? "").trim().replace(",", ".");
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_AMOUNT && (n > 0 || (zeroOk && n === 0)) ? n : null;
}

/** The card a payment goes to: the default one, else the first; null when there is none. */
export function chargedCard(method) {
  const cards = (method && method.cards) || [];
  return cards.find((c) => c.default) || cards[0] || null;
}

/** "Visa •4242". */
export const cardName = (card) => `${card.brand} •${card.lastFour}`;

/** The card on file, once per load (the balance and settings cards share it); null when none. */
export function paymentMethod(ctx, signal) {
  return ctx.store.once("paymentMethod", () => ctx.client.paymentMethod({ signal }));
}

/** Words for customers when adding credit or saving settings failed, by what the error says. */
export function writeWords(e, what) {
  if (e && e.outcomeUnknown) {
    return what === "credit"
      ? { title: "We could not confirm the payment", text: "Check your transactions before trying again: the payment may have gone through." }
      : { title: "We could not confirm the change", text: "Reload the page to see what was saved before trying again." };
  }
  switch (e && e.kind) {
    case "payment_declined":
      return { title: "Your card was declined", text: "No money was taken. Try another card, or ask your bank why the payment was declined." };
    case "forbidden":
      return { title: "Credit can't be added from this page", text: "Your phone provider manages payments for this account: contact them to add credit." };
    case "config":
      return { title: "Changes are turned off here", text: "This page can show billing but not change it. Manage billing in the Audian portal." };
    case "not_found":
      return { title: "Payments by card aren't available", text: "Contact Audian support to add credit to this account." };
    case "http":
      if (e.status === 402) return { title: "There is no card on file", text: "Add a card under payment methods, then try again." };
      return { title: "The payment was not accepted", text: "Nothing was charged. Check the amount, then try again." };
    default:
      return null;
  }
}

/** Shows `e` in `box` in customer words (role=alert), with the request id for support. */
export function showWriteError(box, e, what, fallback) {
  const w = writeWords(e, what) || fallback(e);
  const el = h(
    "div",
    { class: "abw-error abw-error-soft", part: `${what}-error`, role: "alert" },
    h("p", { class: "abw-error-title", text: w.title }),
    h("p", { class: "abw-error-message", text: w.text }),
  );
  el.dataset.kind = (e && e.kind) || "unknown";
  if (e && e.outcomeUnknown) el.dataset.outcome = "unknown";
  if (e && e.requestId) el.append(h("p", { class: "abw-error-request" }, "Reference for support: ", h("code", { part: "request-id", text: e.requestId })));
  box.replaceChildren(el);
}

/**
 * The "Add credit" button and its dialog, for the balance card. `card` is the card on file (or
 * null); `view` is the balance card's view (section.js: reports, words, the widget's reload).
 */
export function addCreditControl(ctx, card, view) {
  const titleId = nextId("credit-title");
  const open = h("button", { type: "button", class: "abw-button", part: "add-credit", xpart: "button add-credit", text: "Add credit" });
  const dialog = h("dialog", { class: "abw-dialog", part: "credit-dialog", xpart: "dialog", "aria-labelledby": titleId });
  const status = h("div", { class: "abw-dialog-status" });
  const customId = nextId("credit-custom");
  const customError = h("p", { class: "abw-field-error", id: nextId("credit-error"), hidden: true });
  const custom = h("input", {
    class: "abw-input",
    id: customId,
    part: "credit-custom",
    inputmode: "decimal",
    autocomplete: "off",
    "aria-describedby": customError.id,
  });
  const radios = [...PRESETS.map((v) => ({ value: String(v), label: ctx.fmt.money(v) })), { value: "custom", label: "Other amount" }].map((o, i) =>
    h("label", { class: "abw-choice" }, h("input", { type: "radio", name: titleId, value: o.value, checked: i === 0, part: `credit-preset-${o.value}` }), o.label),
  );
  const review = h("button", { type: "submit", class: "abw-button", part: "credit-review", text: "Review" });
  const cancel = h("button", { type: "button", class: "abw-button abw-button-secondary", part: "credit-cancel", text: "Cancel", onclick: () => dialog.close() });
  const choose = h(
    "form",
    { class: "abw-dialog-step", part: "credit-choose", novalidate: true },
    h("fieldset", { class: "abw-fieldset" }, h("legend", { text: "Amount" }), radios),
    h("div", { class: "abw-field" }, h("label", { for: customId, text: `Other amount (${ctx.currency}, up to ${ctx.fmt.money(MAX_AMOUNT)})` }), custom, customError),
    h("p", { class: "abw-note", text: card ? `Charged to ${cardName(card)}.` : "There is no card on file." }),
    h("div", { class: "abw-dialog-actions" }, cancel, review),
  );
  const summary = h("p", { class: "abw-confirm-text", part: "credit-summary", tabindex: "-1" });
  const confirm = h("button", { type: "submit", class: "abw-button", part: "credit-confirm", text: "Confirm payment" });
  const back = h("button", { type: "button", class: "abw-button abw-button-secondary", part: "credit-back", text: "Back" });
  const confirmStep = h("form", { class: "abw-dialog-step", part: "credit-confirm-step", hidden: true }, summary, h("div", { class: "abw-dialog-actions" }, back, confirm));
  dialog.append(h("h2", { class: "abw-dialog-title", id: titleId, text: "Add credit" }), status, choose, confirmStep);
  if (!card) review.disabled = true;

  let amount = null;
  let busy = false;
  const selected = () => choose.querySelector("input[type=radio]:checked")?.value;
  const reset = () => {
    amount = null;
    status.replaceChildren();
    choose.hidden = false;
    confirmStep.hidden = true;
    confirm.hidden = false;
    back.textContent = "Back";
  };
  custom.addEventListener("focus", () => {
    const other = choose.querySelector('input[value="custom"]');
    if (other) other.checked = true;
  });
  choose.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = selected() === "custom" ? parseAmount(custom.value) : Number(selected());
    const invalid = value === null;
    if (invalid) custom.setAttribute("aria-invalid", "true");
    else custom.removeAttribute("aria-invalid");
    customError.hidden = !invalid;
    customError.textContent = invalid ? `Enter an amount from ${ctx.fmt.money(0.01)} to ${ctx.fmt.money(MAX_AMOUNT)}, in whole cents.` : "";
    if (invalid) {
      custom.focus();
      return;
    }
    amount = value;
    summary.textContent = `Charge ${ctx.fmt.money(amount)} to ${cardName(card)}?`;
    choose.hidden = true;
    confirmStep.hidden = false;
    summary.focus();
  });
  back.addEventListener("click", () => {
    if (confirm.hidden) {
      // After an unknown outcome the way out is to look at the transactions: reload them.
      dialog.close();
      view.reloadAll();
      return;
    }
    reset();
    choose.querySelector("input:checked")?.focus();
  });
  confirmStep.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy || amount === null) return; // one payment per confirmation
    busy = true;
    confirm.disabled = true;
    back.disabled = true;
    confirm.setAttribute("aria-busy", "true");
    confirm.textContent = "Processing payment…";
    status.replaceChildren();
    try {
      const credit = await ctx.client.addCredit({ amount });
      dialog.close();
      view.creditAdded(credit, `${ctx.fmt.money(credit.amount)} was added to your balance, charged to ${cardName(card)}.`);
    } catch (e) {
      view.report(e);
      showWriteError(status, e, "credit", (err) => view.words(err));
      if (e && e.outcomeUnknown) {
        confirm.hidden = true; // never invite a second payment while the first is unknown
        back.textContent = "Check transactions";
      }
    } finally {
      busy = false;
      confirm.disabled = false;
      back.disabled = false;
      confirm.removeAttribute("aria-busy");
      confirm.textContent = "Confirm payment";
    }
  });
  dialog.addEventListener("cancel", (event) => {
    if (busy) event.preventDefault(); // Escape cannot hide a payment in progress
  });
  dialog.addEventListener("close", () => {
    if (!busy) reset();
  });
  open.addEventListener("click", () => {
    reset();
    dialog.showModal();
  });
  view.onCleanup(() => dialog.open && !busy && dialog.close());
  return [h("div", { class: "abw-manage-actions" }, open), dialog];
}
