/**
 * Category columns (team, school, subgroups) interned in one pass: a code per record, then
 * spellings of one category merged only by case and surrounding spaces ("FRL", "frl "), the
 * explicit synonym list ("Free/Reduced" → FRL) and the sheet's `categoryMerges`; a person's
 * Team column is never regrouped otherwise. Values that differ only in symbols or inner spaces
 * ("Team *", "Team ?") stay apart, with a warning that says how to merge them.
 */
import type { Categorical, CodeArray } from '../dataset';
import type { DataQualityIssue } from '../report';
import type { CellValue } from '../types';
import { IdIndex } from './id-index';
import { makeIssue } from '../quality/issues';
import { fitted } from './scores';
import { cleanText, displayText, flagValue, isMissing } from './values';

/** Folded spellings that mean the same group. Small on purpose: a wrong merge hides a group. */
const SYNONYMS: Record<string, string> = {
  frl: 'frl',
  frpl: 'frl',
  fr: 'frl',
  free: 'frl',
  reduced: 'frl',
  freereduced: 'frl',
  freeandreduced: 'frl',
  freeorreduced: 'frl',
  freereducedlunch: 'frl',
  freeandreducedlunch: 'frl',
  freereducedprice: 'frl',
  female: 'female',
  f: 'female',
  girl: 'female',
  girls: 'female',
  male: 'male',
  m: 'male',
  boy: 'male',
  boys: 'male',
  ell: 'el',
  el: 'el',
  lep: 'el',
  englishlearner: 'el',
  englishlanguagelearner: 'el',
  ml: 'el',
  multilinguallearner: 'el',
  swd: 'swd',
  iep: 'swd',
  sped: 'swd',
  specialeducation: 'swd',
  studentwithdisabilities: 'swd',
  studentswithdisabilities: 'swd',
};

/** Spellings compared in turn before the hash index takes over (CategoryBuilder.add). */
const FEW = 8;
const MAX_INT16 = 32767;

export const BLANK_LABEL = '(blank)';

/** The synonym group a cell's text names ("Free/Reduced" → "frl"), or null. */
function groupKey(text: string): string | null {
  return SYNONYMS[fold(cleanText(text))] ?? null;
}

/**
 * The group a column's header names ("FRL", "FRL status", "EL flag" → "frl", "el"), so that in
 * a Y/N column a cell naming that group reads as "Y"; null for other headers.
 */
function ownGroupKey(header: string): string | null {
  const f = fold(header).replace(/(status|flag|yn|eligible|eligibility|indicator)$/, '');
  return SYNONYMS[f] ?? null;
}

/** A spelling's key: NFC first, so "é" typed as one character or as e + accent is one team. */
function fold(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The spelling as grouping compares it: case and surrounding spaces only (in NFC, so "é" typed
 * as one character or as e + accent is one spelling). */
function exactKey(s: string): string {
  return cleanText(s).normalize('NFC').toLowerCase();
}

export class CategoryBuilder {
  readonly column: string;
  readonly index: number;
  readonly excelColumn: number;
  /** Blank cells form their own "(blank)" group (subgroups) instead of being missing (-1). */
  readonly blankAsGroup: boolean;
  /** Spelling code per record while reading (Int16Array until a 32,768th spelling). */
  codes: CodeArray;
  /**
   * Every spelling seen, with its code (-1: a spelling that means blank), found through a hash
   * index over the list: a team or school column's cells are new strings each row, and the
   * index hashes and compares them in JS faster than a Map hashes and looks up each new key.
   */
  private spellings: string[] = [];
  private spellingCodes: number[] = [];
  private readonly known = new IdIndex(this.spellings);
  private texts: string[] = [];
  private counts: number[] = [];
  blanks = 0;
  firstBlankRow = 0;

  /** Lower-cased, trimmed spelling → the merge group it belongs to (config categoryMerges). */
  private readonly merges = new Map<string, string>();

  constructor(
    column: string,
    index: number,
    excelColumn: number,
    capacity: number,
    blankAsGroup: boolean,
    merges: readonly (readonly string[])[] = [],
  ) {
    merges.forEach((spellings, i) => {
      for (const t of spellings) this.merges.set(exactKey(t), `merge:${i}`);
    });
    this.column = column;
    this.index = index;
    this.excelColumn = excelColumn;
    this.codes = new Int16Array(capacity);
    this.blankAsGroup = blankAsGroup;
  }

  private remember(t: string, k: number): void {
    this.known.add(t, this.spellings.length);
    this.spellings.push(t);
    this.spellingCodes.push(k);
  }

  grow(capacity: number): void {
    const c =
      this.codes instanceof Int16Array ? new Int16Array(capacity) : new Int32Array(capacity);
    c.set(this.codes);
    this.codes = c;
  }

  /** Record `r`'s cell; returns false when it is blank (or a missing word). */
  add(r: number, cell: CellValue, excelRow: number): boolean {
    const t = cell === null ? '' : typeof cell === 'string' ? cell : displayText(cell);
    // Known spellings (the common case) cost a few compares or one hash lookup; -1 marks a
    // spelling that means blank. While there are at most FEW, they are compared in turn: a Y/N
    // column's cells are new strings each row, and hashing each costs more than two compares.
    let k: number | undefined;
    const spellings = this.spellings;
    if (spellings.length > FEW) {
      const at = this.known.get(t);
      if (at >= 0) k = this.spellingCodes[at];
    } else {
      for (let i = 0; i < spellings.length; i++) {
        if (spellings[i] === t) {
          k = this.spellingCodes[i];
          break;
        }
      }
    }
    if (k === undefined && (cell === null || (typeof cell === 'string' && isMissing(cell)))) {
      k = -1;
      this.remember(t, k);
    }
    if (k === -1) {
      this.codes[r] = -1;
      if (this.blanks++ === 0) this.firstBlankRow = excelRow;
      return false;
    }
    if (k === undefined) {
      k = this.texts.length;
      if (k > MAX_INT16 && this.codes instanceof Int16Array)
        this.codes = Int32Array.from(this.codes);
      this.remember(t, k);
      this.texts.push(t);
      this.counts.push(0);
    }
    this.counts[k]++;
    this.codes[r] = k;
    return true;
  }

  /** Merge spellings, pick labels, remap codes; issues for merged spellings and blank groups. */
  finish(
    size: number,
    sheet: string,
    headerRow: number,
  ): { categorical: Categorical; issues: DataQualityIssue[] } {
    const issues: DataQualityIssue[] = [];
    const n = this.texts.length;
    // A Y/N column may also name its own group: "FRL" or "Free/Reduced" in the FRL column,
    // "ELL" in the EL column mean "Y" there.
    const own = ownGroupKey(this.column);
    const flagOf = (t: string): 'Y' | 'N' | null =>
      flagValue(t) ?? (own !== null && groupKey(t) === own ? 'Y' : null);
    const flags =
      n > 0 &&
      this.texts.every((t) => flagOf(t) !== null) &&
      this.texts.some((t) => /^(y|yes|n|no|true|false|1|0)$/i.test(cleanText(t)));
    const groupOf = new Map<string, number>();
    const groupTexts: number[][] = [];
    const rawToGroup = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const t = this.texts[k];
      const syn = SYNONYMS[fold(cleanText(t))];
      const key = flags
        ? `flag:${flagOf(t)}`
        : (this.merges.get(exactKey(t)) ?? (syn ? `syn:${syn}` : exactKey(t) || `raw:${t}`));
      let g = groupOf.get(key);
      if (g === undefined) {
        g = groupTexts.length;
        groupOf.set(key, g);
        groupTexts.push([]);
      }
      groupTexts[g].push(k);
      rawToGroup[k] = g;
    }
    const labels = groupTexts.map((ks) => {
      if (flags) return flagOf(this.texts[ks[0]]) as string;
      // Most frequent spelling (trimmed); ties go to the first seen.
      const byLabel = new Map<string, number>();
      for (const k of ks) {
        const l = cleanText(this.texts[k]);
        byLabel.set(l, (byLabel.get(l) ?? 0) + this.counts[k]);
      }
      let best = '';
      let bestN = -1;
      for (const [l, c] of byLabel) if (c > bestN) [best, bestN] = [l, c];
      return best;
    });
    groupTexts.forEach((ks, g) => {
      const spellings = [...new Set(ks.map((k) => this.texts[k]))];
      if (spellings.length > 1) {
        issues.push(
          makeIssue(
            'CATEGORY_MERGED',
            sheet,
            headerRow,
            this.column,
            spellings.map((s) => JSON.stringify(s)).join(', '),
            `${spellings.length} spellings read as one group "${labels[g]}": ${spellings.map((s) => JSON.stringify(s)).join(', ')}.`,
            this.excelColumn,
          ),
        );
      }
    });
    issues.push(...this.variants(labels, groupTexts, sheet, headerRow));
    let blankCode = -1;
    if (this.blankAsGroup && this.blanks > 0) {
      blankCode = labels.length;
      labels.push(BLANK_LABEL);
      issues.push(
        makeIssue(
          'BLANK_CATEGORY',
          sheet,
          this.firstBlankRow,
          this.column,
          null,
          `${this.blanks} blank cell${this.blanks === 1 ? '' : 's'} (first on row ${this.firstBlankRow}) form the group "${BLANK_LABEL}" (e.g. a lunch column that marks only FR).`,
          this.excelColumn,
        ),
      );
    }
    // Remapped in place, or into four bytes a record when the groups no longer fit in two.
    const raw = fitted(this.codes, size);
    const codes =
      labels.length - 1 > MAX_INT16 && raw instanceof Int16Array ? new Int32Array(size) : raw;
    for (let r = 0; r < size; r++) {
      const c = raw[r];
      codes[r] = c < 0 ? blankCode : rawToGroup[c];
    }
    return { categorical: { column: this.column, labels, codes }, issues };
  }

  /**
   * Groups whose labels differ only in symbols or inner spaces ("Team *", "Team ?"): kept apart,
   * one warning per set, saying how the config can merge them.
   */
  private variants(
    labels: string[],
    groupTexts: number[][],
    sheet: string,
    headerRow: number,
  ): DataQualityIssue[] {
    const byFold = new Map<string, number[]>();
    labels.forEach((l, g) => {
      const f = fold(l);
      if (f === '' || groupTexts[g].length === 0) return;
      const list = byFold.get(f);
      if (list) list.push(g);
      else byFold.set(f, [g]);
    });
    const out: DataQualityIssue[] = [];
    for (const gs of byFold.values()) {
      if (gs.length < 2) continue;
      const names = gs.map((g) => JSON.stringify(labels[g]));
      const merge = JSON.stringify({ [this.column]: [gs.map((g) => labels[g])] });
      out.push(
        makeIssue(
          'CATEGORY_VARIANT',
          sheet,
          headerRow,
          this.column,
          names.join(', '),
          `${names.join(' and ')} differ only in symbols or spaces and are kept as separate groups; if they are one group, add "categoryMerges": ${merge} to this sheet's config.`,
          this.excelColumn,
        ),
      );
    }
    return out;
  }
}
