// Demo page script: opens the widget on the built-in mock API's demo account and lets the
// visitor sign in to another account (username and password, API key, or a raw token) through
// the package's BillingClient.signIn. Secrets live in this module's memory only (and in the
// client): nothing goes to storage, the URL or the DOM, and the form fields are cleared once used.

// The element's module also exports the client: one .wasm for the page.
import { init, BillingClient } from "../pkg/widget/audian-billing-widget.js";

const DEMO_ACCOUNT_ID = "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a";
const DEMO_TOKEN = "audian-demo-token"; // the mock API's static token, not a secret

const $ = (id) => document.getElementById(id);
const widget = $("billing");
const panel = $("connect-panel");
const form = $("connect-form");
const errorBox = $("connect-error");
const current = $("connect-current");
const session = $("session");
const secretInputs = ["connect-password", "connect-api-key", "connect-token"].map($);

let client = null; // the signed-in client, if any (its token renews itself)

function method() {
  return form.querySelector('input[name="method"]:checked').value;
}

function showFields() {
  for (const el of form.querySelectorAll("[data-for]")) el.hidden = el.dataset.for !== method();
}

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
}

function baseUrl() {
  const raw = $("connect-base-url").value.trim();
  if (!raw) return window.location.origin; // the built-in mock API
  const url = new URL(raw); // throws on a malformed URL
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function shortId(id) {
  return id && id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id || "";
}

function showSession(who, until) {
  $("session-who").textContent = `Signed in to ${who}`;
  $("session-until").textContent = until ? `until ${new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(until))}` : "";
  session.hidden = false;
}

function useToken(base, accountId, token, label) {
  // A signed-in session being replaced is signed out (on Kazoo 4.x/5.x its token stays valid on the
  // server until it expires: signOut({ everywhere: true }) would end it, and the user's other sessions).
  if (client) client.signOut().catch(() => {});
  client = null;
  widget.client = null;
  widget.setAttribute("base-url", base);
  widget.setAttribute("account-id", accountId);
  widget.authToken = token;
  current.textContent = label;
  session.hidden = true;
}

function useDemo() {
  useToken(window.location.origin, DEMO_ACCOUNT_ID, DEMO_TOKEN, "built-in mock API, demo account");
}

form.addEventListener("change", (event) => {
  if (event.target.name === "method") {
    showFields();
    showError("");
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError("");
  let base;
  try {
    base = baseUrl();
  } catch {
    showError("Enter the API base URL, for example https://api.audian.com:8443.");
    return;
  }
  const m = method();
  if (m === "token") {
    const accountId = $("connect-account-id").value.trim();
    const token = $("connect-token").value;
    if (!accountId || !token) {
      showError("Enter the account ID and the token.");
      return;
    }
    $("connect-token").value = "";
    useToken(base, accountId, token, `${new URL(base).host}, account ${shortId(accountId)}`);
    panel.open = false;
    return;
  }
  if (typeof BillingClient.signIn !== "function") {
    showError("This build of the package has no sign-in: use a token.");
    return;
  }
  const options =
    m === "apikey"
      ? { apiKey: $("connect-api-key").value.trim(), baseUrl: base }
      : {
          username: $("connect-username").value.trim(),
          password: $("connect-password").value,
          accountName: $("connect-account-name").value.trim(),
          baseUrl: base,
        };
  for (const input of secretInputs) input.value = ""; // the form forgets them at once
  const submit = $("connect-submit");
  submit.disabled = true;
  try {
    await init();
    const signedIn = await BillingClient.signIn(options);
    if (client && client !== signedIn) client.signOut().catch(() => {});
    client = signedIn;
    widget.removeAttribute("account-id");
    widget.setAttribute("base-url", base);
    widget.authToken = null;
    widget.client = client;
    const who = client.accountName ? `${client.accountName} (${shortId(client.accountId)})` : shortId(client.accountId);
    current.textContent = `${new URL(base).host}, ${who}`;
    showSession(who, client.tokenExpiresAt);
    panel.open = false;
  } catch (e) {
    // AudianError messages never hold the password, key or token.
    showError(e && e.message ? e.message : "Sign-in failed.");
  } finally {
    submit.disabled = false;
  }
});

$("connect-demo").addEventListener("click", () => {
  for (const input of form.querySelectorAll("input:not([type=radio])")) input.value = "";
  showError("");
  useDemo();
  panel.open = false;
});

// The mock's other Kazoo 5.x accounts: one whose standing is not acceptable (the banner), one whose
// monthly charges go to a card.
for (const button of form.querySelectorAll("[data-demo-account]")) {
  button.addEventListener("click", () => {
    showError("");
    useToken(window.location.origin, button.dataset.demoAccount, DEMO_TOKEN, `built-in mock API, ${button.dataset.demoLabel}`);
    panel.open = false;
  });
}

$("sign-out").addEventListener("click", async () => {
  const c = client;
  client = null;
  widget.client = null;
  session.hidden = true;
  widget.removeAttribute("account-id");
  widget.authToken = null;
  current.textContent = "signed out";
  if (c) await c.signOut().catch(() => {});
});

// The `manage` attribute: on for the demo, off for a portal that has not opted in.
$("manage-switch").addEventListener("change", (event) => widget.toggleAttribute("manage", event.target.checked));

showFields();
useDemo();
