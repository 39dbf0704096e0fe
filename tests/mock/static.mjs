// Static files for the demo and the e2e tests, served under the same CSP a portal would set.

import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'application/typescript; charset=utf-8', // also `.d.ts`
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
};

const mimeOf = (file) => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

function send(req, res, status, headers, body = '') {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { ...BASE_HEADERS, 'content-length': bytes.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

const plain = (req, res, status, text, headers = {}) =>
  send(req, res, status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, `${text}\n`);

/** Decoded path of the raw request target, or null for anything that tries to climb out. */
function safePath(rawUrl) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawUrl.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  const climbs = decoded.split(/[/\\]/).some((segment) => segment === '..');
  if (climbs || decoded.includes('\0') || !decoded.startsWith('/')) return null;
  return decoded.replace(/^\/+/, '/'); // `//host/` must not become a protocol-relative redirect
}

const isInside = (root, file) => file === root || file.startsWith(root + path.sep);

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}

/** Serves `req` from `root`; `/` goes to /www/index.html when there is one, else /index.html. */
export async function serveStatic(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(req, res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  const urlPath = safePath(req.url);
  if (urlPath === null) return plain(req, res, 403, 'forbidden');
  const realRoot = await realpath(root);

  if (urlPath === '/' && (await statOrNull(path.join(realRoot, 'www', 'index.html')))?.isFile()) {
    return plain(req, res, 302, 'see /www/index.html', { location: '/www/index.html' });
  }
  let file = path.resolve(realRoot, `.${urlPath}`);
  let info = await statOrNull(file);
  if (info?.isDirectory()) {
    if (!urlPath.endsWith('/')) return plain(req, res, 301, 'moved', { location: `${encodeURI(urlPath)}/` });
    file = path.join(file, 'index.html');
    info = await statOrNull(file);
  }
  if (!info?.isFile()) return plain(req, res, 404, 'not found');
  // Symlinks must not lead outside the root either.
  if (!isInside(realRoot, await realpath(file))) return plain(req, res, 403, 'forbidden');
  return send(req, res, 200, { 'content-type': mimeOf(file) }, await readFile(file));
}
