// The widget embedded the way a portal does it (tests/e2e/fixtures/embed.html: attributes plus
// the authToken property), on the mock's special accounts: tidy forms, EUR, suspended, empty,
// hostile text, 401 and 500 faults, attribute/token changes, removal. Run: node --test tests/e2e/
import { describe } from "node:test";
import assert from "node:assert/strict";
import { DEMO_LOGIN, TRIAL_ENDING_ACCOUNT_NAME } from "../mock/auth.mjs";
import {
  ACCOUNTS,
  NOW,
  TOKEN,
  suiteEnvironment,
  openEmbed,
  waitSettled,
  connect,
  sectionStates,
  assertCleanConsole,
  allowHttpError,
  dataset,
  inRange,
  localRange,
  localDay,
  money,
  norm,
  signed,
  tokenExposure,
  readCsv,
  downloadText,
  CORE_SECTIONS,
  recordEvents,
  widgetState,
  testAfterSetup,
} from "./helpers.mjs";


/** A loopback port nothing listens on. */
async function closedPort() {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
let env;
let setupError;

const it = testAfterSetup(() => setupError);

const fresh = (width) => openEmbed(env.browser, env.mock, width);

/** The local day `n` days before NOW's. */
function daysBefore(n) {
  return new Date(Date.parse(`${localDay(NOW)}T12:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
}

function defaultRange() {
  return localRange(daysBefore(29), localDay(NOW));
}

/** The rows the list shows first: the range's newest 50 (the page size); never none here. */
function firstPage(set) {
  const { from, to } = defaultRange();
  const rows = inRange(set, from, to).slice(0, 50);
  assert.ok(rows.length > 0, "the dataset has transactions in the default range");
  return rows;
}

const rowIds = (page) =>
  page.locator('[data-part="transaction-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));

describe("embedded widget", () => {
  suiteEnvironment({
    started: (e) => {
      env = e;
    },
    failed: (e) => {
      setupError = e; // every test then fails with this message (a failing hook only cancels them)
    },
  });

  it("without a token it asks to be connected and makes no request", async () => {
    const { page, context, log } = await fresh();
    try {
      await page.evaluate((base) => {
        const w = document.getElementById("w");
        w.setAttribute("base-url", base);
        w.setAttribute("account-id", "7a1b2c3d4e5f60718293a4b5c6d7e8f9");
      }, env.mock.url);
      assert.deepEqual(await waitSettled(page), { state: "disconnected", accountId: null, sections: {} });
      assert.match(await page.locator(".abw-notice").innerText(), /authToken/);
      assert.equal(log.responses.filter((r) => r.url.includes("/v2/")).length, 0);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("tidy (Audian-documented) account: balance, rows, plans, cycle", async () => {
    const set = await dataset(env.mock, ACCOUNTS.tidy);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      const states = await sectionStates(page);
      for (const s of CORE_SECTIONS) assert.equal(states[s], "ready", s);
      // Audian's documented API has no ledgers and no monthly charges: left out, not failed.
      assert.equal(states.usage, "omitted");
      assert.equal(states["billing-summary"], "omitted");
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), money(set.balance, set.currency));
      const expected = firstPage(set);
      // Every row of the first page, in order, each with its amount.
      assert.deepEqual(await rowIds(page), expected.map((t) => t.id));
      const amounts = await page.locator('[data-part="amount"]').allInnerTexts();
      assert.deepEqual(amounts.map(norm), expected.map((t) => money(signed(t), "USD", "exceptZero")));
      assert.deepEqual((await page.locator('[data-part="plan-name"]').allInnerTexts()).map(norm), set.plans.map((p) => p.name));
      // created on the 3rd (RFC 3339 form): period Nov 3 – Dec 2
      assert.equal(norm(await page.locator('[data-part="cycle-period"]').innerText()), "Nov 3, 2026 – Dec 2, 2026");
      assert.equal(await page.locator('[data-part="status"]').getAttribute("data-account-state"), "active");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("EUR account: amounts in euros", async () => {
    const set = await dataset(env.mock, ACCOUNTS.eur);
    assert.equal(set.currency, "EUR");
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.eur);
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), money(set.balance, "EUR"));
      const expected = firstPage(set);
      const amounts = await page.locator('[data-part="amount"]').allInnerTexts();
      assert.deepEqual(amounts.map(norm), expected.map((t) => money(signed(t), "EUR", "exceptZero")));
      assert.ok(amounts.every((a) => a.includes("€")));
      // The CSV holds every row of the range (not only the page shown), each in euros.
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-part="export-csv"]').click()]);
      const [header, ...rows] = readCsv((await downloadText(download)).replace(/^\uFEFF/, ""));
      assert.equal(header[5], "Currency");
      const { from, to } = defaultRange();
      assert.deepEqual(rows.map((r) => r[7]), inRange(set, from, to).map((t) => t.id), "the CSV has every transaction of the range");
      assert.ok(rows.every((r) => r[5] === "EUR"));
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("suspended account: a clear banner and a visibly negative balance", async () => {
    const set = await dataset(env.mock, ACCOUNTS.suspended);
    assert.equal(set.account.enabled, false);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.suspended);
      const status = page.locator('[data-part="status"]');
      assert.equal(await status.getAttribute("data-account-state"), "suspended");
      const banner = page.locator(".abw-banner-suspended");
      assert.ok(await banner.isVisible());
      assert.match(await banner.innerText(), /suspended/i);
      const amount = page.locator('[data-part="balance-amount"]');
      assert.equal(norm(await amount.innerText()), money(set.balance, "USD"));
      assert.ok(set.balance < 0);
      assert.match(await amount.getAttribute("class"), /is-negative/);
      const color = await amount.evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(color, "rgb(24, 33, 47)", "negative balance is not in the normal text color");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("empty account: empty states, no load more, export disabled", async () => {
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.empty);
      assert.equal(await page.locator('[data-part="transaction-row"]').count(), 0);
      assert.match(await page.locator('[data-part="empty"]').innerText(), /No transactions between/);
      const more = page.locator('[data-part="load-more"]');
      assert.ok((await more.count()) === 0 || !(await more.isVisible()));
      assert.ok(await page.locator('[data-part="export-csv"]').isDisabled());
      assert.match(await page.locator('[data-part="categories"]').innerText(), /No charges yet/);
      assert.match(await page.locator('[data-part="plans"]').innerText(), /No service plan/);
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), "$0.00");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("hostile text renders as literal text and creates no element", async () => {
    const set = await dataset(env.mock, ACCOUNTS.hostile);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.hostile);
      // Proves that nothing happens: no injected handler runs, even given a moment after the load.
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      const counts = await page.evaluate(() => {
        const root = document.getElementById("w").shadowRoot;
        return {
          img: root.querySelectorAll("img").length + document.querySelectorAll("img").length,
          script: root.querySelectorAll("script").length,
          b: root.querySelectorAll("b").length,
          svgOnload: root.querySelectorAll("svg[onload], [onerror], [onload]").length,
        };
      });
      assert.deepEqual(counts, { img: 0, script: 0, b: 0, svgOnload: 0 });
      const descs = await page.locator('[data-part="description"]').allTextContents();
      assert.deepEqual(descs, firstPage(set).map((t) => t.shown), "every row of the first page, as text");
      for (const needle of ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=1</script>", "Line one\nLine two"]) {
        assert.ok(descs.includes(needle), `shows ${JSON.stringify(needle)} literally`);
      }
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
      assert.equal(norm(await page.locator('[data-part="plan-name"]').first().innerText()), set.plans[0].name);
      assert.equal(norm(await page.locator('[data-part="plan-description"]').first().innerText()), set.plans[0].description);

      // CSV keeps the text, quoted; formulas are neutralized with a leading apostrophe.
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-part="export-csv"]').click()]);
      const rows = readCsv(await downloadText(download));
      const csvDescs = rows.slice(1).map((r) => r[1]);
      const { from, to } = defaultRange();
      assert.deepEqual(
        csvDescs,
        inRange(set, from, to).map((t) => (/^[=+\-@\t\r]/.test(t.shown) ? `'${t.shown}` : t.shown)),
        "every row of the range, formulas neutralized",
      );
      assert.ok(csvDescs.includes('"quoted, with comma"'));
      assert.ok(csvDescs.includes("Line one\nLine two"));
      assert.ok(csvDescs.includes(`'=HYPERLINK("https://example.invalid","click me")`));
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("HTTP 401: one notice in words for customers, data-state error, the events, then a new token resumes", async () => {
    const id = `fault-status401-${process.pid}`;
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      assert.deepEqual(await connect(page, env.mock, id), { state: "error", accountId: null, sections: {} }, "loaded resolves, never rejects");
      assert.equal(await widgetState(page), "error");
      const notice = page.locator('[data-part="notice"]');
      assert.ok(await notice.isVisible());
      assert.equal(await notice.getAttribute("data-kind"), "error");
      assert.equal(await notice.getAttribute("data-error-kind"), "unauthorized");
      const text = norm(await notice.innerText());
      assert.match(text, /session has ended/i);
      assert.doesNotMatch(text, /baseUrl|CORS|X-Auth-Token|401|unauthori[sz]ed/i, "no developer wording on the page");
      assert.equal(await page.locator('[data-part="error"]').count(), 0, "no error box per section");
      assert.equal(await page.locator('[data-part="notice-retry"]').count(), 1, "one retry");
      const events = await page.evaluate(() => window.__events);
      const errors = events.filter((e) => e.type === "audian-billing-error");
      assert.equal(errors.length, 1, JSON.stringify(events));
      assert.equal(errors[0].detail.kind, "unauthorized");
      assert.equal(errors[0].detail.status, 401);
      assert.equal(typeof errors[0].detail.code, "string", "the server's code is passed on");
      assert.match(errors[0].detail.requestId, /^[0-9a-f]{32}$/);
      assert.ok(log.requestIds.has(errors[0].detail.requestId), "the request id came from the server");
      assert.equal(errors[0].detail.section, "status");
      assert.ok(errors[0].bubbles && errors[0].composed);
      const unauthorized = events.filter((e) => e.type === "audian-billing-unauthorized");
      assert.equal(unauthorized.length, 1);
      assert.equal(unauthorized[0].detail.requestId, errors[0].detail.requestId);
      assert.equal(events.filter((e) => e.type === "audian-billing-load").length, 0);
      // The host answers with a good account and token: the widget resumes by itself.
      await page.evaluate(() => { window.__events = []; });
      await connect(page, env.mock, ACCOUNTS.tidy);
      assert.equal(await widgetState(page), "ready");
      assert.ok(await page.locator('[data-part="notice"]').isHidden());
      assert.equal((await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-load").length, 1);
      await assertCleanConsole(page, log, { allow: [allowHttpError(401, /^\/v2\/accounts\/fault-/)] });
      assert.deepEqual((await tokenExposure(page, context, TOKEN)).hits, []);
    } finally {
      await context.close();
    }
  });

  it("an account whose trial ended: the notice says so in customer words, the event carries the server's code", async () => {
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      // Kazoo 4.x/5.x: the trial ends after sign-in, and every later request is a 400 `account.expired`.
      await page.evaluate(async ({ baseUrl, login }) => {
        const { BillingClient } = await import("/pkg/widget/audian-billing-widget.js");
        const client = await BillingClient.signIn({ ...login, baseUrl });
        document.getElementById("w").client = client;
      }, { baseUrl: env.mock.url, login: { username: DEMO_LOGIN.username, password: DEMO_LOGIN.password, accountName: TRIAL_ENDING_ACCOUNT_NAME } });
      await waitSettled(page);
      assert.equal(await widgetState(page), "error");
      const notice = page.locator('[data-part="notice"]');
      assert.equal(await notice.getAttribute("data-error-kind"), "forbidden");
      const text = norm(await notice.innerText());
      assert.match(text, /disabled or its trial has ended/);
      assert.doesNotMatch(text, /don't have access/, "not the wording for a missing permission");
      const errors = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-error");
      assert.equal(errors.length, 1);
      assert.deepEqual([errors[0].detail.kind, errors[0].detail.status, errors[0].detail.code], ["forbidden", 400, "validation error"]);
      await assertCleanConsole(page, log, { allow: [allowHttpError(400, /^\/v2\/accounts\//)] });
    } finally {
      await context.close();
    }
  });

  it("HTTP 500 everywhere: one notice with one retry that asks again", async () => {
    const id = `fault-status500-${process.pid}`;
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      await connect(page, env.mock, id);
      assert.equal(await widgetState(page), "error");
      assert.match(norm(await page.locator('[data-part="notice"]').innerText()), /unavailable right now/i);
      const before = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-error");
      assert.equal(before.length, 1);
      assert.equal(before[0].detail.kind, "server");
      await page.locator('[data-part="notice-retry"]').click();
      await page.waitForFunction(() => window.__events.filter((e) => e.type === "audian-billing-error").length === 2, null, { timeout: 20000 });
      const after = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-error");
      assert.notEqual(after[1].detail.requestId, before[0].detail.requestId, "the retry made a new request");
      await assertCleanConsole(page, log, { allow: [allowHttpError(500, /^\/v2\/accounts\/fault-/)] });
    } finally {
      await context.close();
    }
  });

  it("a server that cannot be reached: the notice says so, in words for customers", async () => {
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      const port = await closedPort();
      await page.evaluate((port) => {
        const w = document.getElementById("w");
        w.setAttribute("retries", "0");
        w.setAttribute("base-url", `http://127.0.0.1:${port}`); // nothing listens: connection refused
        w.setAttribute("account-id", "7a1b2c3d4e5f60718293a4b5c6d7e8f9");
        w.authToken = "audian-demo-token";
      }, port);
      await waitSettled(page);
      assert.equal(await widgetState(page), "error");
      assert.match(norm(await page.locator('[data-part="notice"]').innerText()), /Can't reach the billing service/);
      const errors = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-error");
      assert.equal(errors.length, 1);
      assert.equal(errors[0].detail.kind, "network");
      await assertCleanConsole(page, log, { allow: [(e) => /ERR_CONNECTION_REFUSED|Failed to fetch/i.test(e.text)] });
    } finally {
      await context.close();
    }
  });

  it("a timeout (the timeout and retries attributes): the notice says so, the event says timeout", async () => {
    const id = `fault-slowheaders5000-${process.pid}t`;
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      await page.evaluate(() => {
        const w = document.getElementById("w");
        w.setAttribute("timeout", "1000");
        w.setAttribute("retries", "0");
      });
      await connect(page, env.mock, id);
      assert.equal(await widgetState(page), "error");
      assert.match(norm(await page.locator('[data-part="notice"]').innerText()), /taking too long/);
      const errors = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-error");
      assert.deepEqual(errors.map((e) => e.detail.kind), ["timeout"]);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("a slow server: 'still loading' after a few seconds, gone once loaded", async () => {
    const id = `fault-slowheaders6000-${process.pid}`;
    const { page, context } = await fresh();
    try {
      await recordEvents(page);
      await page.evaluate(({ base, id, token }) => {
        const w = document.getElementById("w");
        w.setAttribute("base-url", base);
        w.setAttribute("account-id", id);
        w.authToken = token;
      }, { base: env.mock.url, id, token: TOKEN });
      await page.waitForFunction(
        () => document.getElementById("w").shadowRoot.querySelector('[data-part="notice"]')?.dataset.kind === "slow",
        null,
        { timeout: 15000 },
      );
      assert.match(norm(await page.locator('[data-part="notice"]').innerText()), /Still loading/);
      assert.equal(await widgetState(page), "loading");
    } finally {
      await context.close();
    }
  });

  it("loaded: data-state says loading at once, and the promise waits for the latest reload", async () => {
    const tidy = await dataset(env.mock, ACCOUNTS.tidy);
    const eur = await dataset(env.mock, ACCOUNTS.eur);
    const { page, context, log } = await fresh();
    try {
      await recordEvents(page);
      const first = await connect(page, env.mock, ACCOUNTS.tidy);
      assert.equal(first.state, "ready");
      assert.equal(first.accountId, ACCOUNTS.tidy);
      const loads = (await page.evaluate(() => window.__events)).filter((e) => e.type === "audian-billing-load");
      assert.equal(loads.length, 1);
      assert.deepEqual(first.sections, loads[0].detail.sections, "the same sections as audian-billing-load");
      assert.equal(first.sections.balance, "ready");
      assert.equal(first.sections.usage, "omitted");
      // Two changes in a row: data-state changes synchronously, and the one promise (renewed by
      // the first change, kept by the second) resolves once the second account is shown.
      const seen = await page.evaluate(
        async ({ tidy, eur }) => {
          const w = document.getElementById("w");
          const before = w.loaded;
          w.setAttribute("account-id", tidy);
          const state = w.shadowRoot.querySelector(".abw").dataset.state;
          const renewed = w.loaded;
          w.setAttribute("account-id", eur);
          const kept = w.loaded === renewed;
          const settled = await renewed;
          return { state, renewed: renewed !== before, kept, settled, name: w.shadowRoot.querySelector(".abw-account-name").textContent };
        },
        { tidy: ACCOUNTS.suspended, eur: ACCOUNTS.eur },
      );
      assert.equal(seen.state, "loading");
      assert.ok(seen.renewed, "a reload after the promise resolved gives a new one");
      assert.ok(seen.kept, "a reload before it resolved keeps it");
      assert.equal(seen.settled.state, "ready");
      assert.equal(seen.settled.accountId, ACCOUNTS.eur);
      assert.equal(seen.name, eur.account.name);
      assert.notEqual(eur.account.name, tidy.account.name);
      // Settled and nothing changed: the same resolved promise, at once.
      assert.deepEqual(await waitSettled(page), seen.settled);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("reloads on attribute and token changes", async () => {
    const tidy = await dataset(env.mock, ACCOUNTS.tidy);
    const eur = await dataset(env.mock, ACCOUNTS.eur);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), tidy.account.name);
      await page.evaluate((id) => document.getElementById("w").setAttribute("account-id", id), ACCOUNTS.eur);
      await waitSettled(page);
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), eur.account.name);
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), money(eur.balance, "EUR"));
      // A wrong token: 401 everywhere. The right one again: back to normal.
      await page.evaluate(() => { document.getElementById("w").authToken = "not-the-token"; });
      await waitSettled(page);
      assert.equal(await widgetState(page), "error");
      await page.evaluate((t) => { document.getElementById("w").authToken = t; }, TOKEN);
      await waitSettled(page);
      assert.equal((await sectionStates(page)).balance, "ready");
      assert.equal(await page.locator('[data-part="error"]').count(), 0);
      assert.deepEqual((await tokenExposure(page, context, "not-the-token")).hits, []);
      assert.deepEqual((await tokenExposure(page, context, TOKEN)).hits, []);
      await assertCleanConsole(page, log, { allow: [allowHttpError(401, /^\/v2\/accounts\//)] });
    } finally {
      await context.close();
    }
  });

  it("the transactions range and filter survive a reload of the same account, not a change of account", async () => {
    const tidy = await dataset(env.mock, ACCOUNTS.tidy);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      const fromDay = daysBefore(9);
      await page.locator('[data-part="type-filter"]').selectOption("credit");
      await page.locator('[data-part="date-from"]').fill(fromDay);
      await waitSettled(page);
      const { from, to } = localRange(fromDay, localDay(NOW));
      const expected = inRange(tidy, from, to).filter((t) => t.type === "credit").slice(0, 50).map((t) => t.id);
      assert.ok(expected.length > 0 && expected.length < inRange(tidy, from, to).length, "the filter keeps some rows, not all");
      assert.deepEqual(await rowIds(page), expected);
      await page.evaluate(() => document.getElementById("w").reload());
      await waitSettled(page);
      assert.equal(await page.locator('[data-part="type-filter"]').inputValue(), "credit");
      assert.equal(await page.locator('[data-part="date-from"]').inputValue(), fromDay);
      assert.deepEqual(await rowIds(page), expected, "the same rows after the reload");
      // Another account starts from the default range, every type.
      await page.evaluate((id) => document.getElementById("w").setAttribute("account-id", id), ACCOUNTS.eur);
      await waitSettled(page);
      assert.equal(await page.locator('[data-part="type-filter"]').inputValue(), "");
      assert.equal(await page.locator('[data-part="date-from"]').inputValue(), daysBefore(29));
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("the element's API is its documented one: what the cards may ask of it is private", async () => {
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      const names = await page.evaluate(() => Object.getOwnPropertyNames(customElements.get("audian-billing-widget").prototype).sort());
      const attributes = ["accountId", "baseUrl", "currency", "locale", "months", "pageSize", "paymentMethodsUrl", "retries", "sections", "serverVersion", "theme", "timeout"];
      const own = ["attributeChangedCallback", "authToken", "client", "connectedCallback", "constructor", "disconnectedCallback", "hideHeader", "loaded", "manage", "reload"];
      assert.deepEqual(names, [...attributes, ...own].sort());
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("a token set before the element is defined is picked up, never reflected", async () => {
    const { page, context, log } = await fresh();
    try {
      await page.evaluate(
        async ({ base, id, token }) => {
          const el = document.createElement("audian-billing-widget-late");
          // Simulate a portal that sets the property before upgrade: define a subclass later.
          el.authToken = token;
          el.setAttribute("base-url", base);
          el.setAttribute("account-id", id);
          el.id = "late";
          document.body.append(el);
          const { AudianBillingWidget } = await import("/pkg/widget/audian-billing-widget.js");
          customElements.define("audian-billing-widget-late", class extends AudianBillingWidget {});
        },
        { base: env.mock.url, id: ACCOUNTS.tidy, token: TOKEN },
      );
      await page.waitForFunction(() => {
        const r = document.getElementById("late").shadowRoot;
        return r && r.querySelector('[data-part="balance"]')?.dataset.state === "ready";
      });
      assert.equal(await page.evaluate(() => Object.hasOwn(document.getElementById("late"), "authToken")), false);
      assert.deepEqual((await tokenExposure(page, context, TOKEN)).hits, []);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("removing the widget aborts its requests in flight", async () => {
    const { page, context, log } = await fresh();
    try {
      const id = `fault-slowheaders3000-${process.pid}`;
      const inFlight = (r) => r.method() === "GET" && r.url().includes(`/v2/accounts/${id}`);
      const sent = page.waitForRequest(inFlight);
      await page.evaluate(
        ({ base, id, token }) => {
          const w = document.getElementById("w");
          w.setAttribute("base-url", base);
          w.setAttribute("account-id", id);
          w.authToken = token;
        },
        { base: env.mock.url, id, token: TOKEN },
      );
      // Removed while the account request is in flight (the mock holds its headers for 3 s).
      await sent;
      const failed = page.waitForEvent("requestfailed", inFlight);
      const settled = await page.evaluate(() => {
        const w = document.getElementById("w");
        w.remove();
        return w.loaded; // the load left unfinished resolves at once
      });
      assert.deepEqual(settled, { state: "disconnected", accountId: null, sections: {} });
      await failed;
      const aborted = log.failedRequests.filter((r) => r.url.includes("/v2/accounts/fault-slowheaders3000"));
      // The account is asked first (the rest waits for it): that request is aborted.
      assert.ok(aborted.length >= 1, `aborted requests: ${JSON.stringify(log.failedRequests)}`);
      assert.ok(aborted.every((r) => /ABORTED/i.test(r.failure)), JSON.stringify(aborted));
      // Proves that nothing happens once the widget is gone: no late handler, no page error.
      await page.waitForTimeout(1000);
      assert.deepEqual(log.pageErrors, []);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("keyboard: labelled controls reachable with Tab, filter usable from the keyboard", async () => {
    const set = await dataset(env.mock, ACCOUNTS.tidy);
    const { page, context, log } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      // Every control has an accessible name.
      for (const label of ["Type", "From", "To"]) assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
      await page.getByRole("button", { name: "Export CSV" }).waitFor();
      // Tab through the widget and collect what gets focus.
      const seen = [];
      await page.locator("body").click({ position: { x: 2, y: 2 } });
      for (let i = 0; i < 14; i += 1) {
        await page.keyboard.press("Tab");
        seen.push(
          await page.evaluate(() => {
            let a = document.activeElement;
            while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
            return a ? a.dataset.part || a.localName : null;
          }),
        );
      }
      for (const part of ["payment-methods", "type-filter", "date-from", "export-csv"]) {
        assert.ok(seen.includes(part), `${part} is reachable with Tab (${seen.join(", ")})`);
      }
      // Focus is visible.
      await page.locator('[data-part="type-filter"]').focus();
      const outline = await page.locator('[data-part="type-filter"]').evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.notEqual(outline, "none");
      // Choose "Credit" with the keyboard.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      const value = await page.locator('[data-part="type-filter"]').inputValue();
      assert.equal(value, "credit");
      // Exactly the range's credits: some, not all rows, and no other type.
      const { from, to } = defaultRange();
      const credits = inRange(set, from, to).filter((t) => t.type === "credit");
      assert.ok(credits.length > 0 && credits.length < firstPage(set).length, "the dataset has credits among other rows");
      assert.deepEqual(await rowIds(page), credits.slice(0, 50).map((t) => t.id));
      const types = await page.locator('[data-part="transaction-row"]').evaluateAll((r) => r.map((x) => x.dataset.type));
      assert.ok(types.every((t) => t === "credit"), types.join());
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("theming: the accent follows --audian-accent", async () => {
    const { page, context } = await fresh();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      await page.evaluate(() => document.getElementById("w").classList.add("x"));
      await page.locator("audian-billing-widget").evaluate((el) => el.style.setProperty("--audian-accent", "rgb(120, 20, 160)"));
      const bg = await page.locator('[data-part="load-more"], [data-part="export-csv"]').first().evaluate((el) => getComputedStyle(el).color);
      assert.ok(bg.includes("120, 20, 160"), bg);
    } finally {
      await context.close();
    }
  });
});
