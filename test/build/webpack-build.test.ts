/**
 * The add-in build (webpack.config.js), run as `npm run build` runs it but into temporary
 * folders (THROUGHLINE_WEB_OUT) so dist/web, which the browser tests serve, is left alone.
 * Checks what Office and the privacy promise depend on: the manifest's URLs moved to the
 * production URL and still valid, office.js from Microsoft's CDN (or the local copy only when
 * asked), and a Content-Security-Policy that lets nothing of ours connect anywhere.
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const webpackBin = join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
const PRODUCTION_URL = 'https://addin.test.example/throughline/';
const CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'throughline-webpack-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs webpack in the given mode into a fresh folder under tmp, with extra environment. */
function build(name: string, mode: 'production' | 'development', env: Record<string, string>) {
  const out = join(tmp, name);
  const r = spawnSync(process.execPath, [webpackBin, '--mode', mode], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      THROUGHLINE_WEB_OUT: out,
      THROUGHLINE_OFFICE_JS: '',
      ADDIN_PRODUCTION_URL: '',
      ...env,
    },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, out };
}

/** The content of the page's Content-Security-Policy meta tag, as the browser reads it. */
function cspOf(html: string): string {
  const m = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('no Content-Security-Policy meta tag');
  return m[1];
}

describe('production build', () => {
  let result: ReturnType<typeof build>;
  beforeAll(() => {
    result = build('production', 'production', { ADDIN_PRODUCTION_URL: PRODUCTION_URL });
  });

  it('compiles', () => {
    expect(result.output).toContain('compiled successfully');
    expect(result.status).toBe(0);
    for (const f of ['taskpane.html', 'taskpane.js', 'commands.html', 'commands.js', 'help.html']) {
      expect(existsSync(join(result.out, f)), f).toBe(true);
    }
    for (const size of [16, 32, 64, 80]) {
      expect(existsSync(join(result.out, 'assets', `icon-${size}.png`))).toBe(true);
    }
  });

  it('moves every manifest URL to ADDIN_PRODUCTION_URL', () => {
    const manifest = readFileSync(join(result.out, 'manifest.xml'), 'utf8');
    expect(manifest).not.toContain('localhost');
    expect(manifest).toContain(`<SourceLocation DefaultValue="${PRODUCTION_URL}taskpane.html"/>`);
    expect(manifest).toContain(`DefaultValue="${PRODUCTION_URL}commands.html"`);
    expect(manifest).toContain(`DefaultValue="${PRODUCTION_URL}assets/icon-80.png"`);
  });

  it('writes a production manifest that still passes validate-manifest', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'validate-manifest.mjs'), join(result.out, 'manifest.xml')],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  (!existsSync(join(root, '..', 'shared', 'schemas', 'office-addin-manifest')) ? it.skip : it)(
    'writes a production manifest that validates against the XSDs',
    () => {
      const r = spawnSync('bash', [
        join(root, 'scripts', 'xmllint-manifest.sh'),
        join(result.out, 'manifest.xml'),
      ]);
      expect(r.status).toBe(0);
    },
  );

  it.each(['taskpane.html', 'commands.html'])(
    '%s loads office.js from the CDN before our code, under a closed CSP',
    (page) => {
      const html = readFileSync(join(result.out, page), 'utf8');
      const office = html.indexOf(CDN);
      const ours = html.indexOf(page.replace('.html', '.js'));
      expect(office).toBeGreaterThan(-1);
      expect(ours).toBeGreaterThan(office);
      expect(html).not.toContain('/office-js/');
      const csp = cspOf(html).split(/;\s*/);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
      expect(csp).toContain("connect-src 'none'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("object-src 'none'");
      expect(cspOf(html)).not.toContain('unsafe-eval');
    },
  );

  it('ships no eval in our bundles (the CSP would refuse it)', () => {
    for (const f of ['taskpane.js', 'commands.js']) {
      const js = readFileSync(join(result.out, f), 'utf8');
      expect(js).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});

describe('browser-test build (THROUGHLINE_OFFICE_JS=local)', () => {
  it('loads office.js from /office-js/ and allows no other script origin', () => {
    const r = build('local', 'development', { THROUGHLINE_OFFICE_JS: 'local' });
    expect(r.status).toBe(0);
    const html = readFileSync(join(r.out, 'taskpane.html'), 'utf8');
    expect(html).toContain('src="/office-js/office.js"');
    expect(html).not.toContain('appsforoffice.microsoft.com');
    expect(cspOf(html)).toContain("connect-src 'none'");
    // A development build keeps the manifest on the development server.
    expect(readFileSync(join(r.out, 'manifest.xml'), 'utf8')).toContain(
      'https://localhost:3000/taskpane.html',
    );
  });
});

describe('bad ADDIN_PRODUCTION_URL', () => {
  it.each(['http://addin.example.org/', 'https://addin.example.org'])(
    'stops the build on %s, saying what to change',
    (url) => {
      const r = build('bad', 'production', { ADDIN_PRODUCTION_URL: url });
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(
        `ADDIN_PRODUCTION_URL must be an https URL ending in "/", like https://addin.example.org/, got ${url}`,
      );
    },
  );
});
