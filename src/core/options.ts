/**
 * One options normalizer. Every default of the mapping config is in DEFAULTS below, and
 * `normalizeConfig(raw)` checks a config once — types and meaning, before any sheet is read —
 * throwing ConfigError(code, "config.<key> must be <what it accepts>, got <value>"). Checks that
 * need the sheets (a named sheet or column exists) are validateConfig's (intake/validate.ts).
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  MeasureConfig,
  PracticeConfig,
  StudentSheetConfig,
} from './config';
import { ConfigError } from './errors';

/**
 * Every default, in one place:
 * - `minN` 10: the smallest group whose figures are called reliable (What Works Clearinghouse
 *   reports no effect for fewer than ~10 per group);
 * - `targets.method` "observed-growth": a team's target is the growth the team at the 75th
 *   `percentile` of comparable teams achieved on the same measure, never more than the best
 *   comparable team's (without two comparable teams: half-gap, proficiency-gap or effect-size, in
 *   that order of what the measure has; goals/suggest.ts studentMethod); half-the-gap stays the per-student target and an option:
 *   `fraction` 0.5 of the gap to the maximum (or to proficiency) over `horizonYears` 1 (the annual
 *   share is 1 − (1 − fraction)^(1/years)); `delta` 0.2 SD (effect-size method);
 * - `normYearShare` 1: fall to spring is read as a year's ordinary growth (0.5 for fall to winter);
 * - `benchmark` "kraft2020" (effect-size labels for education);
 * - `schoolYearEnd`: the next 15 June after the run when not given;
 * - `max` ≤ 1,000,000: no school scale is bigger (scaled scores, Lexile, RIT are in the
 *   thousands); a larger "maximum" is a typing mistake;
 * - a score in the data is at most 1,000,000,000 in size (`maxScore`): beyond it a cell is an
 *   export or typing error (1e200, an ID in a score column), an out-of-range issue, never a
 *   figure (its square overflows every statistic);
 * - `progress.windowsInYear` 3: a school year has three benchmark windows (BOY, MOY, EOY; fall,
 *   winter, spring), so by the middle one half of a goal's growth is expected (linear path).
 */
export const DEFAULTS = {
  minN: 10,
  targets: {
    method: 'observed-growth',
    fraction: 0.5,
    horizonYears: 1,
    percentile: 75,
    delta: 0.2,
  },
  benchmark: 'kraft2020',
  schoolYearEndMonthDay: '06-15',
  normYearShare: 1,
  maxScale: 1_000_000,
  maxScore: 1_000_000_000,
  progress: { windowsInYear: 3 },
} as const;

export const TARGET_METHODS = [
  'half-gap',
  'tiered',
  'proficiency-gap',
  'observed-growth',
  'effect-size',
] as const;
export const BENCHMARKS = ['kraft2020', 'cohen1988', 'hattie'] as const;

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : String(v);
}

/** Throw ConfigError unless `ok`: "config.<key> must be <what>, got <value>." */
export function need(ok: boolean, key: string, what: string, got: unknown, code = 'CONFIG_VALUE') {
  if (!ok) throw new ConfigError(code, `config.${key} must be ${what}, got ${shown(got)}.`);
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optText = (v: unknown) => v === undefined || v === null || isText(v);
const none = (v: unknown) => v === undefined || v === null;

/** A real calendar date written YYYY-MM-DD ("2027-02-30" is not one). */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A scale's maximum and cut score: max > 0 and finite (≤ maxScale), 0 ≤ proficient ≤ max. */
function checkScale(m: MeasureConfig | PracticeConfig, key: string): void {
  const limit = DEFAULTS.maxScale.toLocaleString('en-US');
  need(
    none(m.max) || (isNum(m.max) && m.max > 0 && m.max <= DEFAULTS.maxScale),
    `${key}.max`,
    `a number above 0 and at most ${limit}, or null (no maximum)`,
    m.max,
  );
  need(
    none(m.proficient) || isNum(m.proficient),
    `${key}.proficient`,
    'a number or null',
    m.proficient,
  );
  if (isNum(m.max) && isNum(m.proficient))
    need(
      m.proficient >= 0 && m.proficient <= m.max,
      `${key}.proficient`,
      `a score from 0 to the maximum (${m.max})`,
      m.proficient,
    );
}

function checkPair(pre: unknown, post: unknown, key: string, noun: string): void {
  need(isText(pre), `${key}.pre`, `a ${noun}`, pre);
  need(isText(post), `${key}.post`, `a ${noun}`, post);
  need(pre !== post, `${key}.post`, `a different ${noun} from pre ("${String(pre)}")`, post);
}

function checkSheetCommon(s: Record<string, unknown>, key: string): void {
  need(isText(s.sheet) && s.sheet !== '', `${key}.sheet`, 'the name of a sheet', s.sheet);
  need(isText(s.id), `${key}.id`, 'a header (or "" for none)', s.id);
  need(
    s.headerRow === undefined || (Number.isInteger(s.headerRow) && (s.headerRow as number) >= 1),
    `${key}.headerRow`,
    'a whole number ≥ 1',
    s.headerRow,
  );
  need(
    s.format === undefined ||
      s.format === 'wide' ||
      s.format === 'long' ||
      (s.format === 'visits' && key.startsWith('educators')),
    `${key}.format`,
    key.startsWith('educators') ? '"wide", "long" or "visits"' : '"wide" or "long"',
    s.format,
  );
  for (const f of ['team', 'school', 'teacher', 'coach', 'pdHours'])
    need(optText(s[f]), `${key}.${f}`, 'a header or null', s[f]);
  const merges = s.categoryMerges;
  need(
    merges === undefined ||
      (isObj(merges) &&
        Object.values(merges).every(
          (lists) =>
            Array.isArray(lists) && lists.every((g) => Array.isArray(g) && g.every(isText)),
        )),
    `${key}.categoryMerges`,
    'an object of header → lists of spellings that read as one group ({ "Team": [["Team A", "Team-A"]] })',
    merges,
  );
}

function checkStudents(s: StudentSheetConfig, key: string): void {
  need(isObj(s), key, 'an object', s);
  checkSheetCommon(s as unknown as Record<string, unknown>, key);
  need(
    s.subgroups === undefined || (Array.isArray(s.subgroups) && s.subgroups.every(isText)),
    `${key}.subgroups`,
    'a list of headers',
    s.subgroups,
  );
  need(Array.isArray(s.measures), `${key}.measures`, 'a list of measures', s.measures);
  const long = s.format === 'long';
  s.measures.forEach((m, i) => {
    const mk = `${key}.measures[${i}]`;
    need(isObj(m), mk, 'an object', m);
    need(isText(m.name) && m.name.trim() !== '', `${mk}.name`, 'a name', m.name);
    checkScale(m, mk);
    if (!long) checkWindows(m, mk, 'header');
  });
  if (!long) return;
  need(s.id !== '', `${key}.id`, 'the header of the student ID (a long layout pairs by it)', s.id);
  const flags = Array.isArray(s.windows) && s.windows.some((w) => isObj(w) && 'flagColumn' in w);
  need(
    flags || (isText(s.windowColumn) && s.windowColumn !== ''),
    `${key}.windowColumn`,
    'a header',
    s.windowColumn,
  );
  for (const f of ['measureColumn', 'scoreColumn'] as const)
    need(s[f] === undefined || (isText(s[f]) && s[f] !== ''), `${key}.${f}`, 'a header', s[f]);
  checkWindows(s, key, 'window value');
}

/**
 * Pre and post: v1 names two columns (wide) or two window values (long), both required; v2 lists
 * `windows` (their shape is checked with the sheets, intake/validate.ts) and pre/post, when
 * given, name two different windows.
 */
function checkWindows(
  o: { windows?: unknown; pre?: unknown; post?: unknown },
  key: string,
  noun: string,
): void {
  if (o.windows === undefined) return checkPair(o.pre, o.post, key, noun);
  need(optText(o.pre), `${key}.pre`, 'the name of a window', o.pre);
  need(optText(o.post), `${key}.post`, 'the name of a window', o.post);
  if (!none(o.pre) && !none(o.post))
    need(
      o.pre !== o.post,
      `${key}.post`,
      `a different window from pre ("${String(o.pre)}")`,
      o.post,
    );
}

function checkEducators(e: EducatorSheetConfig, key: string): void {
  need(isObj(e), key, 'an object', e);
  checkSheetCommon(e as unknown as Record<string, unknown>, key);
  need(Array.isArray(e.practice), `${key}.practice`, 'a list of practices', e.practice);
  need(
    e.scale === undefined || (isObj(e.scale) && Object.values(e.scale).every(isNum)),
    `${key}.scale`,
    'an object of rating text → number',
    e.scale,
  );
  const long = e.format === 'long' || e.format === 'visits';
  e.practice.forEach((p, i) => {
    const pk = `${key}.practice[${i}]`;
    need(isObj(p), pk, 'an object', p);
    need(isText(p.name) && p.name.trim() !== '', `${pk}.name`, 'a name', p.name);
    checkScale(p, pk);
    // In a long layout pre and post usually name the same rating column (v1), or the practice
    // names its `column`, or a component column says which practice a row rates (v2).
    if (long) {
      const c = p.column ?? p.pre ?? p.post;
      need(
        isText(c) || isText(e.componentColumn),
        `${pk}.column`,
        'a header (the rating column)',
        c,
      );
    } else checkWindows(p, pk, 'header');
  });
  if (!long) return;
  need(e.id !== '', `${key}.id`, 'the header of the educator ID (a long layout pairs by it)', e.id);
  if (e.format === 'visits') return checkVisits(e, key);
  need(
    isText(e.windowColumn) && e.windowColumn !== '',
    `${key}.windowColumn`,
    'a header',
    e.windowColumn,
  );
  checkWindows(e, key, 'window value');
}

/** A visit log: the date column; `cutDate`, when given, a calendar date YYYY-MM-DD. */
function checkVisits(e: EducatorSheetConfig, key: string): void {
  need(
    isText(e.dateColumn) && e.dateColumn !== '',
    `${key}.dateColumn`,
    'the header of the visit date',
    e.dateColumn,
  );
  need(
    e.cutDate === undefined || (isText(e.cutDate) && /^\d{4}-\d{2}-\d{2}$/.test(e.cutDate)),
    `${key}.cutDate`,
    'a date written YYYY-MM-DD',
    e.cutDate,
  );
}

function checkTargets(t: unknown): void {
  if (t === undefined) return;
  need(isObj(t), 'targets', 'an object', t);
  const o = t as Record<string, unknown>;
  need(
    o.method === undefined || (TARGET_METHODS as readonly unknown[]).includes(o.method),
    'targets.method',
    `one of ${TARGET_METHODS.map((m) => `"${m}"`).join(', ')}`,
    o.method,
  );
  need(
    o.fraction === undefined || (isNum(o.fraction) && o.fraction > 0 && o.fraction <= 1),
    'targets.fraction',
    'a number above 0 and at most 1 (e.g. 0.5: close half the gap)',
    o.fraction,
  );
  need(
    o.horizonYears === undefined ||
      (isNum(o.horizonYears) && o.horizonYears >= 1 && o.horizonYears <= 12),
    'targets.horizonYears',
    'a number of years from 1 to 12 (e.g. 3)',
    o.horizonYears,
  );
  need(
    o.percentile === undefined || (isNum(o.percentile) && o.percentile >= 1 && o.percentile <= 99),
    'targets.percentile',
    'a number from 1 to 99 (e.g. 75)',
    o.percentile,
  );
  need(
    o.delta === undefined || (isNum(o.delta) && o.delta > 0 && o.delta <= 2),
    'targets.delta',
    'a number above 0 and at most 2 standard deviations (e.g. 0.2)',
    o.delta,
  );
  need(
    o.tiers === undefined || (Array.isArray(o.tiers) && o.tiers.every(isObj)),
    'targets.tiers',
    'a list of bands ({ "upTo": number or null, "growth": number })',
    o.tiers,
  );
}

/** config.normYearShare: the share of a school year between the pre and post windows. */
export function checkNormYearShare(v: unknown): void {
  need(
    v === undefined || (isNum(v) && v > 0 && v <= 1.5),
    'normYearShare',
    'the share of a school year between the pre and post windows, above 0 and at most 1.5 (e.g. 0.5 for fall to winter)',
    v,
  );
}

/** config.progress: windows in the year (2 to 12) and the share of growth expected by each. */
export function checkProgress(v: unknown): void {
  need(v === undefined || isObj(v), 'progress', 'an object ({ "windowsInYear": 3 })', v);
  if (v === undefined) return;
  const o = v as { windowsInYear?: unknown; shares?: unknown };
  const w = o.windowsInYear;
  need(
    w === undefined || (Number.isInteger(w) && (w as number) >= 2 && (w as number) <= 12),
    'progress.windowsInYear',
    'a whole number from 2 to 12 (the baseline window counts: 3 for BOY, MOY, EOY)',
    w,
  );
  const s = o.shares;
  const rising =
    Array.isArray(s) &&
    s.length >= 1 &&
    s.every((x, k) => isNum(x) && x > 0 && x <= 1 && (k === 0 || x > (s[k - 1] as number))) &&
    s[s.length - 1] === 1;
  need(
    s === undefined || rising,
    'progress.shares',
    'a list of rising shares above 0, ending at 1, one per window after the first (e.g. [0.5, 1])',
    s,
  );
  need(
    s === undefined || w === undefined || (s as unknown[]).length === (w as number) - 1,
    'progress.shares',
    `one share per window after the first (${String(w)} windows in the year: ${Number(w) - 1} shares)`,
    s,
  );
}

/** The options goal suggestion reads (targets, minN): checked where they are read too. */
export function checkTargetOptions(c: { targets?: unknown; minN?: unknown }): void {
  checkTargets(c.targets);
  need(
    c.minN === undefined || (Number.isInteger(c.minN) && (c.minN as number) >= 1),
    'minN',
    'a whole number of at least 1 (e.g. 10)',
    c.minN,
  );
}

function checkTop(c: Record<string, unknown>): void {
  need(
    c.schoolYearEnd === undefined || (isText(c.schoolYearEnd) && isRealDate(c.schoolYearEnd)),
    'schoolYearEnd',
    'a real date written YYYY-MM-DD (e.g. "2027-06-15")',
    c.schoolYearEnd,
  );
  need(
    c.benchmark === undefined || (BENCHMARKS as readonly unknown[]).includes(c.benchmark),
    'benchmark',
    `one of ${BENCHMARKS.map((b) => `"${b}"`).join(', ')}`,
    c.benchmark,
  );
  checkNormYearShare(c.normYearShare);
  checkProgress(c.progress);
  need(
    c.synonyms === undefined ||
      (Array.isArray(c.synonyms) && c.synonyms.every((g) => Array.isArray(g) && g.every(isText))),
    'synonyms',
    'a list of lists of words',
    c.synonyms,
  );
  for (const f of ['goals', 'template'])
    need(
      c[f] === undefined || (isObj(c[f]) && isText((c[f] as { sheet?: unknown }).sheet)),
      `${f}.sheet`,
      'the name of a sheet',
      isObj(c[f]) ? (c[f] as { sheet?: unknown }).sheet : c[f],
    );
}

/**
 * Check a config (as read from JSON, a workbook or the pane) once, for types and meaning; return
 * it typed. Throws ConfigError naming the key, what it accepts and what it got. The config is
 * not changed (defaults stay in DEFAULTS, so a printed config says only what was chosen).
 */
export function normalizeConfig(raw: unknown): MappingConfig {
  need(
    isObj(raw),
    '(whole file)',
    'an object ({ "version": 2, "students": [ … ] })',
    raw,
    'CONFIG_TYPE',
  );
  const c = raw as Record<string, unknown>;
  need(
    c.version === 1 || c.version === 2,
    'version',
    'the number 1 or 2',
    c.version,
    'CONFIG_TYPE',
  );
  need(
    Array.isArray(c.students),
    'students',
    'a list of student sheets',
    c.students,
    'CONFIG_TYPE',
  );
  (c.students as StudentSheetConfig[]).forEach((s, k) => checkStudents(s, `students[${k}]`));
  need(
    c.educators === undefined || Array.isArray(c.educators),
    'educators',
    'a list of educator sheets',
    c.educators,
    'CONFIG_TYPE',
  );
  ((c.educators ?? []) as EducatorSheetConfig[]).forEach((e, k) =>
    checkEducators(e, `educators[${k}]`),
  );
  checkTargetOptions(c);
  checkTop(c);
  return raw as MappingConfig;
}
