/**
 * Support for the browser end-to-end tests: a small HTTPS server for the built task pane and a
 * Chromium launcher.
 *
 * The server serves dist/web (built by `npm run build:e2e`, i.e. with THROUGHLINE_OFFICE_JS=local
 * so the pages load /office-js/office.js) and /office-js/* from the offline copy of office.js in
 * node_modules/@microsoft/office-js/dist. Office itself requires the CDN copy; tests must not
 * depend on the network, hence the local one.
 *
 * Certificates come from office-addin-dev-certs: the localhost certificate it keeps in
 * ~/.office-addin-dev-certs, generated with its generateCertificates() when missing. The tests
 * never install its CA into the machine's trust store (that needs sudo and changes the
 * machine); Chromium is started with --ignore-certificate-errors instead.
 */
import { createServer, type Server } from 'node:https';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

const root = resolve(__dirname, '..', '..');

/** Where the built add-in and the offline office.js live. */
export const WEB_ROOT = join(root, 'dist', 'web');
export const OFFICE_JS_ROOT = join(root, 'node_modules', '@microsoft', 'office-js', 'dist');

/** The Chromium flags that work on these machines (see docs: testing notes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--ignore-certificate-errors',
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** A running test server. */
export interface E2eServer {
  /** The origin with a trailing slash, e.g. https://localhost:3000/. */
  url: string;
  /** Every path requested, in order, with the status answered. */
  requests: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

/**
 * The localhost key and certificate of office-addin-dev-certs, generated when missing.
 * Does not install the CA (see the file comment).
 */
export async function devCertificates(): Promise<{ key: Buffer; cert: Buffer }> {
  const dir = join(homedir(), '.office-addin-dev-certs');
  const keyPath = join(dir, 'localhost.key');
  const certPath = join(dir, 'localhost.crt');
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    const devCerts = await import('office-addin-dev-certs');
    await devCerts.generateCertificates();
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

/** Resolves a URL path under a folder, or null when it would leave the folder. */
function fileUnder(folder: string, urlPath: string): string | null {
  const file = normalize(join(folder, decodeURIComponent(urlPath)));
  return file === folder || file.startsWith(folder + sep) ? file : null;
}

/**
 * Starts the HTTPS server on localhost (port 3000 unless given; 0 picks a free one).
 * Refuses to start when dist/web is missing or was not built for browser tests, saying what
 * to run.
 */
export async function startE2eServer(port = 3000): Promise<E2eServer> {
  const page = join(WEB_ROOT, 'taskpane.html');
  if (!existsSync(page)) {
    throw new Error(`e2e server: ${page} is missing: run "npm run build:e2e" first`);
  }
  if (!readFileSync(page, 'utf8').includes('/office-js/office.js')) {
    throw new Error(
      'e2e server: dist/web was built for production (office.js from the CDN): run "npm run build:e2e" first',
    );
  }
  if (!existsSync(join(OFFICE_JS_ROOT, 'office.js'))) {
    throw new Error(
      `e2e server: no offline office.js in ${OFFICE_JS_ROOT} (dev dependency @microsoft/office-js)`,
    );
  }
  const requests: E2eServer['requests'] = [];
  const server: Server = createServer(await devCertificates(), (req, res) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const file = path.startsWith('/office-js/')
      ? fileUnder(OFFICE_JS_ROOT, path.slice('/office-js/'.length))
      : fileUnder(WEB_ROOT, path === '/' ? 'taskpane.html' : path.slice(1));
    let status = 404;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      status = 405;
    } else if (file && existsSync(file) && statSync(file).isFile()) {
      status = 200;
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
    }
    if (status !== 200) {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(status === 404 ? 'not found' : 'method not allowed');
    }
    requests.push({ path, status });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`e2e server: port ${port} is in use (is "npm run dev-server" running?)`)
          : error,
      ),
    );
    server.listen(port, 'localhost', () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${actual}/`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Launches Debian's Chromium through playwright-core with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}
