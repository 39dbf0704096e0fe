// Crossbar's rate limit for the mock API, as `kazoo_token_buckets` runs it (`kz_buckets.erl`,
// `kz_token_bucket.erl`): one bucket per client address and account (`cb_modules_util:bucket_name`,
// `<ip>/<account_id>`, `<ip>/no_account` for the sign-in routes), holding at most `max` tokens
// (`max_bucket_tokens`, 100) and refilled `fillPerS` a second (`tokens_fill_rate`, 10). A request
// costs 1 (`token_costs`), a sign-in 35 (`user_auth_tokens`, `api_auth_tokens`). A request the bucket
// cannot pay for is refused with 429 and no `Retry-After`; every reply's envelope shows the
// bucket as `tokens: {consumed, remaining}` (`api_util:get_token_obj`).

/** Kazoo's defaults. */
export const KAZOO_BUCKET = Object.freeze({ max: 100, fillPerS: 10 });
/** What the mock uses unless told (`--token-bucket`): large, so the test suites are never rate-limited. */
export const DEFAULT_BUCKET = Object.freeze({ max: 1_000_000, fillPerS: 1_000_000 });
/** What a sign-in costs (`cb_user_auth.erl`, `cb_api_auth.erl`). */
export const SIGN_IN_COST = 35;

/** Parses `--token-bucket MAX/RATE` (e.g. `100/10`). */
export function parseBucket(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text ?? '');
  const bucket = match && { max: Number(match[1]), fillPerS: Number(match[2]) };
  if (!bucket || bucket.max < 1 || bucket.fillPerS < 1) throw new Error(`--token-bucket must be MAX/RATE, like 100/10; got ${text}`);
  return bucket;
}

/** The buckets of one mock. `now()` is a clock in milliseconds (real time: buckets refill as time passes). */
export function createBuckets({ max, fillPerS } = DEFAULT_BUCKET, now = () => performance.now()) {
  const buckets = new Map();
  return {
    /**
     * Takes `cost` tokens from the bucket `key`: `{ok: true, consumed, remaining}`, or `{ok: false,
     * consumed: 0, remaining}` when it holds too few (nothing is taken then).
     */
    take(key, cost) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: max, at: t };
      bucket.tokens = Math.min(max, bucket.tokens + ((t - bucket.at) / 1000) * fillPerS);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < cost) return { ok: false, consumed: 0, remaining: Math.floor(bucket.tokens) };
      bucket.tokens -= cost;
      return { ok: true, consumed: cost, remaining: Math.floor(bucket.tokens) };
    },
  };
}
