// The widget's manage mode (attribute `manage`): "Add credit" on the balance card and the billing
// settings section, against the mock's scenario accounts (tests/mock/billing.mjs): a card that
// works, one that is declined, one that expired, an install without Braintree, a server that
// acts and then drops the connection, and a reseller that refuses. Driven with the keyboard where
// a person would; axe-core checks the page in light and dark at 390 px.
import { describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  ROOT,
  TOKEN,
  suiteEnvironment,
  openEmbed,
  openPage,
  waitSettled,
  recordEvents,
  assertCleanConsole,
  allowHttpError,
  requestsOf,
  norm,
  testAfterSetup,
} from "./helpers.mjs";

let env;
let setupError;
const it = testAfterSetup(() => setupError);
let nonce = 0;
const account = (scenario, dialect) => `billing-${scenario}-${dialect}-${++nonce}`;
const AXE_URL = "/" + path.relative(ROOT, path.join(ROOT, "node_modules", "axe-core", "axe.min.js")).split(path.sep).join("/");

/** The embed fixture with `manage` (unless told otherwise), connected to `id`, settled. */
async function open(id, { manage = true, width = 1280, theme } = {}) {
  const p = await openEmbed(env.browser, env.mock, width);
  await recordEvents(p.page);
  await p.page.evaluate(() => {
    for (const type of ["audian-billing-credit", "audian-billing-settings"]) {
      document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
    }
  });
  await p.page.evaluate(
    ({ base, id, token, manage, theme }) => {
      const w = document.getElementById("w");
      if (manage) w.setAttribute("manage", "");
      if (theme) w.setAttribute("theme", theme);
      w.setAttribute("base-url", base);
      w.setAttribute("account-id", id);
      w.authToken = token;
    },
    { base: env.mock.url, id, token: TOKEN, manage, theme },
  );
  await p.page.waitForTimeout(20);
  await waitSettled(p.page);
  if (manage) await p.page.locator('[data-part="settings"][data-state="ready"]').waitFor();
  return p;
}

const writes = async (id) => (await requestsOf(env.mock, id)).filter((r) => r.method !== "GET" && r.method !== "OPTIONS").map((r) => `${r.method} ${r.path.replace(`/v2/accounts/${id}`, "")}`);
const events = (page, type) => page.evaluate((type) => window.__events.filter((e) => e.type === type), type);
const balanceValue = async (page) => Number(await page.locator('[data-part="balance-amount"]').getAttribute("data-value"));

/** Opens the dialog from the keyboard, picks a preset by arrow keys, reviews; returns the dialog. */
async function reviewWithKeyboard(page, presetSteps) {
  await page.locator('[data-part="add-credit"]').focus();
  await page.keyboard.press("Enter");
  const dialog = page.locator('[data-part="credit-dialog"]');
  await dialog.waitFor({ state: "visible" });
  await page.locator('[data-part="credit-preset-25"]').focus();
  for (let i = 0; i < presetSteps; i++) await page.keyboard.press("ArrowDown");
  await page.locator('[data-part="credit-review"]').focus();
  await page.keyboard.press("Enter");
  await page.locator('[data-part="credit-summary"]').waitFor({ state: "visible" });
  return dialog;
}

async function axe(page) {
  await page.addScriptTag({ url: AXE_URL }); // same origin: the page's CSP (script-src 'self') allows it
  return page.evaluate(async () => {
    const root = document.querySelector("audian-billing-widget");
    const result = await window.axe.run(root, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

describe("the widget's manage mode", () => {
  suiteEnvironment({
    started: (e) => {
      env = e;
    },
    failed: (e) => {
      setupError = e;
    },
  });

  it("without `manage`, no control that writes appears", async () => {
    const { page, context, log } = await open(account("ok", "kazoo5"), { manage: false });
    try {
      for (const part of ["add-credit", "credit-dialog", "settings", "auto-recharge-form", "low-balance-form", "card-on-file", "card-expired"]) {
        assert.equal(await page.locator(`[data-part="${part}"]`).count(), 0, part);
      }
      assert.equal(await page.locator("audian-billing-widget dialog").count(), 0, "no dialog");
      assert.equal(log.responses.filter((r) => /\/v2\/.*\/braintree\//.test(r.url)).length, 0, "the card on file is not even read");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("adds credit once: keyboard, the card named, a busy button, then a notice and the page reloaded", async () => {
    const id = account("ok", "kazoo5");
    const { page, context, log } = await open(id);
    try {
      const before = await balanceValue(page);
      const dialog = await reviewWithKeyboard(page, 1);
      assert.equal(norm(await page.locator('[data-part="credit-summary"]').innerText()), "Charge $50.00 to Visa •4242?");
      // Pressed twice: one payment.
      const confirm = page.locator('[data-part="credit-confirm"]');
      await confirm.focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter").catch(() => {});
      await page.locator('[data-part="notice"][data-kind="success"]').waitFor();
      await waitSettled(page);
      assert.deepEqual(await writes(id), ["POST /services/topup"], "sent once");
      assert.equal(norm(await page.locator('[data-part="notice"]').innerText()), "Credit added $50.00 was added to your balance, charged to Visa •4242.");
      assert.equal(await page.locator('[data-part="notice"]').getAttribute("role"), "status");
      assert.equal(await balanceValue(page), before + 50, "the balance reloaded");
      const [credit] = await events(page, "audian-billing-credit");
      assert.equal(credit.detail.amount, 50);
      assert.match(credit.detail.transactionId, /^\d{6}-[0-9a-f]{32}$/);
      assert.ok(credit.bubbles && credit.composed);
      const first = page.locator('[data-part="transactions"] tbody tr').first();
      assert.match(norm(await first.innerText()), /Manual top-up/, "the transactions reloaded");
      assert.equal(await dialog.isVisible(), false);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("a custom amount is checked in the form: nothing is sent until it is right", async () => {
    const id = account("ok", "kazoo42");
    const { page, context, log } = await open(id);
    try {
      await page.locator('[data-part="add-credit"]').click();
      assert.match(norm(await page.locator('[data-part="credit-choose"]').innerText()), /Charged to Visa •4242\./, "the dialog names the card");
      const custom = page.locator('[data-part="credit-custom"]');
      for (const bad of ["10.001", "0", "abc", "20000"]) {
        await custom.fill(bad);
        await page.locator('[data-part="credit-review"]').click();
        assert.equal(await custom.getAttribute("aria-invalid"), "true", bad);
        assert.match(await page.locator('[data-part="credit-dialog"] .abw-field-error').innerText(), /Enter an amount from \$0\.01 to \$10,000\.00/);
        assert.equal(await page.evaluate(() => document.querySelector("audian-billing-widget").shadowRoot.activeElement?.dataset.part), "credit-custom");
      }
      await custom.fill("12,50");
      await page.locator('[data-part="credit-review"]').click();
      assert.equal(norm(await page.locator('[data-part="credit-summary"]').innerText()), "Charge $12.50 to Visa •4242?");
      await page.locator('[data-part="credit-back"]').click();
      await page.keyboard.press("Escape");
      assert.equal(await page.locator('[data-part="credit-dialog"]').isVisible(), false);
      assert.deepEqual(await writes(id), [], "nothing was sent");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("a declined card, a refusal and no card on file each have their own words", async () => {
    const declined = account("declined", "kazoo5");
    let { page, context, log } = await open(declined);
    try {
      const before = await balanceValue(page);
      await reviewWithKeyboard(page, 0);
      await page.locator('[data-part="credit-confirm"]').click();
      const error = page.locator('[data-part="credit-error"]');
      await error.waitFor();
      assert.equal(await error.getAttribute("role"), "alert");
      assert.equal(await error.getAttribute("data-kind"), "payment_declined");
      assert.match(norm(await error.innerText()), /^Your card was declined No money was taken\. .*Reference for support: [0-9a-f]{32}$/);
      assert.equal(await page.locator('[data-part="credit-confirm"]').isVisible(), true, "another try is fine: nothing was charged");
      assert.equal(await balanceValue(page), before);
      const [report] = (await events(page, "audian-billing-error")).map((e) => e.detail);
      assert.deepEqual([report.kind, report.status, report.section], ["payment_declined", 500, "balance"]);
      await assertCleanConsole(page, log, { allow: [allowHttpError(500, /\/services\/topup$/)] });
    } finally {
      await context.close();
    }

    ({ page, context, log } = await open(account("refused", "kazoo42")));
    try {
      await reviewWithKeyboard(page, 2);
      await page.locator('[data-part="credit-confirm"]').click();
      await page.locator('[data-part="credit-error"]').waitFor();
      assert.match(norm(await page.locator('[data-part="credit-error"]').innerText()), /^Credit can't be added from this page Your phone provider manages payments/);
      await assertCleanConsole(page, log, { allow: [allowHttpError(403, /\/braintree\/credits$/)] });
    } finally {
      await context.close();
    }

    ({ page, context, log } = await open(account("nobraintree", "kazoo42")));
    try {
      await page.locator('[data-part="add-credit"]').click();
      assert.match(norm(await page.locator('[data-part="credit-dialog"]').innerText()), /There is no card on file\./);
      assert.equal(await page.locator('[data-part="credit-review"]').isDisabled(), true);
      assert.equal(norm(await page.locator('[data-part="card-on-file"]').innerText()), "There is no card on file.");
      await assertCleanConsole(page, log, { allow: [allowHttpError(404, /\/braintree\/customer$/)] });
    } finally {
      await context.close();
    }
  });

  it("a payment whose outcome is unknown is never offered again: check the transactions", async () => {
    const id = account("drop", "kazoo5");
    const { page, context, log } = await open(id);
    try {
      await reviewWithKeyboard(page, 0);
      await page.locator('[data-part="credit-confirm"]').click();
      const error = page.locator('[data-part="credit-error"]');
      await error.waitFor();
      assert.equal(await error.getAttribute("data-outcome"), "unknown", JSON.stringify(await events(page, "audian-billing-error")));
      assert.match(norm(await error.innerText()), /^We could not confirm the payment Check your transactions before trying again/);
      assert.equal(await page.locator('[data-part="credit-confirm"]').isVisible(), false, "no button to pay again");
      assert.deepEqual(await writes(id), ["POST /services/topup"], "one POST reached the server");
      await page.locator('[data-part="credit-back"]').click(); // "Check transactions": closes and reloads
      await waitSettled(page);
      const first = page.locator('[data-part="transactions"] tbody tr').first();
      assert.match(norm(await first.innerText()), /Manual top-up/, "the payment did go through: the transactions say so");
      assert.deepEqual(await writes(id), ["POST /services/topup"]);
      await assertCleanConsole(page, log, { allow: [(e) => /ERR_|Failed to load resource/.test(e.text) && /services\/topup/.test(e.url ?? "")] });
    } finally {
      await context.close();
    }
  });

  it("billing settings: validation in the form, saved as stored, turned off with null", async () => {
    const id = account("ok", "kazoo5");
    const { page, context, log } = await open(id);
    try {
      const toggle = page.locator('[data-part="auto-recharge-toggle"]');
      assert.equal(await toggle.isChecked(), true);
      assert.equal(await page.locator('[data-part="auto-recharge-threshold"]').inputValue(), "10");
      assert.equal(await page.locator('[data-part="auto-recharge-amount"]').inputValue(), "25");
      assert.equal(await page.locator('[data-part="low-balance-toggle"]').isChecked(), true);
      assert.equal(await page.locator('[data-part="low-balance-threshold"]').inputValue(), "5");
      assert.equal(norm(await page.locator('[data-part="card-on-file"]').innerText()), `Card on file: Visa •4242, expires 04/${new Date().getUTCFullYear() + 2}`);

      const amount = page.locator('[data-part="auto-recharge-amount"]');
      await amount.fill("-3");
      await page.locator('[data-part="auto-recharge-save"]').click();
      assert.equal(await amount.getAttribute("aria-invalid"), "true");
      assert.deepEqual(await writes(id), [], "nothing sent while a field is wrong");

      await amount.fill("40");
      await page.locator('[data-part="auto-recharge-threshold"]').fill("12.5");
      await page.locator('[data-part="auto-recharge-save"]').click();
      await page.locator('[data-part="auto-recharge-status"] [data-part="settings-saved"]').waitFor();
      let saved = await events(page, "audian-billing-settings");
      assert.deepEqual(saved.at(-1).detail, { autoRecharge: { threshold: 12.5, amount: 40 }, lowBalanceAlert: { enabled: true, threshold: 5 } });

      await toggle.focus();
      await page.keyboard.press("Space");
      assert.equal(await page.locator('[data-part="auto-recharge-amount"]').isVisible(), false);
      await page.locator('[data-part="auto-recharge-save"]').click();
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "audian-billing-settings").length === 2);
      saved = await events(page, "audian-billing-settings");
      assert.equal(saved.at(-1).detail.autoRecharge, null);

      await page.locator('[data-part="low-balance-toggle"]').uncheck();
      await page.locator('[data-part="low-balance-save"]').click();
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "audian-billing-settings").length === 3);
      saved = await events(page, "audian-billing-settings");
      assert.deepEqual(saved.at(-1).detail.lowBalanceAlert, { enabled: false, threshold: 5 });
      assert.deepEqual(await writes(id), ["PATCH ", "PATCH ", "PATCH "]);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("an expired card shows a warning", async () => {
    const { page, context, log } = await open(account("expired", "kazoo42"));
    try {
      const warning = page.locator('[data-part="card-expired"]');
      assert.equal(await warning.getAttribute("role"), "alert");
      assert.match(norm(await warning.innerText()), new RegExp(`^Your Visa •0069 expired \\(03/${new Date().getUTCFullYear() - 1}\\) Update your payment method`));
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("the demo page opens in manage mode, with a switch to turn it off", async () => {
    const { page, context, log } = await openPage(env.browser, env.mock, "/www/index.html");
    try {
      await waitSettled(page);
      await page.locator('[data-part="settings"][data-state="ready"]').waitFor();
      assert.equal(await page.locator('[data-part="add-credit"]').count(), 1);
      await page.locator("#manage-switch").uncheck();
      await page.locator('[data-part="settings"]').waitFor({ state: "detached" });
      await waitSettled(page);
      assert.equal(await page.locator('[data-part="add-credit"]').count(), 0);
      assert.equal(await page.locator("#billing").evaluate((w) => w.manage), false);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("axe-core finds no violation, light and dark, at 390 px, with the dialog open too", async () => {
    for (const theme of ["light", "dark"]) {
      const { page, context, log } = await open(account("expired", "kazoo5"), { width: 390, theme });
      try {
        assert.deepEqual(await axe(page), [], `${theme}: page`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(overflow <= 390, `${theme}: no sideways scrolling at 390 px (${overflow})`);
        await page.locator('[data-part="add-credit"]').click();
        assert.deepEqual(await axe(page), [], `${theme}: dialog`);
        const box = await page.locator('[data-part="credit-dialog"]').boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${theme}: the dialog fits (${JSON.stringify(box)})`);
        await assertCleanConsole(page, log);
      } finally {
        await context.close();
      }
    }
  });
});
