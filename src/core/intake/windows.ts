/**
 * The window grammar: which testing window a header or a cell names ("Read Fall" / "Read
 * Spring", "BOY"/"EOY", "Beginning of Year", "Pre"/"Post", "pretest.1", "T1", "PM 3",
 * "Test Event 2", "2nd Administration", "(Most Recent)", "Start"/"End", "09/15/2023",
 * "SEP23", "0923", "2023-09", "FA23", "S1", "Fall 2023-24", "SY24", "Grade 3 Scale Score").
 * A header minus its window words is its stem; two score columns with the same stem and
 * windows of one family are windows of one measure. "Growth from Fall to Spring" names a span,
 * not a window: its family is the span itself, so it pairs with no other column.
 *
 * Orders: within a family, smaller is earlier. Anything with a year or a date is "dated" and
 * ordered by calendar month (year·100 + month): seasons of a school year "2023-24" fall in
 * Sep 2023, Dec 2023, Mar 2024, Jun 2024; a season with one year is that year's season.
 */
import { headerTokens } from './names';

export interface WindowInfo {
  /** The header (or cell) words without the window words: the measure's stem. */
  stem: string[];
  /** Window family: windows of one measure are of one family (season, prepost, numbered:t…). */
  family: string;
  /** Sort key: earlier windows are smaller. */
  order: number;
  /** Words that named the window, for reasons ("fall 2017"). */
  label: string;
  /** A span ("from Fall to Spring"): a change between two windows, not a window. */
  span?: boolean;
}

const SEASONS: Record<string, number> = { fall: 1, autumn: 1, winter: 2, spring: 3, summer: 4 };
/** Calendar month of each season (winter: December of a school year's first calendar year). */
const SEASON_MONTH = [0, 9, 12, 3, 6];
const SEQ: Record<string, [string, number]> = {
  boy: ['year', 1],
  moy: ['year', 2],
  eoy: ['year', 3],
  beginning: ['year', 1],
  middle: ['year', 2],
  pre: ['prepost', 1],
  post: ['prepost', 2],
  before: ['prepost', 1],
  after: ['prepost', 2],
  baseline: ['prepost', 1],
  endline: ['prepost', 2],
  entry: ['prepost', 1],
  exit: ['prepost', 2],
  initial: ['prepost', 1],
  final: ['prepost', 2],
  start: ['prepost', 1],
  end: ['prepost', 2],
  latest: ['prepost', 3],
};
/** Words that name a window only as the whole text or before a window noun ("First Name" is not). */
const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
};
const WINDOW_NOUNS = new Set([
  'administration',
  'admin',
  'test',
  'testing',
  'window',
  'assessment',
  'attempt',
  'benchmark',
  'diagnostic',
  'period',
  'round',
  'event',
  'observation',
  'visit',
  'term',
  'quarter',
  'semester',
  'trimester',
  'screening',
  'screener',
]);
/** "Start Score", "End Rating": start/end beside a score word name windows. */
const SCORE_NOUNS = new Set(['score', 'scores', 'rating', 'scale', 'rit', 'points', 'level']);
/** Words glued to pre/post that are the measure, not the window: "pretest" = pre + test. */
const GLUED = /^(pre|post)(test|assessment|assess|score|survey|quiz|exam|test\d*)$/;
/** Numbered windows: T1, Time 1, Wave 2, G1 (UCI period grades), Q3, PM2, BM1, S1, Round 2. */
const NUMBERED =
  /^(t|g|q|s|pm|bm|time|wave|round|period|trimester|quarter|semester|sem|window|admin|diag|diagnostic|test|event|benchmark|checkpoint|cycle|probe|screening)(\d{1,2})$/;
const NUMBER_WORDS = new Set([
  'time',
  'wave',
  'round',
  'trimester',
  'quarter',
  'semester',
  'window',
  'administration',
  'diagnostic',
  'diag',
  'pm',
  'bm',
  'test',
  'event',
  'benchmark',
  'checkpoint',
  'cycle',
  'probe',
  'period',
  'screening',
]);
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(uary|ruary|ch|il|e|y|ust|tember|ober|ember)?(\d{2}|\d{4})?$/;
const TERM_CODE = /^(fa|fl|wi|wn|sp|su)(\d{2})$/;
const TERM_SEASON: Record<string, number> = { fa: 1, fl: 1, wi: 2, wn: 2, sp: 3, su: 4 };
/** Words that only say how a column is marked (a Y/N flag, year to date): not the stem. */
const NOISE = new Set(['y', 'n', 'yn', 'ytd']);

/** What the token pass found. */
interface Found {
  family: string;
  order: number;
  label: string[];
  stem: string[];
  /** Calendar year of the window (school-year start when `schoolYear`). */
  year: number;
  month: number;
  day: number;
  schoolYear: boolean;
  grade: number;
}

const yearOf = (t: string): number =>
  /^(19|20)\d\d$/.test(t) ? Number(t) : /^\d\d$/.test(t) ? 2000 + Number(t) : 0;

/**
 * Words a header uses for a difference between two scores (a student's gain column): "Fall Spring
 * growth" is a span of windows, and a column so named is never a total (detect.ts).
 */
const DIFFERENCE_WORDS = 'gain|growth|change|diff|difference|delta|improvement';

/** A header naming a difference between two scores (any case, singular or plural). */
export const DIFFERENCE_HEADER = new RegExp(`\\b(${DIFFERENCE_WORDS})s?\\b`, 'i');

/** "Growth from Fall to Spring", "Fall to Spring change", "Fall–Spring growth": a span. */
function span(tokens: string[]): WindowInfo | null {
  const words = tokens.join(' ');
  const win = '(fall|autumn|winter|spring|summer|boy|moy|eoy|pre|post|t\\d|pm\\d|\\d{4})';
  const m = new RegExp(`(?:from )?${win} (?:to|through|thru) ${win}`).exec(words);
  const glued = new RegExp(`^(.*\\b)?${win} ${win} (${DIFFERENCE_WORDS})s?\\b`).exec(words);
  const hit = m
    ? [m[0], m[1], m[2]]
    : glued
      ? [`${glued[2]} ${glued[3]}`, glued[2], glued[3]]
      : null;
  if (!hit) return null;
  const stem = words
    .replace(hit[0], ' ')
    .replace(/\bfrom\b/, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return { stem, family: `span:${hit[1]}-${hit[2]}`, order: 0, label: hit[0], span: true };
}

/** A calendar date in the text ("09/15/2023", "9/15/23", "2023-09-15"), removed from it. */
function dateIn(text: string): { rest: string; y: number; m: number; d: number } | null {
  const us = /\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)?\d\d)\b/.exec(text);
  if (us) {
    const m = Number(us[1]);
    const d = Number(us[2]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
      return { rest: text.replace(us[0], ' '), y: yearOf(us[3]), m, d };
  }
  const iso = /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (iso) {
    const m = Number(iso[2]);
    if (m >= 1 && m <= 12)
      return { rest: text.replace(iso[0], ' '), y: Number(iso[1]), m, d: Number(iso[3]) };
  }
  return null;
}

const RECENT = new Set(['recent', 'current', 'latest']);

/** Split "pretest" into "pre test"; "beginning of (the) year" → "boy"; "most recent" → "latest". */
function normalise(text: string): string[] {
  const split: string[] = [];
  for (const t of headerTokens(text)) {
    const g = GLUED.exec(t);
    if (g) split.push(g[1], g[2]);
    else split.push(t);
  }
  const phrased = ` ${split.join(' ')} `
    .replace(/ beginning of (the )?(school )?year /g, ' boy ')
    .replace(/ middle of (the )?(school )?year /g, ' moy ')
    .replace(/ end of (the )?(school )?year /g, ' eoy ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < phrased.length; i++) {
    const t = phrased[i];
    const next = phrased[i + 1];
    if (t === 'most' && next === 'recent') {
      out.push('latest');
      i++;
    } else if (RECENT.has(t) || (t === 'last' && next && WINDOW_NOUNS.has(next)))
      out.push('latest');
    else out.push(t);
  }
  return out;
}

/** A family word (season, BOY, pre, ordinal before a window noun, T1, PM 2 …) at tokens[i]. */
function familyAt(
  tokens: string[],
  i: number,
  alone: boolean,
): { family: string; order: number; used: number } | null {
  const t = tokens[i];
  const next = tokens[i + 1];
  if (t in SEASONS) return { family: 'season', order: SEASONS[t], used: 1 };
  const month = FULL_MONTHS.indexOf(t === 'sept' ? 'september' : t);
  // A month alone: ordered within a school year (August first).
  if (month >= 0 && !yearOf(next ?? ''))
    return { family: 'month', order: ((month + 12 - 7) % 12) + 1, used: 1 };
  if (t in SEQ) {
    // "Beginning"/"Middle"/"End"/"Start" name a window alone or beside window words only.
    if (
      ['beginning', 'middle', 'end', 'start'].includes(t) &&
      !alone &&
      !(next && (WINDOW_NOUNS.has(next) || SCORE_NOUNS.has(next)))
    )
      return null;
    return { family: SEQ[t][0], order: SEQ[t][1], used: 1 };
  }
  if (t in ORDINALS && (alone || (next && WINDOW_NOUNS.has(next))))
    return { family: 'ordinal', order: ORDINALS[t], used: 1 };
  const n = NUMBERED.exec(t);
  if (n) return { family: `numbered:${n[1]}`, order: Number(n[2]), used: 1 };
  if (NUMBER_WORDS.has(t) && next && /^\d{1,2}$/.test(next))
    return { family: `numbered:${t}`, order: Number(next), used: 2 };
  return null;
}

/** A year, school year, month-year or term code at tokens[i]: sets f's year/month. */
function timeAt(tokens: string[], i: number, f: Found): number {
  const t = tokens[i];
  const next = tokens[i + 1] ?? '';
  if (t === 'sy' && yearOf(next)) {
    const used = timeAt(tokens, i + 1, f);
    if (!f.schoolYear && next.length === 2) f.year -= 1; // SY 24 = 2023-24
    f.schoolYear = true;
    return used + 1;
  }
  const sy = /^sy(\d{2}|\d{4})$/.exec(t);
  if (sy) {
    f.year = yearOf(sy[1]) - 1;
    f.schoolYear = true;
    return 1;
  }
  if (/^(19|20)\d\d$/.test(t)) {
    f.year = Number(t);
    const v = Number(next);
    if (/^(19|20)\d\d$/.test(next) && v === f.year + 1) f.schoolYear = true;
    else if (/^\d\d$/.test(next) && v === (f.year + 1) % 100) f.schoolYear = true;
    else if (/^\d\d$/.test(next) && v >= 1 && v <= 12) f.month = v;
    else return 1;
    return 2;
  }
  const term = TERM_CODE.exec(t);
  if (term) {
    f.year = yearOf(term[2]);
    if (!f.family) [f.family, f.order] = ['season', TERM_SEASON[term[1]]];
    return 1;
  }
  const mw = MONTH_WORD.exec(t);
  if (mw && (mw[3] || yearOf(next))) {
    f.month = MONTHS.indexOf(mw[1].slice(0, 3)) + 1;
    f.year = mw[3] ? yearOf(mw[3]) : yearOf(next);
    return mw[3] ? 1 : 2;
  }
  const mmyy = /^(0[1-9]|1[0-2])(\d\d)$/.exec(t);
  if (mmyy && tokens.length <= 3) {
    f.month = Number(mmyy[1]);
    f.year = 2000 + Number(mmyy[2]);
    return 1;
  }
  // YYMM (an administration code "2309" = September 2023) when it cannot be MMYY or a year.
  const yymm = /^([1-9]\d)(0[1-9]|1[0-2])$/.exec(t);
  if (yymm && tokens.length === 1 && !/^(19|20)/.test(t)) {
    f.year = 2000 + Number(yymm[1]);
    f.month = Number(yymm[2]);
    return 1;
  }
  return 0;
}

/** "Grade 3", "Gr 4", "3rd Grade": a cohort's grade as its year. */
function gradeAt(tokens: string[], i: number, f: Found): number {
  const t = tokens[i];
  const next = tokens[i + 1] ?? '';
  if ((t === 'grade' || t === 'gr') && /^\d{1,2}$/.test(next)) {
    f.grade = Number(next);
    return 2;
  }
  const ord = /^(\d{1,2})(st|nd|rd|th)$/.exec(t);
  if (ord && next === 'grade') {
    f.grade = Number(ord[1]);
    return 2;
  }
  return 0;
}

/** The calendar order of a dated window: year·100 + month (+ day/100). */
function datedOrder(f: Found): number {
  if (f.month) return f.year * 100 + f.month + f.day / 100;
  if (f.family === 'season') {
    // A season with one year is that calendar year's: its winter is January.
    const month = !f.schoolYear && f.order === 2 ? 1 : SEASON_MONTH[f.order];
    // A school year's winter is its first December; its spring and summer are the next year's.
    const year = f.schoolYear && f.order >= 3 ? f.year + 1 : f.year;
    return year * 100 + month;
  }
  if (f.family === 'year')
    return f.order === 1 ? f.year * 100 + 9 : (f.year + 1) * 100 + (f.order === 2 ? 1 : 5);
  return f.year * 100 + (f.family ? 8 + f.order / 10 : 0);
}

/**
 * Parse window words out of a header or cell text. Returns null when it names no window.
 * A year ("2017", "2017-2018", "2017-18", "SY24") or month ("2017-09", "SEP23", "0923") or
 * date is a window on its own or dates a family word ("Fall 2017-2018").
 */
export function parseWindow(text: string): WindowInfo | null {
  const date = dateIn(text);
  const tokens = normalise(date ? date.rest : text);
  const s = span(tokens);
  if (s) return s;
  const f: Found = {
    family: '',
    order: 0,
    label: [],
    stem: [],
    year: 0,
    month: 0,
    day: 0,
    schoolYear: false,
    grade: 0,
  };
  if (date) [f.year, f.month, f.day] = [date.y, date.m, date.d];
  const alone = tokens.filter((t) => !NOISE.has(t) && !/^\d+$/.test(t)).length === 1;
  for (let i = 0; i < tokens.length;) {
    const fam = f.family ? null : familyAt(tokens, i, alone);
    if (fam) {
      [f.family, f.order] = [fam.family, fam.order];
      f.label.push(...tokens.slice(i, i + fam.used));
      i += fam.used;
      continue;
    }
    const used =
      (!f.year && !f.month && timeAt(tokens, i, f)) || (!f.grade && gradeAt(tokens, i, f));
    if (used) {
      f.label.push(...tokens.slice(i, i + used));
      i += used;
      continue;
    }
    if (!NOISE.has(tokens[i])) f.stem.push(tokens[i]);
    i++;
  }
  if (date)
    f.label.push(`${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`);
  return finish(f);
}

function finish(f: Found): WindowInfo | null {
  const label = f.label.join(' ');
  if (f.year) {
    const family = f.family === 'season' || !f.family ? 'dated' : `dated:${f.family}`;
    return { stem: f.stem, family, order: datedOrder(f), label };
  }
  if (f.family) return { stem: f.stem, family: f.family, order: f.order, label };
  if (f.grade) return { stem: f.stem, family: 'grade', order: f.grade, label };
  return null;
}

/** A header that marks a window by a Y/N flag ("Fall Test (Y/N)", "Baseline Diagnostic (Y/N)"). */
export function isFlagHeader(header: string): boolean {
  return /\(\s*y\s*\/\s*n\s*\)|\by\/n\b|\?\s*$/i.test(header);
}
