// JavaScript half of the package: what wasm-bindgen cannot express from Rust.

/** The one error class of the package; `kind` says what went wrong. */
export class AudianError extends Error {
  constructor(kind, message, status, requestId, path, code) {
    super(message);
    this.name = "AudianError";
    this.kind = kind;
    if (status !== undefined) this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
    if (path !== undefined) this.path = path;
    if (code !== undefined) this.code = code;
  }

  toJSON() {
    const { name, kind, message, status, requestId, path, code } = this;
    return { name, kind, message, status, requestId, path, code };
  }
}

/**
 * Wraps `nextPage` (each call resolves to an array of rows, or null at the end) as an async
 * iterator. Calls are chained, so parallel `next()` calls never fetch a page twice.
 */
export function pagedIterable(nextPage) {
  let rows = [];
  let index = 0;
  let finished = false;
  let queue = Promise.resolve();
  const finish = () => {
    if (!finished) {
      finished = true;
      rows = [];
    }
  };
  const step = async () => {
    while (index >= rows.length) {
      if (finished) return { value: undefined, done: true };
      const page = await nextPage();
      if (page === null) finish();
      else {
        rows = page;
        index = 0;
      }
    }
    return { value: rows[index++], done: false };
  };
  return {
    next() {
      const result = queue.then(step);
      queue = result.catch(() => undefined);
      return result;
    },
    return(value) {
      const result = queue.then(() => {
        finish();
        return { value, done: true };
      });
      queue = result;
      return result;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
