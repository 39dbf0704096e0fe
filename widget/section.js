// One section of the widget: its frame (a card with a heading, or the status line), a Task that
// loads it, and the three states a host can see in `data-state`: loading, ready, error (plus
// `omitted` for a section whose data the server does not offer: it is hidden, not an error).
import { clear, h, nextId, skeleton } from "./dom.js";
import { Task } from "./task.js";

export class Section {
  #host;

  /**
   * @param {object} card  { id, title, wide?, optional?, lines, frame?(), load(ctx, signal), render(body, data, ctx, section) }
   * @param {object} host  the element's private channel, given at construction: { pageError(e,
   *   section) -> boolean, report(e, section), words(e), reload(), creditAdded(credit, text),
   *   settingsSaved(settings) }. Cards reach it only through this Section's methods below.
   */
  constructor(card, host) {
    this.card = card;
    this.id = card.id;
    this.#host = host;
    this.cleanups = [];
    const frame = card.frame ? card.frame() : cardFrame(card);
    this.el = frame.el;
    this.body = frame.body;
    this.ctx = null;
    this.task = new Task({
      onPending: () => this.showLoading(),
      onComplete: (data) => {
        this.el.removeAttribute("aria-busy");
        this.el.dataset.state = "ready";
        clear(this.body);
        card.render(this.body, data, this.ctx, this);
      },
      onError: (e) => this.fail(e),
    });
  }

  /** Loads (or reloads) the section; resolves once it has settled. */
  run(ctx) {
    this.ctx = ctx;
    return this.task.run(async (signal) => {
      const data = await this.card.load(ctx, signal);
      await ctx.currencyReady; // amounts are formatted in the balance's currency
      return data;
    }, ctx.signal);
  }

  /** The loading placeholder. */
  showLoading() {
    this.cleanup();
    this.el.hidden = false;
    this.el.setAttribute("aria-busy", "true");
    this.el.dataset.state = "loading";
    clear(this.body).append(skeleton(this.id, `Loading ${this.card.title.toLowerCase()}…`, this.card.lines));
  }

  fail(e) {
    this.el.removeAttribute("aria-busy");
    clear(this.body);
    if (this.card.optional && e && e.kind === "not_found") {
      // The server offers no such data (e.g. Audian's documented API has no ledgers): leave it out.
      this.el.dataset.state = "omitted";
      this.el.hidden = true;
      return;
    }
    this.el.dataset.state = "error";
    if (this.pageError(e)) return;
    this.reportError(e, this.body, () => this.run(this.ctx));
  }

  /** Hands `e` to the page when it concerns the whole page (one notice); returns whether it did. */
  pageError(e) {
    return this.#host.pageError(e, this.id);
  }

  /** The developer's view of `e` (an audian-billing-error event and a console line), for this section. */
  report(e) {
    this.#host.report(e, this.id);
  }

  /** `e` in words for customers: { title, text }. */
  words(e) {
    return this.#host.words(e);
  }

  /** Reloads the whole widget (e.g. after a payment whose outcome is unknown). */
  reloadAll() {
    this.#host.reload();
  }

  /** After addCredit resolved: the element's event, and a reload that says so. */
  creditAdded(credit, text) {
    this.#host.creditAdded(credit, text);
  }

  /** After updateBillingSettings resolved: the element's event. */
  settingsSaved(settings) {
    this.#host.settingsSaved(settings);
  }

  /** Reports `e` (event and console) and shows it in `box`, in customer words, with a retry. */
  reportError(e, box, retry) {
    this.el.dataset.state = "error";
    this.report(e);
    this.showInlineError(box, e, retry);
  }

  /** Shows `e` in `box` without reporting it again (a part of the section, e.g. ledger entries). */
  showInlineError(box, e, retry) {
    const words = this.words(e);
    const el = h(
      "div",
      { class: "abw-error abw-error-soft", part: "error", xpart: "error", role: "alert" },
      h("p", { class: "abw-error-title", text: words.title }),
      h("p", { class: "abw-error-message", text: words.text }),
    );
    el.dataset.kind = (e && e.kind) || "unknown";
    if (e && e.status) el.dataset.status = String(e.status);
    if (e && e.requestId) {
      el.dataset.requestId = e.requestId;
      el.append(h("p", { class: "abw-error-request" }, "Reference for support: ", h("code", { part: "request-id", text: e.requestId })));
    }
    if (retry) el.append(h("button", { type: "button", class: "abw-button", part: "retry", xpart: "button retry", text: "Try again", onclick: retry }));
    clear(box).append(el);
  }

  /** Registers work to undo when the section renders again or the widget leaves the page. */
  onCleanup(fn) {
    this.cleanups.push(fn);
  }

  cleanup() {
    for (const fn of this.cleanups.splice(0)) fn();
  }

  /** Stops loading and undoes what render() set up. */
  dispose() {
    this.task.abort();
    this.cleanup();
  }
}

function cardFrame(card) {
  const headingId = nextId(card.id);
  const body = h("div", { class: "abw-card-body" });
  const el = h(
    "section",
    {
      class: `abw-card abw-${card.id}${card.wide ? " abw-wide" : ""}`,
      part: card.id,
      xpart: `card ${card.id}`,
      "aria-labelledby": headingId,
    },
    h("header", { class: "abw-card-head" }, h("h3", { class: "abw-card-title", xpart: "card-title", id: headingId, text: card.title })),
    body,
  );
  return { el, body };
}
