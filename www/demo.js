// Demo page script: opens the widget on the built-in mock API's demo account and lets the
// visitor point it at a real Audian account. The token is held in this module's memory only.

import "../pkg/widget/audian-billing-widget.js";

const DEMO_ACCOUNT_ID = "3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a";
const DEMO_TOKEN = "audian-demo-token"; // the mock API's token, not a secret

const widget = document.getElementById("billing");
const panel = document.getElementById("connect-panel");
const form = document.getElementById("connect-form");
const baseUrlInput = document.getElementById("connect-base-url");
const accountInput = document.getElementById("connect-account-id");
const tokenInput = document.getElementById("connect-token");
const errorBox = document.getElementById("connect-error");
const current = document.getElementById("connect-current");
const demoButton = document.getElementById("connect-demo");

function connect(baseUrl, accountId, token, label) {
  widget.setAttribute("base-url", baseUrl);
  widget.setAttribute("account-id", accountId);
  widget.authToken = token;
  current.textContent = label;
}

function useDemo() {
  connect(window.location.origin, DEMO_ACCOUNT_ID, DEMO_TOKEN, "built-in mock API, demo account");
}

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
}

function shortId(id) {
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const baseUrl = baseUrlInput.value.trim() || "https://api.audian.com:8443";
  const accountId = accountInput.value.trim();
  const token = tokenInput.value;
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    showError("Enter the API base URL, for example https://api.audian.com:8443.");
    baseUrlInput.focus();
    return;
  }
  if (!accountId) {
    showError("Enter the account ID.");
    accountInput.focus();
    return;
  }
  if (!token) {
    showError("Enter an auth token.");
    tokenInput.focus();
    return;
  }
  showError("");
  // The widget keeps the token; the form forgets it.
  tokenInput.value = "";
  connect(url.origin + url.pathname.replace(/\/+$/, ""), accountId, token, `${url.host}, account ${shortId(accountId)}`);
  panel.open = false;
});

demoButton.addEventListener("click", () => {
  tokenInput.value = "";
  showError("");
  baseUrlInput.value = "";
  accountInput.value = "";
  useDemo();
  panel.open = false;
});

useDemo();
