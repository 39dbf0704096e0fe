// N-row transaction envelopes for the benchmark, in the two forms the package reads, both built
// from the mock's account data:
// - "kazoo": Kazoo's ledger rows (Gregorian-second dates, float-noise amounts like
//   0.450000000000000011, rows without type or description, metadata, sub-account fields,
//   non-ASCII text) in Kazoo's envelope, ~316 bytes a row;
// - "tidy": Audian's documented page (RFC 3339 dates, every row typed, two-decimal amounts) in
//   an envelope without Kazoo's extras, ~130 bytes a row.
import { ACCOUNTS, VERSIONS, buildDatasets } from '../mock/data.mjs';
import { toJson, successEnvelope } from '../mock/envelope.mjs';

const NOW = Date.UTC(2026, 10, 24, 12) / 1000;
/** The forms, by name: which mock account's rows. Kazoo ≤ 4.2 rows are the ledger-style ones. */
export const FORMS = { kazoo: ACCOUNTS.kazoo42, tidy: ACCOUNTS.tidy };

/** The envelope text of `count` transactions of `form`: the account's rows repeated, with unique ids. */
export function transactionsEnvelope(count, form = 'kazoo') {
  const rows = buildDatasets(NOW).get(FORMS[form]).transactions.map((row) => row.doc);
  const data = [];
  for (let i = 0; i < count; i++) {
    const doc = rows[i % rows.length];
    const lap = Math.floor(i / rows.length);
    data.push(lap === 0 ? doc : { ...doc, id: uniqueId(doc.id, lap) });
  }
  const requestId = 'f'.repeat(32);
  const envelope = form === 'tidy'
    ? { data, request_id: requestId, status: 'success', next_start_key: 'g2gCbgUA' }
    : successEnvelope({
      data, requestId, now: new Date(NOW * 1000), revision: '1-bench', version: VERSIONS.kazoo42,
      paging: { page_size: count, next_start_key: 'g2gCbgUA' },
    });
  return toJson(envelope);
}

/** `id` with a lap number in place of four characters, so repeated rows stay distinct. */
function uniqueId(id, lap) {
  const at = Math.min(7, id.length - 4);
  return `${id.slice(0, at)}${lap.toString(16).padStart(4, '0')}${id.slice(at + 4)}`;
}
