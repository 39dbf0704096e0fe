// Shared by the dataset builders (data.mjs, kazoo5.mjs): the agreed account ids, a seeded random
// generator and calendar helpers. Everything here is pure: the same inputs give the same outputs.

export const ACCOUNTS = Object.freeze({
  demo: '3c5e8f2a9b1d4c6e8f0a2b4d6c8e0f1a', // Kazoo 5.x, the demo's default
  kazoo42: '42424242424242424242424242424242', // Kazoo 4.2
  tidy: '7a1b2c3d4e5f60718293a4b5c6d7e8f9', // Audian's documented page, like the rest below
  suspended: '5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d',
  empty: '0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e',
  eur: 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0',
  hostile: 'bad0bad0bad0bad0bad0bad0bad0bad0',
  delinquent: 'de11de11de11de11de11de11de11de11', // Kazoo 5.x, status not acceptable
  card: 'ca4dca4dca4dca4dca4dca4dca4dca4d', // Kazoo 5.x, billed by card (Braintree)
});

/** Envelope `version` per dialect; Audian's documented page prints none. */
export const VERSIONS = Object.freeze({ audian: undefined, kazoo42: '4.2.38', kazoo5: '5.4.32.6' });

export const DAY = 86400;

/** mulberry32 seeded by an FNV-1a hash of a string: tiny, fast, reproducible. */
export function prng(seed) {
  let state = 2166136261;
  for (const ch of seed) state = Math.imul(state ^ ch.charCodeAt(0), 16777619);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const digits = (alphabet, n) => Array.from({ length: n }, () => alphabet[int(0, alphabet.length - 1)]).join('');
  return {
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)],
    hex: (n) => digits('0123456789abcdef', n),
    base36: (n) => digits('0123456789abcdefghijklmnopqrstuvwxyz', n),
  };
}

/** Unix seconds for a UTC calendar time; month/day overflow rolls over as in Date.UTC. */
export const utc = (y, m, d, hh = 0, mm = 0, ss = 0) => Date.UTC(y, m, d, hh, mm, ss) / 1000;

/** `[year, month (0-based), day]` of a Unix time, in UTC. */
export function calendar(unixSeconds) {
  const date = new Date(unixSeconds * 1000);
  return [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
}

/** Kazoo's per-month database prefix of document ids: `YYYYMM`. */
export function modb(unixSeconds) {
  const [y, m] = calendar(unixSeconds);
  return `${y}${String(m + 1).padStart(2, '0')}`;
}

/** Newest first; the id breaks ties so paging is stable. */
export const newestFirst = (a, b) => b.at - a.at || (a.doc.id < b.doc.id ? 1 : a.doc.id > b.doc.id ? -1 : 0);

export const phone = (rng, area) => `+1 ${area} 555 01${String(rng.int(0, 99)).padStart(2, '0')}`;

/** Weekdays (Mon–Fri) at 00:00 UTC from `start` to `end`, both Unix seconds. */
export function* weekdays(start, end) {
  for (let day = start; day <= end; day += DAY) {
    const weekday = new Date(day * 1000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) yield day;
  }
}
