// Billing settings (attribute `manage` only): auto-recharge and the low-balance alert, each a
// small form checked before anything is sent, and the card on file with a warning once it expired.
import { h, nextId } from "../dom.js";
import { MAX_AMOUNT, cardName, chargedCard, parseAmount, paymentMethod, showWriteError } from "../manage.js";

export const settingsCard = {
  id: "settings",
  title: "Billing settings",
  lines: 4,

  async load(ctx, signal) {
    const [settings, method] = await Promise.all([
      ctx.client.billingSettings({ signal }),
      paymentMethod(ctx, signal).catch((e) => {
        if (signal.aborted) throw e;
        return undefined; // the settings still show without the card
      }),
    ]);
    return { settings, method };
  },

  render(body, { settings, method }, ctx, view) {
    const card = chargedCard(method);
    if (card && card.expired) {
      body.append(
        h(
          "div",
          { class: "abw-banner abw-card-expired", part: "card-expired", role: "alert" },
          h("p", { class: "abw-banner-title", text: `Your ${cardName(card)} expired (${card.expires})` }),
          h("p", { class: "abw-banner-text", text: "Update your payment method to keep adding credit and auto-recharge working." }),
        ),
      );
    }
    if (method !== undefined) {
      body.append(
        h("p", { class: "abw-note", part: "card-on-file", text: card ? `Card on file: ${cardName(card)}, expires ${card.expires}` : "There is no card on file." }),
      );
    }
    const recharge = settings.autoRecharge;
    const alert = settings.lowBalanceAlert;
    body.append(
      settingsForm(ctx, view, {
        id: "auto-recharge",
        legend: "Auto-recharge",
        toggle: "Add credit automatically when the balance is low",
        on: recharge !== null,
        fields: [
          { name: "threshold", label: "When the balance falls below", value: recharge?.threshold ?? 10 },
          { name: "amount", label: "Add", value: recharge?.amount ?? 25 },
        ],
        changes: (on, v) => ({ autoRecharge: on ? { threshold: v.threshold, amount: v.amount } : null }),
      }),
      settingsForm(ctx, view, {
        id: "low-balance",
        legend: "Low-balance alert",
        toggle: "Email me when the balance is low",
        on: Boolean(alert && alert.enabled),
        fields: [{ name: "threshold", label: "When the balance falls below", value: alert?.threshold ?? 5, zeroOk: true }],
        changes: (on, v) => ({ lowBalanceAlert: { enabled: on, threshold: v.threshold } }),
      }),
    );
  },
};

/** One settings form: an on/off switch, its amounts (checked here), Save and what happened. */
function settingsForm(ctx, view, spec) {
  const toggleId = nextId(`${spec.id}-on`);
  const toggle = h("input", { type: "checkbox", id: toggleId, checked: spec.on, part: `${spec.id}-toggle` });
  const inputs = spec.fields.map((f) => {
    const id = nextId(`${spec.id}-${f.name}`);
    const error = h("p", { class: "abw-field-error", id: `${id}-error`, hidden: true });
    const input = h("input", {
      class: "abw-input",
      id,
      part: `${spec.id}-${f.name}`,
      inputmode: "decimal",
      autocomplete: "off",
      value: String(f.value),
      "aria-describedby": error.id,
    });
    const field = h("div", { class: "abw-field" }, h("label", { for: id, text: `${f.label} (${ctx.currency})` }), input, error);
    return { f, input, error, field };
  });
  const status = h("div", { class: "abw-settings-status", part: `${spec.id}-status`, role: "status" });
  const save = h("button", { type: "submit", class: "abw-button", part: `${spec.id}-save`, text: "Save" });
  const fieldset = h("div", { class: "abw-settings-fields" }, inputs.map((i) => i.field));
  const showFields = () => {
    fieldset.hidden = !toggle.checked;
  };
  toggle.addEventListener("change", showFields);
  showFields();
  const form = h(
    "form",
    { class: "abw-settings-form", part: `${spec.id}-form`, novalidate: true },
    h("fieldset", { class: "abw-fieldset" }, h("legend", { text: spec.legend }), h("label", { class: "abw-choice", for: toggleId }, toggle, spec.toggle), fieldset),
    h("div", { class: "abw-dialog-actions" }, save),
    status,
  );
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const values = {};
    let firstBad = null;
    for (const { f, input, error } of inputs) {
      const value = toggle.checked ? parseAmount(input.value, f.zeroOk) : parseAmount(input.value, true) ?? 0;
      const bad = value === null;
      if (bad) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      error.hidden = !bad;
      error.textContent = bad ? `Enter an amount from ${ctx.fmt.money(f.zeroOk ? 0 : 0.01)} to ${ctx.fmt.money(MAX_AMOUNT)}, in whole cents.` : "";
      firstBad ??= bad ? input : null;
      values[f.name] = value;
    }
    status.replaceChildren();
    if (firstBad) {
      firstBad.focus();
      return;
    }
    busy = true;
    save.disabled = true;
    save.setAttribute("aria-busy", "true");
    try {
      const stored = await ctx.client.updateBillingSettings(spec.changes(toggle.checked, values));
      status.replaceChildren(h("p", { class: "abw-saved", part: "settings-saved", text: "Saved." }));
      view.settingsSaved(stored);
    } catch (e) {
      view.report(e);
      showWriteError(status, e, "settings", (err) => view.words(err));
    } finally {
      busy = false;
      save.disabled = false;
      save.removeAttribute("aria-busy");
    }
  });
  return form;
}
