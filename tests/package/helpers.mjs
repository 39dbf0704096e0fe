// Shared setup for the package suites: pack the built pkg/ with npm, install the tarball into a
// fresh project under os.tmpdir(), run tools from the repo's node_modules (typescript, vite,
// playwright-core) so nothing but npm itself is involved, and compute expected values from the
// mock API's raw dataset independently of the package.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PKG = path.join(ROOT, "pkg");
export const FIXTURES = path.join(ROOT, "tests", "package", "fixtures");
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";
export { CHROMIUM, CHROMIUM_ARGS };
/** The mock's clock; every query below names its range, so results do not depend on today. */
export const NOW = "2026-03-10T12:00:00Z";
export const GREGORIAN_OFFSET = 62167219200;

/**
 * The consumers' strict compiler options: lib checking on (skipLibCheck: false), and deliberately
 * not esnext, so the package's .d.ts must bring the libs it needs.
 */
export const STRICT_COMPILER_OPTIONS = Object.freeze({
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: "es2022",
  lib: ["es2022", "dom", "dom.iterable"],
  types: [],
  noUnusedLocals: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: false,
});

/** Fails (never skips) when pkg/ has not been built. */
export function requirePackage() {
  for (const file of ["package.json", "audian_billing.js", "audian_billing.d.ts", "audian_billing_bg.wasm"]) {
    assert.ok(
      existsSync(path.join(PKG, file)),
      `pkg/${file} is missing: build the package first with \`make build\` ` +
        "(wasm-pack build --release --target web && node scripts/finish-pkg.mjs)",
    );
  }
}

/** A tool installed in the repo's node_modules (`npm ci` puts it there). */
export function repoTool(relative, what) {
  const file = path.join(ROOT, "node_modules", relative);
  assert.ok(existsSync(file), `${what} is missing (${file}): run \`npm ci\` in ${ROOT} (make setup does)`);
  return file;
}

/** npm without the network or the user's noise; `npm_config_*` from a parent npm is dropped. */
function npmEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
}

/**
 * Runs a command; resolves to {code, stdout, stderr, ms} (never rejects on a non-zero exit).
 * `timeoutMs` kills it (its whole process group) and reports that in stderr.
 */
export function run(command, args, { cwd = ROOT, env = process.env, timeoutMs = 120_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Fails with the command line and everything it printed. */
export function assertRan(result, what) {
  assert.equal(
    result.code,
    0,
    `${what} failed (exit ${result.code}):\n${result.stdout.trimEnd()}\n${result.stderr.trimEnd()}`.trimEnd(),
  );
  return result;
}

export const npm = (args, options = {}) => run("npm", args, { env: npmEnv(), ...options });

/** `npm pack --dry-run --json` of pkg/: {files: [{path, size}], size, unpackedSize, …}. */
export async function packDryRun() {
  const result = assertRan(await npm(["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PKG }), "npm pack --dry-run");
  return JSON.parse(result.stdout)[0];
}

/**
 * A fresh consumer project in os.tmpdir() with the packed pkg/ installed from its tarball, the way
 * users get it. Returns {dir, tarball, timings, cleanup()}.
 */
export async function makeConsumer(prefix = "audian-billing-consumer-") {
  requirePackage();
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    const pack = assertRan(
      await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: PKG }),
      "npm pack",
    );
    const tarball = path.join(dir, JSON.parse(pack.stdout)[0].filename);
    await writeFile(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "audian-billing-consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
    );
    // The package has no dependencies, so an offline install from the tarball needs no registry.
    const install = assertRan(
      await npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: dir }),
      "npm install --offline <tarball>",
    );
    return {
      dir,
      tarball,
      timings: { packMs: pack.ms, installMs: install.ms },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Unix seconds of a dataset row's `created` (Gregorian seconds on Kazoo accounts, else RFC 3339). */
export const createdSeconds = (row) =>
  typeof row.created === "number" ? row.created - GREGORIAN_OFFSET : Date.parse(row.created) / 1000;

/** The mock's raw dataset for an account (GET /__mock/dataset/<id>). */
export async function dataset(mockUrl, accountId) {
  const response = await fetch(`${mockUrl}/__mock/dataset/${accountId}`);
  assert.equal(response.status, 200, `GET /__mock/dataset/${accountId}`);
  return response.json();
}

/** Ids of the rows the API holds in [from, to] (both inclusive), newest first, as it serves them. */
export function idsInRange(rows, from, to) {
  const lo = Date.parse(from) / 1000;
  const hi = Date.parse(to) / 1000;
  return rows
    .filter((row) => createdSeconds(row) >= lo && createdSeconds(row) <= hi)
    .sort((a, b) => createdSeconds(b) - createdSeconds(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((row) => row.id);
}

/** Chromium through playwright-core (never a downloaded browser). */
export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (make setup does)`);
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
