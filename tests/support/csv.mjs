// CSV helpers for tests only (not shipped in the package): an RFC 4180 reader written
// independently of the widget's code, and a whole-file writer built from the line functions the
// widget's export uses.
import { csvHeaderLine, transactionCsvLine } from "../../widget/billing-logic.js";

/** A small RFC 4180 reader, independent of the widget's code. */
export function readCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else if (c === "\n") {
      throw new Error(`bare LF outside quotes at ${i}`);
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV of transactions as the export writes it, without the BOM: the header, then one CRLF line a row. */
export function transactionsToCsv(txs, currency = "USD") {
  return csvHeaderLine() + txs.map((tx) => transactionCsvLine(tx, currency)).join("");
}
