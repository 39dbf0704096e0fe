// CSV export of every transaction of a range (every page of every window, through the client's
// allTransactions pager): progress, cancel, a UTF-8 BOM (so spreadsheets read "–" and "é"), the
// descriptions as the widget shows them, and a real file download.
import { csvHeaderLine, transactionCsvLine } from "./billing-logic.js";

const PAGE = 1000;
const CHUNK = 2000; // lines per string chunk: the Blob is built from chunks, not one huge string

/** Resolves to the number of rows written; rejects (AudianError or abort) without a download. */
export async function exportCsv({ client, range, type, currency, fileName, signal, root, onProgress }) {
  const chunks = ["\uFEFF", csvHeaderLine()];
  let lines = "";
  let inChunk = 0;
  let count = 0;
  for await (const tx of client.allTransactions({ from: range.from, to: range.to, pageSize: PAGE, signal })) {
    if (type && tx.type !== type) continue;
    lines += transactionCsvLine(tx, currency);
    count += 1;
    inChunk += 1;
    if (inChunk === CHUNK) {
      chunks.push(lines);
      lines = "";
      inChunk = 0;
      onProgress(count);
      // Let the page paint and stay responsive between chunks.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    signal.throwIfAborted();
  }
  chunks.push(lines);
  signal.throwIfAborted();
  onProgress(count);
  const url = URL.createObjectURL(new Blob(chunks, { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.className = "abw-sr-only";
  a.tabIndex = -1;
  a.textContent = "Download CSV";
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  return count;
}
