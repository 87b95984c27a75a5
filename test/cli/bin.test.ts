/**
 * The installed entry point: bin/throughline.js loads dist/node/throughline.js (tsc's output
 * bundled by `npm run build:node`). Built here once, then spawned as a person would run it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { createHash } from 'node:crypto';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = path.join(__dirname, '../..');
const bin = path.join(root, 'bin/throughline.js');
const node = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });

/** `file`'s cache beside it starts with the SHA-256 of `file` and this V8 takes its data. */
function expectCacheMadeFor(file: string): void {
  const source = readFileSync(file, 'utf8');
  const data = readFileSync(`${file}.cache`);
  expect(data.toString('latin1', 0, 64)).toBe(createHash('sha256').update(source).digest('hex'));
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData: data.subarray(64),
  });
  expect(script.cachedDataRejected).toBe(false);
}

describe('bin/throughline.js (the built command line)', () => {
  beforeAll(() => {
    // tsc emits even when another part of the project has a type error; our files compile.
    spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json'],
      { cwd: root, encoding: 'utf8' },
    );
    const bundled = spawnSync(process.execPath, [path.join(root, 'scripts/bundle-cli.mjs')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(0);
  });

  it('--version and --help exit 0', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const v = node(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = node(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('analyze');
  });

  it('a usage error exits 2 and a missing file exits 1, each with a message', () => {
    const u = node(['analyze', '--nope']);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("unknown option '--nope'");
    const m = node(['analyze', 'no/such/file.csv']);
    expect(m.status).toBe(1);
    expect(m.stderr).toContain('no/such/file.csv was not found');
    expect(m.stderr).not.toMatch(/\n\s+at /);
  });

  it('a CSV that is binary exits 1', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-bin-'));
    const f = path.join(dir, 'x.csv');
    writeFileSync(f, Buffer.from([0x50, 0x00, 0x01]));
    const r = node(['analyze', f]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not a text CSV file');
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the code cache beside the bundle', () => {
    const bundle = path.join(root, 'dist/node/throughline.js');
    const cache = `${bundle}.cache`;
    const run = () => node(['analyze', 'examples/baumann/carData_Baumann.csv', '--json', '-']);

    it('is made by the build for this bundle (its SHA-256 first) and accepted by this V8', () => {
      expectCacheMadeFor(bundle);
    });

    it('a damaged or missing cache only means compiling: the same report either way', () => {
      const good = readFileSync(cache);
      const withCache = run();
      expect(withCache.status).toBe(0);
      try {
        writeFileSync(cache, Buffer.from('not a V8 code cache'));
        const damaged = run();
        expect(damaged.status).toBe(0);
        expect(damaged.stdout).toBe(withCache.stdout);
        // Made for another bundle: the hash differs, the V8 data is never handed to V8.
        writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(64)), good.subarray(64)]));
        const other = run();
        expect(other.status).toBe(0);
        expect(other.stdout).toBe(withCache.stdout);
        rmSync(cache);
        const none = run();
        expect(none.status).toBe(0);
        expect(none.stdout).toBe(withCache.stdout);
      } finally {
        writeFileSync(cache, good);
      }
      expect(JSON.parse(withCache.stdout).dataQuality.rowsRead).toBe(66);
    });
  });

  describe('exceljs, bundled on its own with its cache', () => {
    const excel = path.join(root, 'dist/node/exceljs.js');
    const cache = `${excel}.cache`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-bin-excel-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const sheetXml = (name: string) => {
      const out = path.join(dir, name);
      const r = node(['analyze', 'examples/baumann/carData_Baumann.csv', '--out', out]);
      expect([name, r.status, r.stderr.includes('\n    at ')]).toEqual([name, 0, false]);
      // Every sheet and the styles: what exceljs's frame and our XML make together.
      const zip = spawnSync('unzip', ['-p', out, 'xl/worksheets/*.xml', 'xl/styles.xml'], {
        encoding: 'utf8',
      });
      expect(zip.status).toBe(0);
      return zip.stdout;
    };

    it('is what the command line loads (not node_modules/exceljs), its cache made for it', () => {
      const probe = spawnSync(
        process.execPath,
        [
          '-e',
          `const b = require(${JSON.stringify(path.join(root, 'bin/bundle.js'))});
           const x = b.loadExcelJs();
           const fromModules = Object.keys(require.cache).some((k) => k.includes('node_modules/exceljs/'));
           console.log(JSON.stringify({ workbook: typeof x.Workbook, fromModules }));`,
        ],
        { encoding: 'utf8', cwd: root },
      );
      expect(probe.status).toBe(0);
      expect(JSON.parse(probe.stdout)).toEqual({ workbook: 'function', fromModules: false });
      expectCacheMadeFor(excel);
    });

    it('a damaged or missing cache, or no bundle at all, gives the same workbook', () => {
      const good = readFileSync(cache);
      const withCache = sheetXml('with-cache.xlsx');
      const bundled = readFileSync(excel);
      try {
        writeFileSync(cache, Buffer.from('not a V8 code cache'));
        expect(sheetXml('damaged.xlsx')).toBe(withCache);
        rmSync(cache);
        expect(sheetXml('no-cache.xlsx')).toBe(withCache);
        rmSync(excel); // exceljs from node_modules
        expect(sheetXml('no-bundle.xlsx')).toBe(withCache);
      } finally {
        writeFileSync(excel, bundled);
        writeFileSync(cache, good);
      }
      expect(withCache).toContain('<f>');
    });
  });
});
