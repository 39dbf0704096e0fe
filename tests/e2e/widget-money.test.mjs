// Money as Kazoo 5.x books it, on the page: the account's standing (a banner when the server
// says it is not acceptable, and the load event's `standing`), the plans card's two lists (the
// account's own plans, and the plans offered), and monthly charges billed to a card. Expected
// values come from the mock's raw dataset (GET /__mock/dataset/<id>).
// Run: node --test tests/e2e/widget-money.test.mjs
import { describe } from "node:test";
import assert from "node:assert/strict";
import { ACCOUNTS, suiteEnvironment, openEmbed, connect, widgetState, recordEvents, assertCleanConsole, dataset, norm, testAfterSetup } from "./helpers.mjs";

// The mock's Kazoo 5.x accounts besides the demo (tests/mock/common.mjs).
const DELINQUENT = "de11de11de11de11de11de11de11de11";
const CARD = "ca4dca4dca4dca4dca4dca4dca4dca4d";

let env;
let setupError;
const it = testAfterSetup(() => setupError);

/** Opens the widget on an account and waits for its load event; returns the page and the event's detail. */
async function open(accountId) {
  const p = await openEmbed(env.browser, env.mock, 1280);
  await recordEvents(p.page);
  await connect(p.page, env.mock, accountId);
  await p.page.waitForFunction(() => window.__events.some((e) => e.type === "audian-billing-load"));
  const events = await p.page.evaluate(() => window.__events);
  return { ...p, load: events.find((e) => e.type === "audian-billing-load").detail };
}

describe("money as Kazoo 5.x books it", () => {
  suiteEnvironment({
    started: (e) => {
      env = e;
    },
    failed: (e) => {
      setupError = e;
    },
  });

  it("a delinquent account gets a banner in customer words with the server's reason; the load event carries the standing", async () => {
    const set = await dataset(env.mock, DELINQUENT);
    const { page, context, log, load } = await open(DELINQUENT);
    try {
      assert.equal(await widgetState(page), "ready");
      const banner = page.locator('[data-part="standing-banner"]');
      assert.equal(await banner.count(), 1);
      assert.equal(await banner.getAttribute("role"), "alert");
      assert.equal(await banner.getAttribute("data-reason"), "bookkeeper_rejection");
      const text = norm(await banner.innerText());
      assert.match(text, /This account's billing needs attention/);
      assert.equal(norm(await page.locator('[data-part="standing-reason"]').innerText()), set.summary.status.message);
      assert.doesNotMatch(text, /bookkeeper_rejection/, "the machine reason is for developers, in the event");
      assert.deepEqual(load.standing, set.summary.status);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("an account in good standing gets no banner, and says so in the event", async () => {
    const { page, context, load } = await open(ACCOUNTS.demo);
    try {
      assert.equal(await page.locator('[data-part="standing-banner"]').count(), 0);
      assert.deepEqual(load.standing, { acceptable: true, reason: "good standing" });
    } finally {
      await context.close();
    }
  });

  it("the plans card: the account's own plans as 'Your plan', the catalogue apart as 'Plans offered', nothing 'assigned'", async () => {
    const set = await dataset(env.mock, ACCOUNTS.demo);
    const { page, context } = await open(ACCOUNTS.demo);
    try {
      const card = page.locator('[data-part="plans"]');
      assert.equal(norm(await page.locator('[data-part="own-plans-title"]').innerText()), "Your plan");
      assert.equal(norm(await page.locator('[data-part="offered-plans-title"]').innerText()), "Plans offered");
      const own = await page.locator('[data-part="own-plan"]').evaluateAll((els) => els.map((el) => [el.dataset.id, el.textContent]));
      const names = new Map(set.plans.map((p) => [p.id, p.name]));
      assert.deepEqual(own, Object.keys(set.summary.plans).sort().map((id) => [id, names.get(id)]));
      const offered = await page.locator('[data-part="plan"]').evaluateAll((els) => els.map((el) => el.dataset.id));
      assert.deepEqual(offered, set.plans.map((p) => p.id));
      assert.ok(offered.some((id) => !Object.hasOwn(set.summary.plans, id)), "the catalogue offers a plan the account does not have");
      assert.doesNotMatch(await card.innerText(), /assigned/i);
    } finally {
      await context.close();
    }
  });

  it("billed by card: monthly charges say so, and a month without recurring ledger entries charges only usage", async () => {
    const set = await dataset(env.mock, CARD);
    const { page, context, log } = await open(CARD);
    try {
      assert.ok(set.summary.invoices.every((inv) => inv.bookkeeper.type === "braintree"));
      assert.match(norm(await page.locator('[data-part="billed-to-card"]').innerText()), /Billed to your card on file/);
      const categories = await page.locator('[data-part="categories"] [data-category]').evaluateAll((els) => els.map((el) => el.dataset.category));
      assert.ok(!categories.includes("users") && !categories.includes("other"), categories.join());
      assert.equal(await page.locator('[data-part="standing-banner"]').count(), 0);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("the demo account is not billed to a card", async () => {
    const { page, context } = await open(ACCOUNTS.demo);
    try {
      assert.equal(await page.locator('[data-part="billed-to-card"]').count(), 0);
    } finally {
      await context.close();
    }
  });
});
