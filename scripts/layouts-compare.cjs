/**
 * The layout corpus (test/fixtures/layouts/<slug>/) and the one comparison of a detected mapping
 * with a layout's hand-made expected.json. Shared by `npm run detect:layouts`
 * (scripts/detect-layouts.mjs) and the tests in test/layouts/. Read-only: it runs the built
 * command line and reads files; it writes nothing but temporary output under the OS temp folder.
 *
 * A detected config may be version 1 (today's output) or version 2 (docs/detection-notes.md,
 * "Layout corpus"): both are first normalised to one shape, so the score keeps working while
 * detection moves to v2. v1 wide `{pre, post}` = windows [pre, post]; v1 long `pre`/`post` =
 * window values [pre, post]; v1 long educators: `practice[].pre` is the rating column.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const LAYOUTS_DIR = path.join(REPO, 'test/fixtures/layouts');
const CLI = path.join(REPO, 'bin/throughline.js');
const DATA_EXT = /\.(csv|xlsx)$/i;

/** Every layout of the corpus, sorted by slug: its folder, data file and parsed expected.json. */
function listLayouts(dir = LAYOUTS_DIR) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((slug) => {
      const folder = path.join(dir, slug);
      const data = readdirSync(folder).filter((f) => DATA_EXT.test(f));
      const expectedPath = path.join(folder, 'expected.json');
      const sourcePath = path.join(folder, 'SOURCE.md');
      return {
        slug,
        folder,
        dataFiles: data.map((f) => path.join(folder, f)),
        dataFile: data.length === 1 ? path.join(folder, data[0]) : null,
        expectedPath,
        sourcePath,
        expected: existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : null,
      };
    });
}

// ----- normalising a config (v1 or v2) to blocks ----------------------------------------------

const windowKey = (w) => {
  if (typeof w === 'string') return w;
  if (w.value !== undefined) return String(w.value);
  if (w.flagColumn) return `flag:${w.flagColumn}`;
  if (w.from || w.to) return `dates:${w.from ?? ''}..${w.to ?? ''}`;
  return w.column ?? w.name;
};

/** The columns a measure/practice reads, in window order. */
function itemColumns(item, sheetFormat) {
  if (Array.isArray(item.windows)) return item.windows.map((w) => w.column);
  if (item.column) return [item.column];
  if (sheetFormat === 'wide' || sheetFormat === undefined) {
    return [item.pre, item.post].filter((c) => c !== undefined);
  }
  // v1 long educators: pre/post name the rating column read from the pre and post rows.
  if (item.pre && item.pre === item.post) return [item.pre];
  return [];
}

function sheetWindows(block) {
  if (Array.isArray(block.windows)) return block.windows.map(windowKey);
  if (block.pre !== undefined && block.post !== undefined) return [block.pre, block.post];
  return [];
}

function toBlock(population, s) {
  const format = s.format ?? 'wide';
  const items = population === 'educators' ? (s.practice ?? []) : (s.measures ?? []);
  return {
    population,
    sheet: s.sheet,
    format,
    id: s.id ?? null,
    team: s.team ?? null,
    school: s.school ?? null,
    windowColumn: s.windowColumn ?? null,
    windows: format === 'wide' ? [] : sheetWindows(s),
    measureColumn: s.measureColumn ?? null,
    componentColumn: s.componentColumn ?? null,
    scoreColumn: s.scoreColumn ?? null,
    dateColumn: s.dateColumn ?? null,
    items: items.map((m) => ({ name: m.name, columns: itemColumns(m, format) })),
  };
}

/** All sheet blocks of a config, v1 or v2, as one normalised shape. */
function normalizeConfig(config) {
  const blocks = [];
  for (const s of config?.students ?? []) blocks.push(toBlock('students', s));
  for (const s of config?.educators ?? []) blocks.push(toBlock('educators', s));
  for (const p of config?.pd ?? []) {
    blocks.push({
      population: 'pd',
      sheet: p.sheet,
      format: 'pd',
      id: p.id ?? null,
      hours: p.hours ?? null,
      focus: p.focus ?? null,
      date: p.date ?? null,
    });
  }
  return blocks;
}

// ----- comparing ------------------------------------------------------------------------------

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const show = (x) => (Array.isArray(x) ? `[${x.join(', ')}]` : x === null ? 'none' : `"${x}"`);

function checkRole(diffs, role, accepted, got) {
  if (!accepted.includes(got))
    diffs.push(`${role} ${show(got)}, expected ${accepted.map(show).join(' or ')}`);
}

/** Expected column lists vs detected ones: every expected list found exactly, nothing invented. */
function compareItemColumns(diffs, kind, expectedItems, detectedItems, extras) {
  const want = expectedItems.map((m) => ({ name: m.name, columns: itemColumns(m, 'wide') }));
  const got = detectedItems.map((m) => m.columns);
  for (const w of want) {
    if (got.some((g) => same(g, w.columns))) continue;
    const near = got.find((g) => g.some((c) => w.columns.includes(c)));
    diffs.push(
      near
        ? `${kind} ${w.name}: windows ${show(near)} instead of ${show(w.columns)}`
        : `${kind} ${w.name} ${show(w.columns)} not found`,
    );
  }
  for (const g of got) {
    const expected = want.some((w) => same(w.columns, g)) || extras.some((x) => same(x, g));
    const reported = want.some((w) => g.some((c) => w.columns.includes(c)));
    if (!expected && !reported) diffs.push(`invented ${kind} ${show(g)}`);
  }
}

function compareLong(diffs, e, d, accept, kind) {
  const eItems = kind === 'practice' ? e.practice : e.measures;
  if ((e.windowColumn ?? null) !== d.windowColumn) {
    diffs.push(`window column ${show(d.windowColumn)}, expected ${show(e.windowColumn ?? null)}`);
  }
  const wantWindows = (e.windows ?? []).map(windowKey);
  if (!same(d.windows, wantWindows))
    diffs.push(`windows ${show(d.windows)}, expected ${show(wantWindows)}`);
  if ((e.scoreColumn ?? null) !== d.scoreColumn) {
    diffs.push(`score column ${show(d.scoreColumn)}, expected ${show(e.scoreColumn ?? null)}`);
  }
  const labelKey = kind === 'practice' ? 'componentColumn' : 'measureColumn';
  const wantLabel = e[labelKey] ?? null;
  const okLabels = accept[labelKey] ?? [wantLabel];
  // One measure named by a single-valued column reads the same with or without that column.
  const optional = wantLabel !== null && eItems.length === 1 && d[labelKey] === null;
  if (!optional) checkRole(diffs, labelKey, okLabels, d[labelKey]);
  if (wantLabel !== null && d[labelKey] !== null) {
    const names = (xs) => xs.map((m) => m.name).sort();
    if (!same(names(d.items), names(eItems))) {
      diffs.push(`${kind}s ${show(names(d.items))}, expected ${show(names(eItems))}`);
    }
  } else if (eItems.some((m) => m.column) && d.items.every((m) => m.columns.length === 0)) {
    diffs.push(`${kind}s not read one column each: expected ${show(eItems.map((m) => m.column))}`);
  } else if (eItems.some((m) => m.column)) {
    compareItemColumns(diffs, kind, eItems, d.items, accept.extraMeasures ?? []);
  } else if (wantLabel === null && d.items.length !== 1) {
    diffs.push(`${d.items.length} ${kind}s, expected one (no ${labelKey})`);
  }
}

function compareSheet(e, d, accept, population) {
  const diffs = [];
  const kind = population === 'educators' ? 'practice' : 'measure';
  const format = e.format ?? 'wide';
  if (d.format !== format) diffs.push(`format "${d.format}", expected "${format}"`);
  checkRole(diffs, 'id', accept.id ?? [e.id], d.id);
  if (e.school !== undefined) {
    checkRole(diffs, 'school', accept.school ?? [e.school], d.school ?? d.team);
  }
  if (e.team !== undefined) checkRole(diffs, 'team', accept.team ?? [e.team], d.team);
  const eItems = (kind === 'practice' ? e.practice : e.measures) ?? [];
  if (format === 'wide') {
    compareItemColumns(diffs, kind, eItems, d.items, accept.extraMeasures ?? []);
  } else if (format === 'visits') {
    if ((e.dateColumn ?? null) !== d.dateColumn) {
      diffs.push(`date column ${show(d.dateColumn)}, expected ${show(e.dateColumn ?? null)}`);
    }
    compareItemColumns(diffs, kind, eItems, d.items, accept.extraMeasures ?? []);
  } else {
    compareLong(diffs, e, d, accept, kind);
  }
  return diffs;
}

function comparePd(e, d, accept) {
  const diffs = [];
  checkRole(diffs, 'id', accept.id ?? [e.id], d.id);
  for (const key of ['hours', 'focus', 'date']) {
    if ((e[key] ?? null) !== d[key])
      diffs.push(`${key} ${show(d[key])}, expected ${show(e[key] ?? null)}`);
  }
  return diffs;
}

/** The expected sheet blocks of an expected.json, with their population. */
function expectedBlocks(expected) {
  const out = [];
  for (const population of ['students', 'educators', 'pd']) {
    for (const s of expected[population] ?? []) out.push({ population, sheet: s.sheet, spec: s });
  }
  return out;
}

/**
 * What differs between a layout's expected.json and a detected config (v1 or v2): one plain
 * phrase per difference; an empty list means "fully detected".
 */
function compareLayout(expected, detectedConfig) {
  const diffs = [];
  const detected = normalizeConfig(detectedConfig);
  const accept = expected.accept ?? {};
  for (const { population, sheet, spec } of expectedBlocks(expected)) {
    const onSheet = detected.filter((b) => b.sheet === sheet);
    const match = onSheet.find((b) => b.population === population);
    if (!match) {
      diffs.push(
        onSheet.length
          ? `sheet "${sheet}" read as ${onSheet.map((b) => b.population).join('/')}, expected ${population}`
          : `nothing mapped on sheet "${sheet}" (expected ${population})`,
      );
      continue;
    }
    const found =
      population === 'pd'
        ? comparePd(spec, match, accept)
        : compareSheet(spec, match, accept, population);
    diffs.push(...found);
  }
  const expectedSheets = new Set(expectedBlocks(expected).map((b) => b.sheet));
  for (const b of detected) {
    if (!expectedSheets.has(b.sheet)) diffs.push(`invented ${b.population} sheet "${b.sheet}"`);
  }
  return diffs;
}

/**
 * A layout's `expectIssue` ({ row }) against a `--json` run: a coded data-quality issue on that
 * Excel row, or a failed run whose message says why. Returns what is wrong, or [] when it holds.
 */
function compareExpectedIssue(expected, run) {
  const want = expected.expectIssue;
  if (!want) return [];
  if (run.status !== 0) return run.reason ? [] : ['the run failed without a message'];
  const issues = run.report?.dataQuality?.issues ?? [];
  const hit = issues.find(
    (i) => i.row === want.row && typeof i.code === 'string' && i.code.length > 0,
  );
  return hit
    ? []
    : [
        `no data-quality issue on row ${want.row} (issues: ${issues.map((i) => `${i.code}@${i.row}`).join(', ') || 'none'})`,
      ];
}

// ----- running the built command line ---------------------------------------------------------

/** Progress lines the command line writes to stderr; anything else on stderr is a message. */
const PROGRESS =
  /^(Reading\b|Read…|Analysing…|Copying input sheets…|Building sheets…|Writing the workbook…|Wrote\b|\d+ of \d+ rows used)/;

/** The lines of stderr that say something other than progress. */
function messageLines(stderr) {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !PROGRESS.test(l));
}

function runCli(args, options = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? (r.error ? String(r.error) : ''),
  };
}

/** `analyze <files> --print-config`: the detected config, or the reason there is none. */
function printConfig(files) {
  const r = runCli(['analyze', ...files, '--print-config']);
  let config = null;
  if (r.status === 0) {
    try {
      config = JSON.parse(r.stdout);
    } catch {
      return { ...r, config: null, reason: 'printed config is not JSON' };
    }
  }
  return { ...r, config, reason: messageLines(r.stderr).join(' ') || null };
}

/** `analyze <files> --json -` (the workbook goes to a temporary folder, removed after). */
function runJson(files) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tl-layouts-'));
  try {
    const r = runCli(['analyze', ...files, '--json', '-', '--out', path.join(tmp, 'out.xlsx')]);
    let report = null;
    try {
      report = r.status === 0 ? JSON.parse(r.stdout) : null;
    } catch {
      report = null;
    }
    return { ...r, report, reason: messageLines(r.stderr).join(' ') || null };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The command line's note when a CSV's file name is not a legal sheet name. */
const CSV_SHEET_NOTE = /^(.+)\.csv is the sheet "(.+)" \(an Excel sheet name/;

/**
 * A config whose sheets are named as the expected.json names them: a CSV's sheet is its file's
 * base name, except where the command line said it had to shorten it ("X.csv is the sheet
 * \"Y\"") — Y is then read back as X. Returns a copy; nothing else changes.
 */
function csvSheetsByFile(config, stderr) {
  const renamed = new Map();
  for (const line of messageLines(stderr)) {
    for (const part of line.split(/(?<=\.\)) /)) {
      const m = CSV_SHEET_NOTE.exec(part.trim());
      if (m) renamed.set(m[2], path.basename(m[1]));
    }
  }
  if (renamed.size === 0) return config;
  const rename = (s) => (renamed.has(s.sheet) ? { ...s, sheet: renamed.get(s.sheet) } : s);
  const out = { ...config };
  for (const key of ['students', 'educators', 'pd']) {
    if (Array.isArray(config[key])) out[key] = config[key].map(rename);
  }
  return out;
}

/**
 * Detection on one layout through the built command line, compared with its expected.json:
 * { slug, ok, diffs, message } — `message` is the command line's own reason when it printed no
 * config.
 */
function detectLayout(layout) {
  const files = layout.dataFiles;
  const printed = printConfig(files);
  if (!printed.config) {
    return {
      slug: layout.slug,
      ok: false,
      diffs: [],
      message: printed.reason ?? `exit ${printed.status}, no message`,
    };
  }
  const diffs = compareLayout(layout.expected, csvSheetsByFile(printed.config, printed.stderr));
  const empty = normalizeConfig(printed.config).length === 0;
  if (empty && printed.reason) diffs.push(`the command line said: ${printed.reason}`);
  if (layout.expected.expectIssue)
    diffs.push(...compareExpectedIssue(layout.expected, runJson(files)));
  return { slug: layout.slug, ok: diffs.length === 0, diffs, message: null };
}

module.exports = {
  REPO,
  LAYOUTS_DIR,
  listLayouts,
  normalizeConfig,
  expectedBlocks,
  compareLayout,
  compareExpectedIssue,
  messageLines,
  runCli,
  printConfig,
  runJson,
  csvSheetsByFile,
  detectLayout,
};
