/**
 * Window words in headers and cells: which testing window a column or a row belongs to
 * ("Read Fall" / "Read Spring", "BOY"/"EOY", "Pre"/"Post", "pretest.1"/"post.test.1",
 * "G1"/"G3", "RIT.Fall 2017-2018", "2017-09 RIT"). A header minus its window words is its
 * stem; two score columns with the same stem and different windows are a measure pair.
 */
import { headerTokens } from './names';

export interface WindowInfo {
  /** The header (or cell) words without the window words: the measure's stem. */
  stem: string[];
  /** Window family: pairs only form within one family (season, prepost, numbered, year). */
  family: string;
  /** Sort key: earlier windows are smaller. */
  order: number;
  /** Words that named the window, for reasons ("fall 2017"). */
  label: string;
}

const SEASONS: Record<string, number> = { fall: 1, autumn: 1, winter: 2, spring: 3, summer: 4 };
const PREPOST: Record<string, [string, number]> = {
  boy: ['year', 1],
  moy: ['year', 2],
  eoy: ['year', 3],
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
};
/** Words glued to pre/post that are the measure, not the window: "pretest" = pre + test. */
const GLUED = /^(pre|post)(test|assessment|assess|score|survey|quiz|exam|test\d*)$/;
/** Numbered windows: T1, Time 1, Wave 2, G1 (UCI period grades), Q3, Round 2, Period 1. */
const NUMBERED =
  /^(t|g|q|time|wave|round|period|trimester|quarter|semester|sem|window|admin|diag|diagnostic)(\d{1,2})$/;
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
]);

/**
 * Parse window words out of a header or cell text. Returns null when it names no window.
 * A year ("2017", "2017-2018", "2017-18") or year-month ("2017-09") is a window on its own
 * or refines a season ("Fall 2017-2018" = fall of the year starting 2017).
 */
export function parseWindow(text: string): WindowInfo | null {
  let tokens = headerTokens(text);
  const split: string[] = [];
  for (const t of tokens) {
    const g = GLUED.exec(t);
    if (g) split.push(g[1], g[2]);
    else split.push(t);
  }
  tokens = split;
  // phrases: "beginning of year", "middle of year", "end of year"
  const joined = ` ${tokens.join(' ')} `;
  let family = '';
  let order = 0;
  const label: string[] = [];
  const stem: string[] = [];
  let year = 0;
  let month = 0;
  const phrase = /\s(beginning|middle|end) of (the )?year\s/.exec(joined);
  if (phrase) {
    family = 'year';
    order = phrase[1] === 'beginning' ? 1 : phrase[1] === 'middle' ? 2 : 3;
    label.push(phrase[0].trim());
    tokens = joined.replace(phrase[0], ' ').trim().split(/\s+/).filter(Boolean);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!family && t in SEASONS) {
      family = 'season';
      order = SEASONS[t];
      label.push(t);
      continue;
    }
    if (!family && t in PREPOST) {
      [family, order] = PREPOST[t];
      label.push(t);
      continue;
    }
    const n = NUMBERED.exec(t);
    if (!family && n) {
      family = `numbered:${n[1]}`;
      order = Number(n[2]);
      label.push(t);
      continue;
    }
    if (!family && NUMBER_WORDS.has(t) && next && /^\d{1,2}$/.test(next)) {
      family = `numbered:${t}`;
      order = Number(next);
      label.push(t, next);
      i++;
      continue;
    }
    if (/^(19|20)\d\d$/.test(t) && !year) {
      year = Number(t);
      label.push(t);
      // "2017-2018" / "2017 18" / "2017-09"
      if (next && (/^(19|20)\d\d$/.test(next) || /^\d\d$/.test(next))) {
        const v = Number(next);
        if (next.length === 2 && v >= 1 && v <= 12 && !(v === (year + 1) % 100)) month = v;
        label.push(next);
        i++;
      }
      continue;
    }
    stem.push(t);
  }
  if (!family && !year) return null;
  if (year) {
    // Years order first; a season or month refines the order within the year.
    const within = family === 'season' ? order : month ? month : family ? order : 0;
    order = year * 100 + within;
    family = family === 'season' || !family ? 'dated' : `dated:${family}`;
  }
  return { stem, family, order, label: label.join(' ') };
}
