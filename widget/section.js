// One section of the widget: its frame (a card with a heading, or the status line), a Task that
// loads it, and the three states a host can see in `data-state`: loading, ready, error (plus
// `omitted` for a section whose data the server does not offer: it is hidden, not an error).
//
// Data flows one way. The element runs a Section with a load's context; the Section hands its card
// that context and a narrow view (below), never itself or the element. The card reports through the
// view; the view reaches the element only through the private channel the Section was built with.
// `data-state` is the Section's alone: a card asks for it through the view (busy, ready, error).
import { clear, h, nextId, skeleton } from "./dom.js";
import { Task } from "./task.js";

export class Section {
  #card;
  #channel;
  #el;
  #body;
  #task;
  #cleanups = [];
  #retry = null;

  /**
   * @param {object} card  { id, title, wide?, optional?, lines, frame?(), load(ctx, signal), render(body, data, ctx, view) }
   * @param {object} channel  the element's private channel: { pageError(e, section) -> boolean,
   *   report(e, section), words(e), reload(), keep(state), creditAdded(credit, text), settingsSaved(settings) }
   */
  constructor(card, channel) {
    this.#card = card;
    this.#channel = channel;
    const frame = card.frame ? card.frame() : cardFrame(card);
    this.#el = frame.el;
    this.#body = frame.body;
    const view = this.#view();
    this.#task = new Task({
      onPending: () => this.showLoading(),
      onComplete: ({ data, ctx }) => {
        this.#setState("ready");
        clear(this.#body);
        card.render(this.#body, data, ctx, view);
      },
      onError: (e) => this.#fail(e),
    });
  }

  get id() {
    return this.#card.id;
  }

  /** The section's element, for the element to place in its page. */
  get el() {
    return this.#el;
  }

  /** `data-state`: loading, ready, error or omitted. */
  get state() {
    return this.#el.dataset.state;
  }

  /**
   * Loads (or reloads) the section with the load's context `ctx`, and renders with `rendering`
   * (the same context in the balance's currency, or a promise of it); resolves once it has settled.
   */
  run(ctx, rendering = ctx) {
    this.#retry = () => this.run(ctx, rendering);
    return this.#task.run(async (signal) => {
      const data = await this.#card.load(ctx, signal);
      return { data, ctx: await rendering }; // amounts are formatted in the balance's currency
    }, ctx.signal);
  }

  /** The loading placeholder. */
  showLoading() {
    this.#cleanup();
    this.#el.hidden = false;
    this.#setState("loading");
    clear(this.#body).append(skeleton(this.id, `Loading ${this.#card.title.toLowerCase()}…`, this.#card.lines));
  }

  /** Empty and hidden: the page shows one notice instead (or nothing is connected). */
  hide() {
    clear(this.#body);
    this.#el.hidden = true;
  }

  /** Adds what the element learned after the section rendered (the status line's standing banner). */
  append(node) {
    this.#body.append(node);
  }

  /** Stops loading and undoes what render() set up. */
  dispose() {
    this.#task.abort();
    this.#cleanup();
  }

  #setState(state) {
    if (state === "loading") this.#el.setAttribute("aria-busy", "true");
    else this.#el.removeAttribute("aria-busy");
    this.#el.dataset.state = state;
  }

  #fail(e) {
    clear(this.#body);
    if (this.#card.optional && e && e.kind === "not_found") {
      // The server offers no such data (e.g. Audian's documented API has no ledgers): leave it out.
      this.#setState("omitted");
      this.#el.hidden = true;
      return;
    }
    this.#showError(e, this.#body, this.#retry, true);
  }

  /**
   * A page-level error goes to the page (one notice); any other is reported (event and console)
   * and shown in `box` in customer words, with a retry; `failed` marks the section's state.
   */
  #showError(e, box, retry, failed) {
    if (failed) this.#setState("error");
    if (this.#channel.pageError(e, this.id)) return;
    this.#channel.report(e, this.id);
    const words = this.#channel.words(e);
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

  #cleanup() {
    for (const fn of this.#cleanups.splice(0)) fn();
  }

  /** What a card may do with its section: all it is given besides its body, data and context. */
  #view() {
    const channel = this.#channel;
    const id = this.id;
    return Object.freeze({
      /** Work to undo when the section renders again or the widget leaves the page. */
      onCleanup: (fn) => this.#cleanups.push(fn),
      /** A `data-*` attribute of the section, for styles and tests (`state` is the Section's). */
      mark: (name, value) => {
        if (name !== "state") this.#el.dataset[name] = value;
      },
      /** The card loads more by itself (e.g. another range of transactions). */
      busy: () => this.#setState("loading"),
      /** ... and has rendered it. */
      ready: () => this.#setState("ready"),
      /** The card failed: shown in `box` with a retry (or the page's notice); the section is in error. */
      error: (e, box, retry) => this.#showError(e, box, retry, true),
      /** A part of the card failed (e.g. one ledger's entries): shown in `box`; the card stays ready. */
      partError: (e, box, retry) => this.#showError(e, box, retry, false),
      /** The developer's view of `e` (audian-billing-error and a console line), e.g. after a write. */
      report: (e) => channel.report(e, id),
      /** `e` in words for customers: { title, text }. */
      words: (e) => channel.words(e),
      /** What the card keeps across reloads of the same account (the transactions range and filter). */
      keep: (state) => channel.keep(state),
      /** Reloads the whole widget (e.g. after a payment whose outcome is unknown). */
      reloadAll: () => channel.reload(),
      /** After addCredit resolved: the element's event, and a reload that says so. */
      creditAdded: (credit, text) => channel.creditAdded(credit, text),
      /** After updateBillingSettings resolved: the element's event. */
      settingsSaved: (settings) => channel.settingsSaved(settings),
    });
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
