// One asynchronous load whose result is only used while it is current, modelled on lit's
// @lit/task: run() aborts the previous run (its AbortSignal fires), tracks the status
// (initial | pending | complete | error), and calls onComplete / onError only for the run that
// is still current and was not aborted. This replaces "is this run still current?" checks.

export class Task {
  /**
   * @param {{ onPending?: () => void, onComplete?: (value: any) => void, onError?: (error: any) => void }} handlers
   */
  constructor(handlers = {}) {
    this.handlers = handlers;
    this.status = "initial";
    this.value = undefined;
    this.error = undefined;
    this.controller = null;
  }

  /**
   * Runs `work(signal)`; the signal aborts when this task runs again, is aborted, or `parent`
   * aborts. Resolves (never rejects) once the run has settled and its handler has run.
   */
  async run(work, parent) {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = parent ? AbortSignal.any([parent, controller.signal]) : controller.signal;
    this.status = "pending";
    this.handlers.onPending?.();
    let ok;
    let result;
    try {
      result = await work(signal);
      ok = true;
    } catch (e) {
      result = e;
      ok = false;
    }
    if (this.controller !== controller) return;
    this.controller = null;
    if (signal.aborted) {
      this.status = "initial";
      return;
    }
    if (ok) {
      this.status = "complete";
      this.value = result;
      this.handlers.onComplete?.(result);
    } else {
      this.status = "error";
      this.error = result;
      this.handlers.onError?.(result);
    }
  }

  /** Aborts the current run, if any; its handlers will not be called. */
  abort() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    if (this.status === "pending") this.status = "initial";
  }

  /** Whether a run is in flight. */
  get pending() {
    return this.status === "pending";
  }
}
