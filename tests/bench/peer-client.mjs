// The honest alternative: a careful hand-written JavaScript client of the same contract (the
// README's "Methods" and "Objects", src/web/types.d.ts), as a web developer would write it
// without the package. Same checks and output as the package's `transactions()`: envelope shape
// and status, object rows, non-empty string ids, finite amounts within 1e11 rounded to 4 places,
// RFC 3339 dates with calendar validation or integer Gregorian seconds → RFC 3339 UTC, the type
// enum, default type (payments by their own sign rule) and description, what the money was
// (`kind`, `category`: the same tables as src/models/meaning.rs), a failed payment's message,
// and errors with a path (`data[3].amount`, built only on failure). Used only by the benchmark
// (tests/bench/run.mjs).

export class PeerError extends Error {
  constructor(kind, message, { status, requestId, path } = {}) {
    super(message);
    this.name = 'PeerError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
    if (path !== undefined) this.path = path;
  }
}

const GREGORIAN_UNIX_OFFSET = 62167219200;
const MIN_UNIX = -GREGORIAN_UNIX_OFFSET;
const MAX_UNIX = 253402300799;
const MAX_AMOUNT = 1e11;
const TYPES = new Set(['debit', 'credit', 'recurring', 'usage']);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const isLeap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y, m) => (m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Unix seconds → `YYYY-MM-DDTHH:MM:SS[.fraction]Z`. */
function formatUtc(unix, fraction) {
  // Date covers years 0000–9999 exactly; toISOString writes them as four digits.
  const iso = new Date(unix * 1000).toISOString();
  return fraction ? `${iso.slice(0, 19)}.${fraction}Z` : `${iso.slice(0, 19)}Z`;
}

function fail(path, message) {
  throw new PeerError('validation', `${path}: ${message}`, { path });
}

function timestamp(value, i) {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(`data[${i}].created`, `${value} is not a whole number of Gregorian seconds`);
    const unix = value - GREGORIAN_UNIX_OFFSET;
    if (unix < MIN_UNIX || unix > MAX_UNIX) fail(`data[${i}].created`, `${value} Gregorian seconds is outside the years 0000–9999`);
    return formatUtc(unix, '');
  }
  if (typeof value !== 'string') fail(`data[${i}].created`, 'expected an RFC 3339 timestamp or integer Gregorian seconds');
  const m = RFC3339.exec(value);
  if (m === null) fail(`data[${i}].created`, `${JSON.stringify(value)} is not an RFC 3339 timestamp`);
  const [year, month, day, hour, minute, second] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]];
  if (month < 1 || month > 12) fail(`data[${i}].created`, `${JSON.stringify(value)} has an impossible month`);
  if (day < 1 || day > daysInMonth(year, month)) fail(`data[${i}].created`, `${JSON.stringify(value)} names a day that does not exist`);
  if (hour > 23 || minute > 59 || second > 59) fail(`data[${i}].created`, `${JSON.stringify(value)} has an impossible time`);
  let offset = 0;
  if (m[8] === undefined) {
    const [oh, om] = [+m[10], +m[11]];
    if (oh > 23 || om > 59) fail(`data[${i}].created`, `${JSON.stringify(value)} has an impossible offset`);
    offset = (oh * 60 + om) * (m[9] === '-' ? -1 : 1);
  }
  const unix = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
  if (unix < MIN_UNIX || unix > MAX_UNIX) fail(`data[${i}].created`, `${JSON.stringify(value)} falls outside the years 0000–9999 in UTC`);
  return formatUtc(unix, m[7] ?? '');
}

function optionalString(row, key, i) {
  const value = row[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`data[${i}].${key}`, 'expected a string');
  return value;
}

// What the money was: the tables and order of src/models/meaning.rs, as a JS developer would port them.
const REASONS = new Map([
  ['per_minute_call', 'call_usage'], ['feature_activation', 'features'], ['number_activation', 'phone_numbers'],
  ['numbers_activation', 'phone_numbers'], ['mobile', 'mobile_data'],
]);
const WORDS = [
  ['e911', ['e911', '911', 'emergency']],
  ['number_porting', ['port', 'ports', 'porting', 'ported', 'portin', 'loa']],
  ['phone_numbers', ['number', 'numbers', 'did', 'dids', 'tollfree', 'toll', 'vanity']],
  ['trunks', ['trunk', 'trunks']],
  ['users', ['user', 'users', 'seat', 'seats']],
  ['devices', ['device', 'devices', 'handset', 'handsets']],
  ['features', ['voicemail', 'voicemails', 'mailbox', 'fax', 'faxes', 'conference', 'conferences', 'conferencing',
    'transcription', 'recording', 'sms', 'mms', 'message', 'messages', 'cnam', 'ivr', 'queue', 'queues', 'feature', 'features']],
  ['call_usage', ['call', 'calls', 'minute', 'minutes', 'min', 'outbound', 'inbound', 'international']],
];
/** Word → its rank in WORDS (the earlier, the more specific). */
const WORD_RANK = new Map(WORDS.flatMap(([, names], rank) => names.map((n) => [n, rank])));
const unprefixed = (reason) => (reason?.startsWith('sub_account_') ? reason.slice(12) : reason);

function describedCategory(text) {
  let best = WORDS.length;
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    const rank = WORD_RANK.get(word);
    if (rank !== undefined && rank < best) best = rank;
  }
  return WORDS[best]?.[0];
}

function transactionKind(type, reason, refund) {
  const r = unprefixed(reason);
  if (r === 'database_rollup') return 'rollover';
  if (r === 'admin_discretion') return 'adjustment';
  if (refund || type === 'credit') return 'payment';
  return type === 'recurring' ? 'recurring' : 'usage';
}

function transactionCategory(kind, type, reason, description) {
  if (kind !== 'usage' && kind !== 'recurring') return 'other';
  const words = describedCategory(description);
  const specific = words === 'e911' || words === 'number_porting' ? words : undefined;
  return specific ?? REASONS.get(unprefixed(reason)) ?? words ?? (type === 'usage' ? 'call_usage' : 'other');
}

/** A failed payment's reason, in the processor's words (`bookkeeper.message` or `.results.message`). */
function bookkeeperMessage(bookkeeper, i) {
  if (bookkeeper === undefined || bookkeeper === null) return undefined;
  if (typeof bookkeeper !== 'object' || Array.isArray(bookkeeper)) fail(`data[${i}].bookkeeper`, 'expected a JSON object');
  const message = optionalString(bookkeeper, 'message', i) ?? bookkeeper.results?.message;
  if (message !== undefined && message !== null && typeof message !== 'string') fail(`data[${i}].bookkeeper.results.message`, 'expected a string');
  return message ?? undefined;
}

function transaction(row, i) {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) fail(`data[${i}]`, 'expected a JSON object');
  const { id, amount, created } = row;
  if (typeof id !== 'string') fail(`data[${i}].id`, id === undefined ? 'missing field `id`' : 'expected a string');
  if (id.trim() === '') fail(`data[${i}].id`, 'an id must be a non-empty string');
  if (typeof amount !== 'number') fail(`data[${i}].amount`, amount === undefined ? 'missing field `amount`' : 'expected an amount of money (a number)');
  if (!Number.isFinite(amount) || Math.abs(amount) > MAX_AMOUNT) fail(`data[${i}].amount`, `${amount} is not an amount of money`);
  // Half away from zero, like Rust's f64::round; + 0 turns -0 into 0.
  const scaled = amount * 10000;
  const rounded = (scaled < 0 ? -Math.round(-scaled) : Math.round(scaled)) / 10000 + 0;
  let description = optionalString(row, 'description', i);
  const reason = optionalString(row, 'reason', i);
  const status = optionalString(row, 'status', i);
  if (created === undefined) fail(`data[${i}].created`, 'missing field `created`');
  const when = timestamp(created, i);
  const executor = row.executor;
  if (executor !== undefined && executor !== null && (typeof executor !== 'object' || Array.isArray(executor))) {
    fail(`data[${i}].executor`, 'expected a JSON object or null');
  }
  const message = bookkeeperMessage(row.bookkeeper, i);
  // Kazoo 4.3+ lists payments only: money in is a credit, a negative one a refund going out.
  const payment = status !== undefined || (executor !== undefined && executor !== null) || (row.bookkeeper !== undefined && row.bookkeeper !== null);
  let type = row.type;
  let refund = false;
  if (type === undefined || type === null) {
    if (payment) [type, refund] = rounded < 0 ? ['debit', true] : ['credit', false];
    else type = rounded < 0 ? 'credit' : 'debit';
  } else if (!TYPES.has(type)) fail(`data[${i}].type`, 'expected one of "debit", "credit", "recurring", "usage"');
  description ??= reason ?? '';
  const kind = transactionKind(type, reason, refund);
  const category = transactionCategory(kind, type, reason, description);
  const out = { id, amount: rounded, description, created: when, type, kind, category };
  if (reason !== undefined) out.reason = reason;
  if (status !== undefined) out.status = status;
  if (refund) out.refund = true;
  if (message !== undefined) out.message = message;
  return out;
}

function scalar(value, path, requestId) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw new PeerError('validation', `${path}: expected a string or a number`, { path, requestId: requestId ?? undefined });
}

export class PeerClient {
  constructor({ baseUrl, accountId, authToken }) {
    this.url = `${baseUrl}/v2/accounts/${encodeURIComponent(accountId)}`;
    this.token = authToken;
  }

  async transactions({ signal } = {}) {
    let response;
    try {
      response = await fetch(`${this.url}/transactions`, {
        headers: { Accept: 'application/json', 'X-Auth-Token': this.token },
        credentials: 'omit', redirect: 'manual', signal,
      });
    } catch (e) {
      throw new PeerError(signal?.aborted ? 'aborted' : 'network', `Could not reach the API: ${e.message}`);
    }
    const header = response.headers.get('x-request-id') ?? undefined;
    if (response.status < 200 || response.status > 299) {
      throw new PeerError('http', `HTTP ${response.status}`, { status: response.status, requestId: header });
    }
    const text = await response.text();
    let envelope;
    try {
      envelope = JSON.parse(text);
    } catch (e) {
      throw new PeerError('decode', `The response is not valid JSON: ${e.message}`, { status: response.status, requestId: header });
    }
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
      throw new PeerError('decode', "The response is not Kazoo's JSON envelope", { status: response.status, requestId: header });
    }
    const requestId = scalar(envelope.request_id, 'request_id', header);
    const nextStartKey = scalar(envelope.next_start_key, 'next_start_key', requestId) || null;
    const at = { status: response.status, requestId: requestId ?? header };
    if (envelope.status === 'error') throw new PeerError('api', 'The API reported an error', at);
    if (envelope.status !== undefined && envelope.status !== null && envelope.status !== 'success') {
      throw new PeerError('validation', 'status: expected "success" or "error"', { ...at, path: 'status' });
    }
    const rows = envelope.data;
    if (!Array.isArray(rows)) {
      throw new PeerError('validation', 'data: expected a list of transactions', { ...at, path: 'data' });
    }
    const data = new Array(rows.length);
    try {
      for (let i = 0; i < rows.length; i++) data[i] = transaction(rows[i], i);
    } catch (e) {
      Object.assign(e, at);
      throw e;
    }
    return { data, nextStartKey, requestId };
  }
}
