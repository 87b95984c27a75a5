/**
 * Privacy, statically: no source file calls the network, sends telemetry or keeps anything
 * outside the workbook. Every file under src is scanned (comments removed: documentation may
 * cite a URL); the only URL allowed in code is office.js from Microsoft's CDN, in the task
 * pane's page, and OOXML namespace names (identifiers inside the .xlsx, never fetched).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const SRC = path.join(__dirname, '../../src');
const README = path.join(__dirname, '../../README.md');

const FORBIDDEN: [string, RegExp][] = [
  ['fetch', /\bfetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['EventSource', /\bEventSource\b/],
  ['sendBeacon', /\bsendBeacon\b/],
  ['localStorage', /\blocalStorage\b/],
  ['sessionStorage', /\bsessionStorage\b/],
  ['indexedDB', /\bindexedDB\b/],
  ['document.cookie', /\bdocument\.cookie\b/],
  ['Office roaming settings', /\broamingSettings\b/],
  ['Node network modules', /['"](node:)?(http|https|net|dgram|tls|dns)['"]/],
  ['dynamic script URL', /\bimportScripts\s*\(/],
];
const OFFICE_JS = /^https:\/\/appsforoffice\.microsoft\.com\/lib\/1(\.1)?\/hosted\/office\.js$/;
const NAMESPACE =
  /^http:\/\/schemas\.(openxmlformats\.org|microsoft\.com)\/[\w./-]+$|^http:\/\/www\.w3\.org\/[\w./-]+$|^http:\/\/purl\.org\/[\w./-]+$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Code without comments: block comments, HTML comments, and // comments not inside a URL. */
export function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/(^|[^:'"`\w])\/\/.*$/gm, '$1');
}

/** What a file does that the privacy rule forbids: names of APIs and URLs not allowed. */
export function privacyFindings(file: string, text: string): string[] {
  const code = stripComments(text);
  const found = FORBIDDEN.filter(([, re]) => re.test(code)).map(([name]) => name);
  for (const url of code.match(/\b(?:https?|wss?):\/\/[^\s"'`<>)]+/g) ?? []) {
    const loader = /src[\\/]taskpane[\\/][^\\/]+\.html$/.test(file) && OFFICE_JS.test(url);
    if (!loader && !NAMESPACE.test(url)) found.push(url);
  }
  return found;
}

describe('privacy: no network, no telemetry, no storage outside the workbook', () => {
  const all = files(SRC).filter((f) => /\.(ts|tsx|js|mjs|html|css|json)$/.test(f));

  it('scans every source file', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(all.some((f) => f.endsWith(path.join('taskpane', 'taskpane.html')))).toBe(true);
  });

  it.each(files(SRC).map((f) => [path.relative(SRC, f)]))(
    'src/%s uses no network API, storage or outside URL',
    (rel) => {
      const file = path.join(SRC, rel);
      expect(privacyFindings(file, readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it.each([
    ['fetch', 'await fetch("/api")', ['fetch']],
    ['a beacon', 'navigator.sendBeacon(u, d)', ['sendBeacon']],
    ['storage', 'window.localStorage.setItem("k", v)', ['localStorage']],
    ['IndexedDB', 'const db = indexedDB.open("x")', ['indexedDB']],
    ['a socket', 'new WebSocket("wss://x.example/s")', ['WebSocket', 'wss://x.example/s']],
    ['an XHR', 'new XMLHttpRequest()', ['XMLHttpRequest']],
    ['a URL in code', 'const u = "https://telemetry.example/t";', ['https://telemetry.example/t']],
    ['node https', "import https from 'node:https';", ['Node network modules']],
  ])('the scan finds %s', (_label, code, expected) => {
    expect(privacyFindings('src/x/y.ts', code)).toEqual(expected);
  });

  it('allows office.js from the CDN only in the task pane page, and URLs in comments', () => {
    const tag =
      '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>';
    expect(privacyFindings('src/taskpane/taskpane.html', tag)).toEqual([]);
    expect(
      privacyFindings(
        'src/excel/render.ts',
        `const s = "${'https://appsforoffice.microsoft.com/lib/1/hosted/office.js'}";`,
      ),
    ).toHaveLength(1);
    expect(
      privacyFindings(
        'src/core/x.ts',
        '/** See https://example.org/doc */\n// https://example.org/more\nconst a = 1;',
      ),
    ).toEqual([]);
  });

  it('the README says what the add-in reads and writes, and that nothing leaves the workbook', () => {
    const readme = readFileSync(README, 'utf8');
    const section = readme.slice(readme.indexOf('## What Throughline reads and writes'));
    expect(section).toMatch(/It reads the sheets of the workbook/);
    expect(section).toMatch(/It writes only its own sheets[\s\S]*"Throughline State"/);
    expect(section).toMatch(/never changes a cell of a sheet it did not create/);
    expect(section).toMatch(
      /no network request[\s\S]*no telemetry, no storage outside the workbook/,
    );
    expect(section).toMatch(/32,767/);
  });
});
