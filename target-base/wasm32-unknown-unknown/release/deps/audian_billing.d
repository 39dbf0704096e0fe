/work/wt/money/target-base/wasm32-unknown-unknown/release/deps/audian_billing.d: src/lib.rs src/auth.rs src/client.rs src/config.rs src/envelope.rs src/error.rs src/json.rs src/models/mod.rs src/models/account.rs src/models/balance.rs src/models/billing_summary.rs src/models/ledger.rs src/models/service_plan.rs src/models/transaction.rs src/retry.rs src/time.rs src/transport.rs src/web/mod.rs src/web/api.rs src/web/fetch.rs src/web/js.rs src/web/session.rs src/web/sign_in.rs src/web/types.d.ts /tmp/money-base/js/audian-billing.js

/work/wt/money/target-base/wasm32-unknown-unknown/release/deps/audian_billing.wasm: src/lib.rs src/auth.rs src/client.rs src/config.rs src/envelope.rs src/error.rs src/json.rs src/models/mod.rs src/models/account.rs src/models/balance.rs src/models/billing_summary.rs src/models/ledger.rs src/models/service_plan.rs src/models/transaction.rs src/retry.rs src/time.rs src/transport.rs src/web/mod.rs src/web/api.rs src/web/fetch.rs src/web/js.rs src/web/session.rs src/web/sign_in.rs src/web/types.d.ts /tmp/money-base/js/audian-billing.js

/work/wt/money/target-base/wasm32-unknown-unknown/release/deps/libaudian_billing.rlib: src/lib.rs src/auth.rs src/client.rs src/config.rs src/envelope.rs src/error.rs src/json.rs src/models/mod.rs src/models/account.rs src/models/balance.rs src/models/billing_summary.rs src/models/ledger.rs src/models/service_plan.rs src/models/transaction.rs src/retry.rs src/time.rs src/transport.rs src/web/mod.rs src/web/api.rs src/web/fetch.rs src/web/js.rs src/web/session.rs src/web/sign_in.rs src/web/types.d.ts /tmp/money-base/js/audian-billing.js

src/lib.rs:
src/auth.rs:
src/client.rs:
src/config.rs:
src/envelope.rs:
src/error.rs:
src/json.rs:
src/models/mod.rs:
src/models/account.rs:
src/models/balance.rs:
src/models/billing_summary.rs:
src/models/ledger.rs:
src/models/service_plan.rs:
src/models/transaction.rs:
src/retry.rs:
src/time.rs:
src/transport.rs:
src/web/mod.rs:
src/web/api.rs:
src/web/fetch.rs:
src/web/js.rs:
src/web/session.rs:
src/web/sign_in.rs:
src/web/types.d.ts:
/tmp/money-base/js/audian-billing.js:
