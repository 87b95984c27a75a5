/**
 * scripts/validate-manifest.mjs (npm run validate) and scripts/xmllint-manifest.sh, run as a
 * person runs them: the real manifest passes; a copy with one defect each fails, naming the
 * element and the problem. Broken copies are written to a temporary folder; the icon checks
 * still look in the repository's assets/.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifestPath = join(root, 'manifest.xml');
const manifest = readFileSync(manifestPath, 'utf8');
const schemas = join(root, '..', 'shared', 'schemas', 'office-addin-manifest');
const haveXmllint = spawnSync('xmllint', ['--version']).status === 0;
const haveSchemas = existsSync(join(schemas, 'OfficeAppManifestV1_1.xsd'));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'throughline-manifest-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the validator on a file; returns its exit code and everything it printed. */
function validate(file: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'validate-manifest.mjs'), file], {
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Writes manifest text to a temporary file and returns its path. */
function writeCopy(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

/** Replaces exactly one occurrence (the test would be meaningless if the text were absent). */
function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`test setup: ${String(from)} not found in manifest.xml`);
  return out;
}

describe('validate-manifest.mjs', () => {
  it('passes the real manifest (default path and explicit path)', () => {
    const byDefault = spawnSync(
      process.execPath,
      [join(root, 'scripts', 'validate-manifest.mjs')],
      {
        encoding: 'utf8',
      },
    );
    expect(byDefault.status).toBe(0);
    const explicit = validate(manifestPath);
    expect(explicit.status).toBe(0);
    expect(explicit.output).toContain('manifest.xml is well-formed');
  });

  // Each case: one defect, and the words the message must contain (element and problem).
  const defects: Array<[string, (m: string) => string, RegExp]> = [
    [
      'not well-formed: unclosed element',
      (m) => replaceOnce(m, '</DefaultSettings>', ''),
      /not well-formed XML: <\/OfficeApp> closes <DefaultSettings>/,
    ],
    [
      'not well-formed: bare ampersand',
      (m) => replaceOnce(m, 'Data-informed goal setting', 'Goals & data'),
      /not well-formed XML: bad entity reference "&" in attribute DefaultValue of <Description>/,
    ],
    [
      'Version moved after ProviderName (element order)',
      (m) =>
        replaceOnce(
          replaceOnce(m, /\s*<Version>0\.1\.0\.0<\/Version>/, ''),
          '<DefaultLocale>',
          '<Version>0.1.0.0</Version>\n  <DefaultLocale>',
        ),
      /<Version> must come before <ProviderName>/,
    ],
    [
      'Permissions before DefaultSettings (element order)',
      (m) =>
        replaceOnce(
          replaceOnce(m, /\s*<Permissions>ReadWriteDocument<\/Permissions>/, ''),
          '<DefaultSettings>',
          '<Permissions>ReadWriteDocument</Permissions>\n  <DefaultSettings>',
        ),
      /<DefaultSettings> must come before <Permissions>/,
    ],
    [
      'required element missing',
      (m) => replaceOnce(m, /\s*<ProviderName>Throughline<\/ProviderName>/, ''),
      /<OfficeApp> has no <ProviderName> \(required\)/,
    ],
    [
      'resid not defined',
      (m) =>
        replaceOnce(
          m,
          '<FunctionFile resid="Commands.Url"/>',
          '<FunctionFile resid="Commands.Page"/>',
        ),
      /<FunctionFile> resid "Commands.Page" is not defined in <Resources>/,
    ],
    [
      'resid longer than 32 characters',
      (m) => m.split('"GetStarted.Description"').join('"GetStarted.Description.ForExcelUsers"'),
      // GetStarted (10) + "." (1) + Description (11) + "." (1) + ForExcelUsers (13) = 36
      /<bt:String> id "GetStarted.Description.ForExcelUsers" is 36 characters; Office allows at most 32/,
    ],
    [
      'resid of the wrong kind (an icon naming a URL)',
      (m) =>
        replaceOnce(
          m,
          '<bt:Image size="16" resid="Icon.16"/>',
          '<bt:Image size="16" resid="Taskpane.Url"/>',
        ),
      /<bt:Image> resid "Taskpane.Url" is defined in <bt:Urls> but <Image> needs one from <bt:Images>/,
    ],
    [
      'an http URL',
      (m) =>
        replaceOnce(
          m,
          '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
          '<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>',
        ),
      /<SourceLocation> URL "http:\/\/localhost:3000\/taskpane.html" must be https/,
    ],
    [
      'an icon file that does not exist',
      (m) => m.split('assets/icon-80.png').join('assets/icon-81.png'),
      /<bt:Image> icon "https:\/\/localhost:3000\/assets\/icon-81.png" has no file/,
    ],
    [
      'an icon of the wrong size',
      (m) =>
        replaceOnce(
          m,
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>',
          '<IconUrl DefaultValue="https://localhost:3000/assets/icon-80.png"/>',
        ),
      /<IconUrl> icon "https:\/\/localhost:3000\/assets\/icon-80.png" is 80×80 px; Office expects 32×32/,
    ],
    [
      'Id not a GUID',
      (m) => replaceOnce(m, /<Id>[^<]+<\/Id>/, '<Id>throughline-addin</Id>'),
      /<Id> "throughline-addin" is not a GUID/,
    ],
  ];

  it.each(defects)('fails on %s, naming it', (name, breakIt, expected) => {
    const file = writeCopy(`${name.replace(/\W+/g, '-')}.xml`, breakIt(manifest));
    const { status, output } = validate(file);
    expect(status).toBe(1);
    expect(output).toMatch(expected);
    expect(output).toMatch(/validate-manifest: \d+ problem\(s\)/);
  });

  it('exits 2 when the file cannot be read', () => {
    const { status, output } = validate(join(tmp, 'no-such-manifest.xml'));
    expect(status).toBe(2);
    expect(output).toContain('cannot read');
  });
});

(!haveXmllint || !haveSchemas ? describe.skip : describe)(
  'xmllint-manifest.sh against the XSDs (needs xmllint and ../shared/schemas)',
  () => {
    const run = (file: string) =>
      spawnSync('bash', [join(root, 'scripts', 'xmllint-manifest.sh'), file], {
        encoding: 'utf8',
      });

    it('passes the real manifest', () => {
      const r = run(manifestPath);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('validates');
    });

    it('fails a manifest with Permissions before DefaultSettings', () => {
      const reordered = replaceOnce(
        replaceOnce(manifest, /\s*<Permissions>ReadWriteDocument<\/Permissions>/, ''),
        '<DefaultSettings>',
        '<Permissions>ReadWriteDocument</Permissions>\n  <DefaultSettings>',
      );
      const r = run(writeCopy('reordered-for-xmllint.xml', reordered));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /Element '.*Permissions': This element is not expected. Expected is one of .*DefaultSettings/,
      );
      expect(r.stderr).toContain('does not validate');
    });
  },
);
