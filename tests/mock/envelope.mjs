// JSON text building and the Kazoo Crossbar envelopes.
//
// The mock must emit number texts that JSON.stringify cannot produce (Kazoo's float noise
// `10.179999999999999716`, `1e400`, `NaN`, `-0.0`) and fragments too deep for a recursive
// serializer, so values may hold `Raw` leaves whose text is written verbatim.

import { randomBytes, createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

export class Raw {
  constructor(text) { this.text = text; }
}

/** Serializes like JSON.stringify, but writes `Raw` leaves verbatim. */
export function toJson(value) {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Kazoo keeps money as integer units of $0.0001 and divides by 10000 into a float, which its JSON
 * encoder prints with ~18 decimals: 101800 units → `10.179999999999999716`. toFixed(18) yields the
 * exact binary value's digits, so the text parses back to the same double as 10.18.
 */
export function kazooDollars(units) {
  const text = (units / 10000).toFixed(18).replace(/0+$/, '');
  return new Raw(text.endsWith('.') ? `${text}0` : text);
}

/** Audian's documented examples print money with two decimals (`25.00`). */
export const tidyDollars = (cents) => new Raw((cents / 100).toFixed(2));

export const GREGORIAN_OFFSET = 62167219200;
export const toGregorian = (unixSeconds) => unixSeconds + GREGORIAN_OFFSET;
export const fromGregorian = (gregorian) => gregorian - GREGORIAN_OFFSET;
/** RFC 3339 UTC without fractional seconds, as Audian and Kazoo print it. */
export const rfc3339 = (unixSeconds) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

export const newRequestId = () => randomBytes(16).toString('hex');
export const revisionOf = (text) => `1-${createHash('md5').update(text).digest('hex')}`;

// Crossbar's error names per status; anything else falls back to the HTTP reason phrase.
const KAZOO_ERRORS = {
  400: ['bad_request', 'bad request'],
  401: ['invalid_credentials', 'invalid credentials'],
  402: ['no_credit', 'not enough credit to perform action'],
  403: ['forbidden', 'access denied'],
  404: ['bad_identifier', 'bad identifier'],
  405: ['invalid_method', 'method not allowed'],
  409: ['datastore_conflict', 'conflicting documents'],
  413: ['request_too_large', 'request entity too large'],
  416: ['invalid_range', 'requested range not satisfiable'],
  423: ['locked', 'account is disabled'],
  429: ['too_many_requests', 'too many requests'],
  500: ['unspecified_fault', 'unspecified fault'],
  502: ['bad_gateway', 'bad gateway'],
  503: ['datastore_fault', 'datastore fault'],
  504: ['timeout', 'gateway timeout'],
};

export function kazooError(status) {
  if (KAZOO_ERRORS[status]) return KAZOO_ERRORS[status];
  const phrase = (STATUS_CODES[status] ?? `error ${status}`).toLowerCase();
  return [phrase.replace(/[^a-z0-9]+/g, '_'), phrase];
}

/** Kazoo's Crossbar timestamps carry no fractional seconds. */
const timestamp = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `version` is left out when undefined (Audian's documented page prints none). */
export function successEnvelope({ data, requestId, now, revision, paging, version }) {
  return {
    auth_token: '',
    data,
    request_id: requestId,
    revision,
    status: 'success',
    timestamp: timestamp(now),
    version,
    node: 'mock-node',
    ...paging,
  };
}

/** `name`/`detail` default to Crossbar's names for the status; `data` replaces `{message}`. */
export function errorEnvelope({ status, requestId, now, name, detail, data, version }) {
  const [defaultName, defaultDetail] = kazooError(status);
  return {
    data: data ?? { message: detail ?? defaultDetail },
    error: String(status),
    message: name ?? defaultName,
    status: 'error',
    request_id: requestId,
    auth_token: '',
    timestamp: timestamp(now),
    version,
    node: 'mock-node',
  };
}

/** A chunked Crossbar reply: every envelope value but `data` arrives as a string (`"page_size": "4"`). */
export const stringValues = (envelope) => Object.fromEntries(Object.entries(envelope).map(([key, value]) =>
  [key, key !== 'data' && (typeof value === 'number' || typeof value === 'boolean') ? String(value) : value]));

/** A 400 `validation error` with Crossbar's `{field: {code: {message, cause}}}` detail. */
export const validationData = (field, code, message, cause) => ({ [field]: { [code]: { message, cause } } });

// Replies are plain values `{status, headers?, json?, body?}`; the server serializes and writes them.
export const jsonReply = (status, json, headers = {}) => ({ status, headers, json });
export const rawReply = (status, contentType, body, headers = {}) =>
  ({ status, headers: contentType ? { 'content-type': contentType, ...headers } : headers, body });

/** A Crossbar error reply for the request described by `ctx` ({requestId, now, version?}). */
export function errorReply(ctx, status, { headers, ...opts } = {}) {
  return jsonReply(status, errorEnvelope({ status, requestId: ctx.requestId, now: ctx.now, version: ctx.version, ...opts }), headers);
}
