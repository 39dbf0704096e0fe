// The demo page (www/index.html, the packaged element from pkg/widget/) on the mock's Kazoo 5.x
// demo account, and what a portal developer styles and configures: sign-in (username and
// password, API key, token), theme, sections, the header, `part` names, token attributes, 390 px,
// CSP, and screenshots in light and dark at 1280 and 390 px. Run: node --test tests/e2e/
import { describe } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import {
  ACCOUNTS,
  TOKEN,
  ROOT,
  suiteEnvironment,
  openPage,
  openEmbed,
  waitSettled,
  connect,
  widgetState,
  sectionStates,
  assertCleanConsole,
  dataset,
  downloadText,
  money,
  norm,
  ensureArtifacts,
  tokenExposure,
  testAfterSetup,
} from "./helpers.mjs";

const GREG = 62167219200; // Gregorian seconds at the Unix epoch

// The documented demo credentials (README, the demo page).
const DEMO_USER = { username: "demo@northwind.example", password: "audian-demo-password", accountName: "northwind-dental" };
const DEMO_API_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

let env;
let setupError;
const it = testAfterSetup(() => setupError);

async function demo(options = {}) {
  const p = await openPage(env.browser, env.mock, "/www/index.html", options);
  await waitSettled(p.page);
  return p;
}

const embed = (width) => openEmbed(env.browser, env.mock, width);

/**
 * Defines window.__makeClient({ name, count, type, amount, stepMs, failWhen }) in the page: a
 * stand-in for a BillingClient (what el.client accepts) whose account is `name` and whose
 * transactions are `count` rows `stepMs` apart before now, paged as the pager pages them;
 * allTransactions throws a 401 AudianError-like error while `failWhen()` is true.
 */
function installStandInClient(page) {
  return page.evaluate(() => {
    window.__makeClient = ({ name, count, type, amount, stepMs, failWhen = () => false }) => {
      const now = Date.now();
      const rows = Array.from({ length: count }, (_, i) => ({
        id: `t${String(i).padStart(5, "0")}`,
        amount,
        description: `${type} ${i}`,
        created: new Date(now - stepMs * (i + 1)).toISOString().replace(/\.\d{3}Z$/, "Z"),
        type,
      }));
      const id = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
      return {
        accountId: id,
        account: async () => ({ id, name, enabled: true, created: "2025-01-03T09:30:00Z" }),
        balance: async () => ({ balance: 5, currency: "USD" }),
        servicePlans: async () => [],
        allTransactions(q) {
          const from = new Date(q.from).getTime();
          const to = new Date(q.to).getTime();
          const list = rows.filter((r) => Date.parse(r.created) >= from && Date.parse(r.created) <= to);
          const size = q.pageSize ?? 50;
          return (async function* pages() {
            for (let i = 0; i < list.length || i === 0; i += size) {
              await new Promise((r) => setTimeout(r, 0)); // one "request" per page
              if (failWhen()) throw Object.assign(new Error("401 from the server"), { kind: "unauthorized", status: 401, requestId: "e".repeat(32) });
              q.signal?.throwIfAborted();
              yield* list.slice(i, i + size);
            }
          })();
        },
      };
    };
  });
}

describe("the demo page and the widget's configuration", () => {
  suiteEnvironment({
    started: (e) => {
      env = e;
    },
    failed: (e) => {
      setupError = e; // every test then fails with this message (a failing hook only cancels them)
    },
  });

  it("opens on the Kazoo 5.x demo account with every section ready, under the demo CSP", async () => {
    const set = await dataset(env.mock, ACCOUNTS.demo);
    const { page, context, log } = await demo();
    try {
      assert.equal(await widgetState(page), "ready");
      for (const [part, state] of Object.entries(await sectionStates(page))) assert.equal(state, "ready", part);
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
      // What the page shows agrees with itself and with the server: the current period is the
      // (UTC) month before the next billing date, and that month's bar holds the recurring
      // charges billed at 00:05 UTC on its first day (the evening before, in New York).
      const next = new Date((set.summary.billing_cycle.next - GREG) * 1000);
      const start = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() - 1, next.getUTCDate()));
      assert.equal(await page.locator('[data-part="cycle-period"]').getAttribute("data-date"), start.toISOString().slice(0, 10));
      assert.equal(await page.locator('[data-part="cycle-invoice"]').getAttribute("data-date"), next.toISOString().slice(0, 10));
      const month = start.toISOString().slice(0, 7);
      const billed = set.ledgers.recurring.filter((e) => new Date((e.period.start - GREG) * 1000).toISOString().startsWith(month));
      assert.ok(billed.length > 0, "recurring charges this month");
      const recurringCell = page.locator(`[data-part="chart-table"] tr[data-month="${month}"] td`).nth(1);
      assert.equal(norm(await recurringCell.textContent()), money(-billed.reduce((sum, e) => sum + Math.round(e.amount * 10000), 0) / 10000));
      const csp = (await page.request.get(`${env.mock.url}/www/index.html`)).headers()["content-security-policy"];
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(csp, /style-src 'self'/);
      assert.equal(await page.locator("script:not([src])").count(), 0, "no inline script");
      assert.equal(await page.locator("[style]").count(), 0, "no style attributes");
      const styled = await page.evaluate(() => {
        const root = document.querySelector("audian-billing-widget").shadowRoot;
        return { adopted: root.adoptedStyleSheets.length, styleAttributes: root.querySelectorAll("[style]").length };
      });
      assert.deepEqual(styled, { adopted: 1, styleAttributes: 0 });
      // The documented credentials are on the page.
      const creds = await page.locator(".demo-credentials").textContent();
      for (const text of [DEMO_USER.username, DEMO_USER.password, DEMO_USER.accountName, DEMO_API_KEY]) assert.ok(creds.includes(text), text);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  for (const [method, fill] of [
    [
      "password",
      async (page) => {
        await page.locator("#connect-username").fill(DEMO_USER.username);
        await page.locator("#connect-password").fill(DEMO_USER.password);
        await page.locator("#connect-account-name").fill(DEMO_USER.accountName);
      },
    ],
    ["apikey", async (page) => page.locator("#connect-api-key").fill(DEMO_API_KEY)],
  ]) {
    it(`signs in with ${method === "password" ? "username and password" : "an API key"}, shows who and until when, signs out`, async () => {
      const set = await dataset(env.mock, ACCOUNTS.demo);
      const { page, context, log } = await demo();
      try {
        await page.locator("#connect-panel > summary").click();
        await page.locator(`input[name="method"][value="${method}"]`).check();
        await fill(page);
        await page.locator("#connect-submit").click();
        await page.locator("#session").waitFor({ state: "visible", timeout: 15000 });
        await waitSettled(page);
        assert.match(await page.locator("#session-who").innerText(), /Signed in to/);
        assert.match(await page.locator("#session-until").innerText(), /until/);
        assert.equal(await widgetState(page), "ready");
        assert.equal(norm(await page.locator(".abw-account-name").innerText()), set.account.name);
        for (const id of ["#connect-password", "#connect-api-key", "#connect-token"]) assert.equal(await page.locator(id).inputValue(), "");
        // Apart from the box that documents them, the secrets are nowhere in the page.
        await page.evaluate(() => document.querySelector(".demo-credentials").remove());
        for (const secret of [DEMO_USER.password, DEMO_API_KEY]) assert.deepEqual((await tokenExposure(page, context, secret)).hits, []);
        const storage = await tokenExposure(page, context, "x-never-there");
        assert.equal(storage.storage, 0, "nothing in web storage");
        await page.locator("#sign-out").click();
        await waitSettled(page);
        assert.equal(await widgetState(page), "disconnected");
        assert.ok(await page.locator("#session").isHidden());
        await assertCleanConsole(page, log);
      } finally {
        await context.close();
      }
    });
  }

  it("shows the mock's delinquent account, with its banner, and the account billed by card", async () => {
    const { page, context, log } = await demo();
    try {
      await page.locator("#connect-panel > summary").click();
      await page.locator('[data-demo-account="de11de11de11de11de11de11de11de11"]').click();
      await page.waitForTimeout(30);
      await waitSettled(page);
      await page.locator('[data-part="standing-banner"]').waitFor();
      assert.match(norm(await page.locator('[data-part="standing-banner"]').innerText()), /billing needs attention/);
      assert.match(norm(await page.locator("#connect-current").innerText()), /delinquent account/);
      await page.locator("#connect-panel > summary").click();
      await page.locator('[data-demo-account="ca4dca4dca4dca4dca4dca4dca4dca4d"]').click();
      await page.waitForTimeout(30);
      await waitSettled(page);
      await page.locator('[data-part="billed-to-card"]').waitFor();
      assert.equal(await page.locator('[data-part="standing-banner"]').count(), 0);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("connects with a raw token; the token stays out of the DOM, the URL and storage", async () => {
    const tidy = await dataset(env.mock, ACCOUNTS.tidy);
    const { page, context, log } = await demo();
    try {
      await page.locator("#connect-panel > summary").click();
      await page.locator('input[name="method"][value="token"]').check();
      await page.locator("#connect-base-url").fill(env.mock.url);
      await page.locator("#connect-account-id").fill(ACCOUNTS.tidy);
      await page.locator("#connect-token").fill(TOKEN);
      await page.locator("#connect-submit").click();
      await waitSettled(page);
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), tidy.account.name);
      assert.equal(norm(await page.locator('[data-part="balance-amount"]').innerText()), money(tidy.balance, tidy.currency));
      assert.equal(await page.locator("#connect-token").inputValue(), "");
      const exposure = await tokenExposure(page, context, TOKEN);
      assert.deepEqual(exposure.hits, []);
      assert.equal(exposure.storage + exposure.cookies, 0);
      await assertCleanConsole(page, log, { allow: [(e) => /status of 404/.test(e.text)] });
    } finally {
      await context.close();
    }
  });

  it("sections: which cards, in which order; hide-header; part names for ::part()", async () => {
    const { page, context, log } = await embed();
    try {
      await page.evaluate(() => {
        const w = document.getElementById("w");
        w.setAttribute("sections", "transactions balance");
        w.hideHeader = true;
      });
      await connect(page, env.mock, ACCOUNTS.demo);
      const layout = await page.evaluate(() => {
        const root = document.getElementById("w").shadowRoot;
        return {
          cards: [...root.querySelectorAll(".abw-grid > [data-part]")].map((e) => e.dataset.part),
          header: getComputedStyle(root.querySelector(".abw-header")).display,
          parts: [...new Set([...root.querySelectorAll("[part]")].flatMap((e) => e.getAttribute("part").split(" ")))].sort(),
        };
      });
      assert.deepEqual(layout.cards, ["transactions", "balance"]);
      assert.equal(layout.header, "none");
      for (const part of ["base", "header", "title", "notice", "card", "card-title", "balance", "transactions", "amount", "button", "table", "input"]) {
        assert.ok(layout.parts.includes(part), `part "${part}" (${layout.parts.join(" ")})`);
      }
      // A host stylesheet reaches a part from outside.
      await page.evaluate(() => {
        const sheet = new CSSStyleSheet(); // the page's CSP allows no inline <style>
        sheet.replaceSync("audian-billing-widget::part(card) { border-color: rgb(255, 0, 128); }");
        document.adoptedStyleSheets = [sheet];
      });
      const border = await page.locator('[data-part="balance"]').evaluate((el) => getComputedStyle(el).borderTopColor);
      assert.equal(border, "rgb(255, 0, 128)");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("theme: light, dark, and auto following prefers-color-scheme", async () => {
    const { page, context } = await embed();
    try {
      await connect(page, env.mock, ACCOUNTS.tidy);
      const surface = () => page.locator('[data-part="balance"]').evaluate((el) => getComputedStyle(el).backgroundColor);
      const text = () => page.locator(".abw-title").evaluate((el) => getComputedStyle(el).color);
      const light = await surface();
      assert.equal(light, "rgb(255, 255, 255)");
      await page.evaluate(() => document.getElementById("w").setAttribute("theme", "dark"));
      const dark = await surface();
      assert.notEqual(dark, light);
      assert.notEqual(await text(), "rgb(24, 33, 47)", "the title is not dark on dark");
      await page.evaluate(() => document.getElementById("w").setAttribute("theme", "auto"));
      assert.equal(await surface(), light, "auto in a light system");
      await page.emulateMedia({ colorScheme: "dark" });
      // The element follows the system through a matchMedia "change" event, which may arrive
      // after emulateMedia returns: wait for the dark surface (the test fails on timeout).
      await page.waitForFunction(
        (want) => {
          const w = document.getElementById("w");
          const balance = (w.shadowRoot ?? w).querySelector('[data-part="balance"]');
          return getComputedStyle(balance).backgroundColor === want;
        },
        dark,
        { timeout: 5000 },
      );
      assert.equal(await surface(), dark, "auto in a dark system");
      await page.evaluate(() => document.getElementById("w").setAttribute("theme", "light"));
      assert.equal(await surface(), light, "light wins over a dark system");
      assert.equal(await widgetState(page), "ready", "changing the theme does not reload");
    } finally {
      await context.close();
    }
  });

  it("a token in an attribute (authtoken, auth-token, authToken) is removed at once and never used", async () => {
    const { page, context, log } = await embed();
    try {
      for (const name of ["authtoken", "auth-token", "authToken"]) {
        await page.evaluate(
          ({ base, id, name, token }) => {
            const w = document.getElementById("w");
            w.setAttribute("base-url", base);
            w.setAttribute("account-id", id);
            w.setAttribute(name, token);
          },
          { base: env.mock.url, id: ACCOUNTS.tidy, name, token: TOKEN },
        );
        await waitSettled(page);
        assert.deepEqual(await page.evaluate(() => [...document.getElementById("w").attributes].map((a) => a.name).filter((n) => /token/i.test(n))), []);
        assert.equal(await widgetState(page), "disconnected", `${name} was not used`);
      }
      // Before the element is defined (React 19 with a lazy import writes an attribute).
      await page.evaluate((token) => {
        const el = document.createElement("audian-billing-widget");
        el.setAttribute("authtoken", token);
        el.id = "late";
        document.body.append(el);
      }, TOKEN);
      assert.equal(await page.evaluate(() => document.getElementById("late").hasAttribute("authtoken")), false);
      assert.deepEqual((await tokenExposure(page, context, TOKEN)).hits, []);
      const messages = log.consoleErrors.map((e) => e.text);
      assert.equal(messages.length, 4);
      assert.ok(messages.every((m) => /el\.authToken = token/.test(m) && !m.includes(TOKEN)), messages.join("\n"));
    } finally {
      await context.close();
    }
  });

  /** What overflows its box sideways inside the widget's cards (hidden table heads excepted). */
  const cutOff = (page) =>
    page.evaluate(() => {
      const root = document.querySelector("audian-billing-widget").shadowRoot;
      const cut = [];
      for (const el of root.querySelectorAll(".abw-card, .abw-card *")) {
        if (el.closest("svg, thead, .abw-sr-only, details:not([open]) > :not(summary)")) continue;
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
          cut.push(`${el.className || el.localName}: ${el.textContent.slice(0, 40)}`);
        }
      }
      return { page: document.documentElement.scrollWidth - innerWidth, cut };
    });

  it("390 px: nothing is cut off on the demo (monthly charges, usage, transactions)", async () => {
    const { page, context, log } = await demo({ width: 390, height: 844 });
    try {
      const overflow = await cutOff(page);
      assert.ok(overflow.page <= 0, `no horizontal scrolling (${overflow.page}px too wide)`);
      assert.deepEqual(overflow.cut, []);
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("390 px: the plans table shows every column (Kazoo 4.2 plan documents)", async () => {
    const { page, context } = await embed(390);
    try {
      await connect(page, env.mock, "42424242424242424242424242424242");
      const overflow = await cutOff(page);
      assert.ok(overflow.page <= 0, `no horizontal scrolling (${overflow.page}px too wide)`);
      assert.deepEqual(overflow.cut, []);
      const cells = page.locator('[data-part="plans"] td[data-label="Activation"]');
      assert.ok((await cells.count()) > 0);
      const box = await cells.first().boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the activation column is on screen: ${JSON.stringify(box)}`);
      assert.equal(await cells.first().getAttribute("data-label"), "Activation", "labelled when the head is hidden");
    } finally {
      await context.close();
    }
  });

  it("a host-supplied client; CSV export of 20,000 rows in chunks with progress, a BOM and every row", async () => {
    const { page, context, log } = await embed();
    try {
      await installStandInClient(page);
      await page.evaluate(() => {
        const client = window.__makeClient({ name: "Bulk Test Account", count: 20000, type: "usage", amount: 0.0125, stepMs: 60000 });
        const w = document.getElementById("w");
        w.setAttribute("sections", "transactions");
        w.client = client;
        window.__progress = [];
        new MutationObserver(() => {
          const p = w.shadowRoot.querySelector('[data-part="export-progress"]');
          if (p && !p.hidden) window.__progress.push(p.textContent);
        }).observe(w.shadowRoot, { subtree: true, childList: true, characterData: true });
      });
      await waitSettled(page);
      assert.equal(await widgetState(page), "ready");
      await page.locator('[data-part="date-from"]').fill("2026-11-01");
      await waitSettled(page);
      assert.equal(await page.locator('[data-part="transaction-row"]').count(), 50, "the view shows one page");
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-part="export-csv"]').click()]);
      const text = await downloadText(download);
      assert.ok(text.startsWith("\uFEFF"));
      const lines = text.slice(1).split("\r\n").filter(Boolean);
      assert.equal(lines.length, 20001, "the header and every row");
      assert.equal(lines[1].split(",")[7], "t00000");
      assert.equal(lines[20000].split(",")[7], "t19999");
      const progress = await page.evaluate(() => window.__progress);
      assert.ok(progress.some((p) => /Exporting… 2,000 transactions/.test(p)), "progress while it runs (the page is painted between chunks)");
      assert.ok(progress.some((p) => /Exported 20,000 transactions/.test(p)));
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("a token that expires mid-session: the page's notice, the unauthorized event, and a new client resumes", async () => {
    const { page, context, log } = await embed();
    try {
      await installStandInClient(page);
      await page.evaluate(() => {
        const makeClient = (name) =>
          window.__makeClient({ name, count: 30, type: "credit", amount: 10, stepMs: 86400000, failWhen: () => window.__expired && name === "first" });
        window.__makeClientNamed = makeClient;
        window.__events = [];
        for (const type of ["audian-billing-error", "audian-billing-unauthorized", "audian-billing-load"]) {
          document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
        }
        document.getElementById("w").client = makeClient("first");
      });
      await waitSettled(page);
      assert.equal(await widgetState(page), "ready");
      await page.evaluate(() => { window.__expired = true; });
      await page.locator('[data-part="date-from"]').fill("2025-06-01"); // outside the loaded months: the pager asks
      await waitSettled(page);
      assert.equal(await widgetState(page), "error");
      assert.match(norm(await page.locator('[data-part="notice"]').innerText()), /session has ended/i);
      const events = await page.evaluate(() => window.__events);
      assert.deepEqual(events.filter((e) => e.type !== "audian-billing-load").map((e) => [e.type, e.detail.section ?? null]), [
        ["audian-billing-error", "transactions"],
        ["audian-billing-unauthorized", null],
      ]);
      // The host signs in again and hands over the new client: the widget resumes by itself.
      await page.evaluate(() => { document.getElementById("w").client = window.__makeClientNamed("second"); });
      await waitSettled(page);
      assert.equal(await widgetState(page), "ready");
      assert.equal(norm(await page.locator(".abw-account-name").innerText()), "second");
      await assertCleanConsole(page, log);
    } finally {
      await context.close();
    }
  });

  it("screenshots: light and dark, at 1280 and 390 px", async () => {
    const dir = ensureArtifacts();
    for (const colorScheme of ["light", "dark"]) {
      for (const width of [1280, 390]) {
        const { page, context } = await openPage(env.browser, env.mock, "/www/index.html", { width, height: 900 });
        try {
          await page.emulateMedia({ colorScheme });
          await waitSettled(page);
          await page.evaluate(() => document.fonts.ready);
          const file = path.join(dir, `widget-${colorScheme}-${width}.png`);
          const png = await page.screenshot({ path: file, fullPage: true });
          // A full page, not a blank or cut one: taller than the viewport, and as wide as asked.
          assert.equal(png.readUInt32BE(16), width, `${file} is ${width} px wide`);
          assert.ok(png.readUInt32BE(20) > 900, `${file} shows the whole page`);
          // The README's picture is refreshed on purpose only (PNG bytes differ run to run).
          if (process.env.UPDATE_SCREENSHOT && colorScheme === "light" && width === 1280) copyFileSync(file, path.join(ROOT, "docs", "widget.png"));
        } finally {
          await context.close();
        }
      }
    }
  });
});
