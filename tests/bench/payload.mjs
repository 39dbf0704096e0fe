// N-row Kazoo transaction envelopes for the benchmark, built from the mock's Kazoo 4.2 account rows
// (Gregorian-second dates, float-noise amounts, rows without type or description, metadata).
import { ACCOUNTS, VERSIONS, buildDatasets } from '../mock/data.mjs';
import { toJson, successEnvelope } from '../mock/envelope.mjs';

const NOW = Date.UTC(2026, 10, 24, 12) / 1000;

/** The envelope text of `count` transactions: the Kazoo 4.2 rows repeated, with unique ids. */
export function transactionsEnvelope(count) {
  const rows = buildDatasets(NOW).get(ACCOUNTS.kazoo42).transactions.map((row) => row.doc);
  const data = [];
  for (let i = 0; i < count; i++) {
    const doc = rows[i % rows.length];
    const lap = Math.floor(i / rows.length);
    data.push(lap === 0 ? doc : { ...doc, id: `${doc.id.slice(0, 7)}${lap.toString(16).padStart(4, '0')}${doc.id.slice(11)}` });
  }
  const envelope = successEnvelope({
    data, requestId: 'f'.repeat(32), now: new Date(NOW * 1000), revision: '1-bench', version: VERSIONS.kazoo42,
    paging: { page_size: count, next_start_key: 'g2gCbgUA' },
  });
  return toJson(envelope);
}
