// Account status, in the page header: "Active" with the account id, or the suspended banner; and
// a billing banner when the server says the account is not in good standing
// (billingSummary().standing.acceptable false: Kazoo's kz_services_standing), which the element
// adds once the load has the monthly charges (standingBanner).
import { h } from "../dom.js";

export const statusCard = {
  id: "status",
  title: "Account status",
  lines: 1,

  /** The status is not a card: a live region under the page header. */
  frame() {
    const body = h("div", { class: "abw-status-body" });
    const el = h("div", { class: "abw-status", part: "status", xpart: "status", role: "status", "aria-live": "polite" }, body);
    return { el, body };
  },

  load(ctx, signal) {
    return ctx.store.account(signal);
  },

  render(body, account, ctx, view) {
    const suspended = account.enabled === false;
    view.mark("accountState", suspended ? "suspended" : "active");
    if (suspended) {
      body.append(
        h(
          "div",
          { class: "abw-banner abw-banner-suspended", xpart: "banner" },
          h("span", { class: "abw-badge abw-badge-suspended", text: "Suspended" }),
          h(
            "div",
            {},
            h("p", { class: "abw-banner-title", text: "This account is suspended" }),
            h("p", {
              class: "abw-banner-text",
              text:
                "Calls and numbers may stop working until the balance is settled. " +
                "Add a payment method or contact Audian billing support to reactivate it.",
            }),
          ),
        ),
      );
    } else {
      body.append(
        h(
          "p",
          { class: "abw-status-line" },
          h("span", { class: "abw-badge abw-badge-active", text: "Active" }),
          h("span", { class: "abw-status-id" }, "Account ID ", h("code", { text: account.id })),
        ),
      );
    }
  },
};

// The server's reason codes (kz_services_standing.erl) in customer words.
const REASONS = {
  bookkeeper_rejection: "The payment provider declined the account's billing.",
  bookkeeper_fault: "Billing could not be checked just now.",
};

/** The banner for a standing that is not acceptable, or null. */
export function standingBanner(standing) {
  if (!standing || standing.acceptable !== false) return null;
  const said = typeof standing.message === "string" && standing.message ? standing.message : REASONS[standing.reason] || "";
  const banner = h(
    "div",
    { class: "abw-banner abw-banner-suspended", part: "standing-banner", xpart: "banner", role: "alert" },
    h("span", { class: "abw-badge abw-badge-suspended", text: "Payment issue" }),
    h(
      "div",
      {},
      h("p", { class: "abw-banner-title", text: "This account's billing needs attention" }),
      h("p", { class: "abw-banner-text", text: "New calls, numbers or features may be held back until it is resolved." }),
      said ? h("p", { class: "abw-banner-text", part: "standing-reason", text: said }) : null,
    ),
  );
  banner.dataset.reason = String(standing.reason || "");
  return banner;
}
