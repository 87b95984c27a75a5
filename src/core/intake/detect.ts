/**
 * detectConfig: propose a mapping config from the sheets' headers AND values, with a role,
 * confidence and reason for every column, and notes wherever detection is unsure. A person
 * confirms or edits the result (--print-config / the task pane); detection never guesses
 * silently: a guess is marked by a low confidence and a note.
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  MeasureConfig,
  PracticeConfig,
  StudentSheetConfig,
} from '../config';
import type { CellValue, RawTable } from '../types';
import type {
  ColumnDetection,
  ColumnRole,
  DetectionNote,
  DetectionResult,
  SheetDetection,
} from './detect-types';
import { layoutSheet, type SheetLayout } from './layout';
import {
  headerHint,
  NOT_PROFICIENT_WORDS,
  PROFICIENT_WORDS,
  TEMPLATE_LABELS,
  type HeaderHint,
} from './lexicon';
import { foldName, headerTokens } from './names';
import {
  numericShare,
  profileSheet,
  uniqueness,
  type ColumnProfile,
  type SheetSample,
} from './profile';
import { DEFAULT_RATING_MAX, DEFAULT_RATING_SCALE, ratingKey } from './scale';
import { cleanText, displayText, parseNumber } from './values';
import { parseWindow, type WindowInfo } from './windows';

interface Col {
  p: ColumnProfile;
  hint: HeaderHint;
  role: ColumnRole | null;
  confidence: number;
  reason: string;
  measure?: string;
  win: WindowInfo | null;
}

interface Pair {
  name: string;
  pre: Col;
  post: Col;
  others: Col[];
  reason: string;
  confidence: number;
}

/** Known pairs whose headers share no stem (public data sets schools and courses reuse). */
const KNOWN_PAIRS: { pre: string; post: string; name: string; why: string }[] = [
  {
    pre: 'standlrt',
    post: 'normexam',
    name: 'normexam',
    why: 'known pair: standLRT (London Reading Test at intake, age 11) → normexam (GCSE at 16), Goldstein et al. (1993)',
  },
];

/** Usual tops of score scales, for a guessed maximum when the header gives none. */
const CEILINGS = [1, 4, 5, 10, 20, 100];

function titleOf(tokens: string[], header: string): string {
  return tokens
    .map((t) => {
      const re = new RegExp(`\\b${t.replace(/[^a-z0-9]/g, '')}\\b`, 'i');
      const m = re.exec(header);
      if (m && m[0] === m[0].toUpperCase() && /[A-Z]/.test(m[0])) return m[0];
      return t.charAt(0).toUpperCase() + t.slice(1);
    })
    .join(' ');
}

/** How headers write a scale's maximum: "(0-20)", "(1-4)", "0–20", "out of 4", "/100", "max 20". */
const SCALE_PATTERNS = [
  /\(\s*[01]\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*\)/i,
  /\b0\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*(?:points|pts)?\s*$/i,
  /\(?\s*out of\s*(\d+(?:\.\d+)?)\s*\)?/i,
  /\/\s*(\d+(?:\.\d+)?)\s*\)?\s*$/,
  /\(?\s*\bmax(?:imum)?\.?\s*:?\s*(\d+(?:\.\d+)?)\s*\)?/i,
];

/** Maximum written in a header: "(0-20)", "(1-4)", "0–20", "out of 4", "/100", "max 20". */
export function headerMax(header: string): number | null {
  for (const re of SCALE_PATTERNS) {
    const m = re.exec(header);
    if (m) {
      const v = Number(m[1]);
      if (v > 0) return v;
    }
  }
  return null;
}

/**
 * The header without its scale text, so that "Reading Fall (0-100)" names the measure
 * "Reading", not "Reading 0 100".
 */
export function withoutScale(header: string): string {
  let out = header;
  for (const re of SCALE_PATTERNS) out = out.replace(re, ' ');
  return out.replace(/\s+/g, ' ').trim() || header;
}

function isTemplate(table: RawTable): boolean {
  const labels = new Set<string>();
  const n = Math.min(table.values.length, 80);
  for (let i = 0; i < n; i++) {
    const row = table.values[i] ?? [];
    let filled = 0;
    for (const c of row) if (c !== null && !(typeof c === 'string' && !c.trim())) filled++;
    if (filled > 3) return false; // a table row: not a form
    for (let j = 0; j < Math.min(row.length, 3); j++) {
      const c = row[j];
      if (typeof c !== 'string') continue;
      const f = foldName(c.replace(/:\s*$/, ''));
      if (TEMPLATE_LABELS.has(f)) labels.add(f);
    }
  }
  return labels.size >= 3;
}

function isGoals(headers: string[]): boolean {
  const f = headers.map(foldName);
  const goal = f.some((h) =>
    /^(goal|goalstatement|statement|smartgoal|goaltext|goaldescription)$/.test(h),
  );
  const other = f.filter((h) =>
    /^(goalid|id|level|goallevel|parent|parentgoal|parentid|focus|measure|alignsto|supports)$/.test(
      h,
    ),
  ).length;
  return goal && other >= 1;
}

/** Counts, not people: a column that is the sum of others (RhodeIslandEval's "et" = e4+…+es). */
function totalColumn(
  table: RawTable,
  sample: SheetSample,
  numeric: Col[],
): { total: Col; parts: Col[] } | null {
  if (numeric.length < 3) return null;
  const rows = sample.rows.slice(0, 300);
  if (rows.length < 3) return null;
  const val = (i: number, c: Col): number => {
    const v = parseNumber(table.values[i]?.[c.p.index] ?? null);
    return Number.isNaN(v) ? 0 : v;
  };
  for (const total of numeric) {
    const parts = numeric.filter(
      (c) =>
        c !== total &&
        c.p.max <= total.p.max &&
        !/year/.test(foldName(c.p.header)) &&
        c.hint !== 'id' &&
        c.hint !== 'weak-id',
    );
    if (parts.length < 2) continue;
    let ok = 0;
    for (const i of rows) {
      const t = val(i, total);
      let s = 0;
      for (const c of parts) s += val(i, c);
      if (Math.abs(s - t) < 1e-9 && t !== 0) ok++;
    }
    if (ok >= rows.length * 0.9) return { total, parts };
  }
  return null;
}

function cut(
  table: RawTable,
  sample: SheetSample,
  level: Col,
  score: Col,
): { cut: number; labels: string[] } | null {
  let best = Infinity;
  let anyBelow = false;
  const seen = new Set<string>();
  const yesNoHeader = /\?\s*$/.test(level.p.header) || /proficient/i.test(level.p.header);
  for (const i of sample.rows) {
    const row = table.values[i] ?? [];
    const l = cleanText(displayText(row[level.p.index] ?? null));
    const s = parseNumber(row[score.p.index] ?? null);
    if (!l || Number.isNaN(s)) continue;
    const isYesNo = /^(y|yes|n|no|true|false)$/i.test(l);
    if (isYesNo && !yesNoHeader) return null;
    const not = NOT_PROFICIENT_WORDS.test(l);
    const prof = !not && PROFICIENT_WORDS.test(l);
    if (prof) {
      seen.add(l);
      if (s < best) best = s;
    } else if (not) anyBelow = true;
  }
  if (best === Infinity || !anyBelow) return null;
  return { cut: best, labels: [...seen] };
}

/** Propose a mapping config for these sheets. Never throws on data; notes say where it is unsure. */
export function detectConfig(tables: RawTable[]): DetectionResult {
  const notes: DetectionNote[] = [];
  const sheets: SheetDetection[] = [];
  const config: MappingConfig = { version: 1, students: [] };
  const note = (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => notes.push({ sheet, column, level, message });

  for (const table of tables) {
    const det = detectSheet(table, note, config);
    sheets.push(det);
  }
  if (!config.educators?.length) delete config.educators;
  return { config, notes, sheets };
}

function detectSheet(
  table: RawTable,
  note: (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => void,
  config: MappingConfig,
): SheetDetection {
  const sheet = table.sheet;
  const base = (
    kind: SheetDetection['kind'],
    layout: SheetLayout | null,
    reason: string,
    columns: ColumnDetection[] = [],
    dataRows = 0,
    confidence = 0.9,
  ): SheetDetection => ({
    sheet,
    kind,
    headerRow: layout?.headerRow ?? 0,
    dataRows,
    confidence,
    reason,
    columns,
  });
  if (table.values.length === 0) return base('empty', null, 'the sheet holds no cells');
  if (isTemplate(table)) {
    if (!config.template) config.template = { sheet };
    else
      note(
        sheet,
        null,
        'info',
        `"${sheet}" also looks like a goal template; "${config.template.sheet}" is used.`,
      );
    return base(
      'template',
      null,
      'labels such as "Goal:", "Baseline", "Target" down the first columns: a form to fill, not a table',
    );
  }
  const layout = layoutSheet(table);
  if (layout.headerIndex < 0) {
    const empty = layout.issues.some((i) => i.code === 'EMPTY_SHEET');
    if (!empty)
      note(
        sheet,
        null,
        'unsure',
        `"${sheet}": no header row found in the top 30 rows; not mapped.`,
      );
    return base(
      empty ? 'empty' : 'other',
      null,
      empty ? 'the sheet holds no values' : 'no row looks like a header',
    );
  }
  if (layout.headerRow !== table.firstRow) {
    note(
      sheet,
      null,
      'info',
      `"${sheet}": the header is on row ${layout.headerRow} (rows above it are a title block).`,
    );
  }
  const sample = profileSheet(table, layout);
  const cols: Col[] = sample.profiles.map((p) => ({
    p,
    hint: headerHint(p.header),
    role: null,
    confidence: 0,
    reason: '',
    win: null,
  }));
  const out = (): ColumnDetection[] =>
    cols.map((c) => ({
      header: c.p.header,
      column: c.p.excelColumn,
      role: c.role ?? 'ignored',
      confidence: Math.round((c.role ? c.confidence : 0.5) * 100) / 100,
      reason: c.reason || 'not needed for the analysis',
      ...(c.measure ? { measure: c.measure } : {}),
    }));
  const set = (c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) => {
    c.role = role;
    c.confidence = confidence;
    c.reason = reason;
    if (measure) c.measure = measure;
  };
  const n = sample.dataRows;
  if (n === 0) {
    note(sheet, null, 'unsure', `"${sheet}" has a header but no data rows; not mapped.`);
    return base('empty', layout, 'a header with no data rows', out());
  }
  if (isGoals(layout.headers)) {
    if (!config.goals)
      config.goals = {
        sheet,
        ...(layout.headerRow !== table.firstRow ? { headerRow: layout.headerRow } : {}),
      };
    for (const c of cols)
      set(c, 'goal-field', 0.8, 'a goal sheet column (read by the alignment step)');
    return base(
      'goals',
      layout,
      'headers name goals (a goal/statement column with ID, level, parent or focus columns)',
      out(),
      n,
    );
  }

  // Value kinds first.
  for (const c of cols) {
    const p = c.p;
    const present = p.nonEmpty - p.missingWords - p.errors;
    if (p.nonEmpty === 0) {
      set(c, 'ignored', 0.9, 'no values in the sampled rows');
      continue;
    }
    if (c.hint === 'date' || (present > 0 && p.dates >= 0.8 * present)) {
      set(c, 'date', 0.9, c.hint === 'date' ? 'the header names a date' : 'values are dates');
      continue;
    }
    if (c.hint === 'text' || p.textLength > 40) {
      set(
        c,
        'text',
        0.8,
        c.hint === 'text' ? 'the header names free text (notes, email)' : 'long free text values',
      );
      continue;
    }
    c.win = parseWindow(withoutScale(p.header));
  }
  const numeric = cols.filter((c) => !c.role && numericShare(c.p) >= 0.8 && c.p.numeric > 0);
  const ratingCols = cols.filter(
    (c) =>
      !c.role &&
      c.p.ratings >= 0.8 * (c.p.nonEmpty - c.p.missingWords) &&
      c.p.ratings > c.p.flags &&
      c.p.nonEmpty > 0,
  );

  // Aggregates: a total column, or row labels that are percentages: rows are groups, not people.
  const total = totalColumn(table, sample, numeric);
  const pctLabels = cols.some((c) =>
    [...c.p.distinct.keys()].some((k) => /^%|percent|^number of|^count of/i.test(k)),
  );
  if (total || pctLabels) {
    for (const c of cols)
      if (!c.role)
        set(
          c,
          total && (c === total.total || total.parts.includes(c)) ? 'count' : 'category',
          0.7,
          total && c === total.total
            ? `equals the sum of ${total.parts.map((x) => x.p.header).join(' + ')} on ${'≥'}90% of rows: a total of counts`
            : 'a label of an aggregated table',
        );
    const why = total
      ? `"${total.total.p.header}" is the sum of ${total.parts.map((x) => x.p.header).join(', ')} on nearly every row: these are counts for groups (e.g. districts × years), not one row per student or educator`
      : 'row labels are percentages or counts ("% Students who …"): each row is a group, not a student';
    note(
      sheet,
      null,
      'unsure',
      `"${sheet}" looks like an aggregated table: ${why}. No pre/post pair is proposed; not mapped.`,
    );
    return base('other', layout, why, out(), n, 0.7);
  }

  // Window column (long layout): few distinct values that all name windows of one family.
  let windowCol: Col | null = null;
  let windowValues: { text: string; win: WindowInfo }[] = [];
  for (const c of cols) {
    if (c.role || c.p.distinct.size < 2 || c.p.distinct.size > 12 || numericShare(c.p) > 0.5)
      continue;
    const wins = [...c.p.distinct.keys()]
      .filter((k) => !/^(na|n\/a|-)$/i.test(k))
      .map((text) => ({ text, win: parseWindow(text) }));
    if (
      wins.every((w) => w.win && !w.win.span && w.win.family !== 'grade') &&
      new Set(wins.map((w) => w.win!.family)).size === 1 &&
      new Set(wins.map((w) => w.win!.order)).size >= 2
    ) {
      windowCol = c;
      windowValues = (wins as { text: string; win: WindowInfo }[]).sort(
        (a, b) => a.win.order - b.win.order,
      );
      break;
    }
  }

  const educatorHints = cols.filter(
    (c) => c.hint === 'educator-id' || c.hint === 'pd-hours',
  ).length;
  // A student ID column makes it student data even when a teacher's name is there too.
  const studentId = cols.some(
    (c) =>
      c.hint === 'id' && /student|stu|pupil|learner|ssid|sasid|lasid/.test(foldName(c.p.header)),
  );
  const isEducator = !studentId && (educatorHints > 0 || ratingCols.length >= 2);

  // ID column.
  const pickId = (perWindow: boolean): Col | null => {
    // Long layouts repeat IDs by design (a row per window and measure): a named ID with at
    // least two values is enough there.
    // A named ID may repeat a little (a duplicated row is reported, not a reason to drop the
    // column): at least 90% different, or on a small sheet at most two repeats.
    const uniqOk = (c: Col) =>
      perWindow
        ? c.p.distinct.size >= 2 && c.hint !== 'weak-id'
        : uniqueness(c.p) >= 0.9 ||
          (c.p.nonEmpty - c.p.distinct.size <= 2 && c.p.distinct.size >= 0.75 * c.p.nonEmpty);
    const order: HeaderHint[] = isEducator
      ? ['educator-id', 'id', 'weak-id']
      : ['id', 'weak-id', 'educator-id'];
    for (const h of order) {
      for (const c of cols) {
        if (c.role || c.hint !== h) continue;
        if (uniqOk(c)) return c;
        note(
          sheet,
          c.p.header,
          'unsure',
          `"${c.p.header}" is named like an ID but repeats (${c.p.distinct.size} different values in ${c.p.nonEmpty} sampled rows), so it cannot identify a ${isEducator ? 'person' : 'student'} on its own.`,
        );
        set(
          c,
          'category',
          0.5,
          `named like an ID but not unique (${c.p.distinct.size} values in ${c.p.nonEmpty} rows)`,
        );
      }
    }
    return null;
  };

  // ---------- long layout ----------
  const scoreHint = numeric.filter((c) => c.hint === 'score');
  const measureCol = cols.find(
    (c) => !c.role && c !== windowCol && c.hint === 'measure-name' && numericShare(c.p) < 0.5,
  );
  if (windowCol && !isEducator && scoreHint.length >= 1 && measureCol) {
    const id = pickId(true);
    const score = scoreHint[0];
    const pre = windowValues[0].text;
    const post = windowValues[windowValues.length - 1].text;
    set(
      windowCol,
      'window',
      0.85,
      `values ${windowValues.map((w) => `"${w.text}"`).join(', ')} name testing windows`,
    );
    set(measureCol, 'measure-name', 0.8, 'header names the subject/measure of each row');
    set(score, 'score', 0.8, 'numeric, header names a score');
    const measures: MeasureConfig[] = [...measureCol.p.distinct.keys()]
      .slice(0, 50)
      .map((name) => ({ name, max: null, proficient: null }));
    const cfg: StudentSheetConfig = {
      sheet,
      format: 'long',
      id: id ? id.p.header : '',
      measureColumn: measureCol.p.header,
      windowColumn: windowCol.p.header,
      scoreColumn: score.p.header,
      pre,
      post,
      measures,
      ...(layout.headerRow !== table.firstRow ? { headerRow: layout.headerRow } : {}),
    };
    if (id) set(id, 'id', 0.85, 'header names an ID; unique within each window');
    else
      note(
        sheet,
        null,
        'unsure',
        `"${sheet}": long layout without an ID column; set "id" before running (rows cannot be paired without it).`,
      );
    if (windowValues.length > 2) {
      note(
        sheet,
        windowCol.p.header,
        'info',
        `windows ${windowValues.map((w) => w.text).join(', ')}: "${pre}" → "${post}" (first and last) proposed as pre → post; edit pre/post to compare others.`,
      );
    }
    groupsAndSubgroups(cols, cfg, set, note, sheet);
    config.students.push(cfg);
    return base(
      'students-long',
      layout,
      'a row per student × measure × window (window, measure and score columns)',
      out(),
      n,
      0.75,
    );
  }

  // ---------- pairs (wide) ----------
  const pairable = isEducator
    ? [...ratingCols, ...numeric.filter((c) => c.hint !== 'pd-hours')]
    : numeric;
  const pairs: Pair[] = [];
  const groups = new Map<string, Col[]>();
  for (const c of pairable) {
    // A grade column is not a score, unless its grade is the window (a cohort's "Grade 3" and
    // "Grade 4" scale scores).
    const gradeWindow = c.win?.family === 'grade';
    if (
      !c.win ||
      c.win.span ||
      (c.hint === 'grade' && !gradeWindow) ||
      c.hint === 'id' ||
      c.hint === 'date' ||
      /grade/.test(c.win.stem.join(' '))
    )
      continue;
    const key = `${c.win.family.replace(/^dated:?.*/, 'dated')}|${c.win.stem.join(' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [, g] of groups) {
    const sorted = [...g].sort((a, b) => a.win!.order - b.win!.order);
    if (new Set(sorted.map((c) => c.win!.order)).size < 2) continue;
    const pre = sorted[0];
    const post = sorted[sorted.length - 1];
    const name = pre.win!.stem.length
      ? titleOf(pre.win!.stem, pre.p.header)
      : `${pre.p.header} → ${post.p.header}`;
    pairs.push({
      name,
      pre,
      post,
      others: sorted.slice(1, -1),
      confidence: 0.85,
      reason: `same stem "${pre.win!.stem.join(' ') || '(none)'}" with windows ${pre.win!.label} → ${post.win!.label}`,
    });
  }
  for (const k of KNOWN_PAIRS) {
    const pre = pairable.find(
      (c) => foldName(c.p.header) === k.pre && !pairs.some((p) => p.pre === c || p.post === c),
    );
    const post = pairable.find(
      (c) => foldName(c.p.header) === k.post && !pairs.some((p) => p.pre === c || p.post === c),
    );
    if (pre && post)
      pairs.push({ name: k.name, pre, post, others: [], confidence: 0.7, reason: k.why });
  }

  // ---------- educators ----------
  if (isEducator) {
    const id = pickId(!!windowCol);
    const ec: EducatorSheetConfig = {
      sheet,
      id: id ? id.p.header : '',
      practice: [],
      ...(layout.headerRow !== table.firstRow ? { headerRow: layout.headerRow } : {}),
    };
    if (id) {
      set(
        id,
        'id',
        0.75,
        'header names the teacher; one value per teacher' + (windowCol ? ' and window' : ''),
      );
      const others = cols.filter((c) => c !== id && c.hint === 'educator-id' && !c.role);
      for (const o of others) {
        set(o, 'ignored', 0.6, `another name column; "${id.p.header}" identifies the teacher`);
        note(
          sheet,
          o.p.header,
          'unsure',
          `"${o.p.header}" also names the teacher; the config takes one ID column, so "${id.p.header}" is used. Check that it is unique per teacher.`,
        );
      }
    } else note(sheet, null, 'unsure', `"${sheet}": no column identifies the educator; set "id".`);
    const usedScale = new Map<string, number>();
    const addScale = (c: Col) => {
      for (const k of c.p.distinct.keys()) {
        const v = DEFAULT_RATING_SCALE[ratingKey(k)];
        if (v !== undefined && !usedScale.has(k)) usedScale.set(k, v);
      }
    };
    if (windowCol) {
      ec.format = 'long';
      ec.windowColumn = windowCol.p.header;
      ec.pre = windowValues[0].text;
      ec.post = windowValues[windowValues.length - 1].text;
      set(
        windowCol,
        'window',
        0.85,
        `values ${windowValues.map((w) => `"${w.text}"`).join(', ')} name when each observation happened`,
      );
      for (const c of ratingCols) {
        const name = practiceName(c.p.header);
        ec.practice.push({ name, pre: c.p.header, post: c.p.header, max: DEFAULT_RATING_MAX });
        set(
          c,
          'rating',
          0.85,
          'text ratings (Yes / Somewhat / Not Yet …) read through the scale; pre and post are the rows of each window',
          name,
        );
        addScale(c);
      }
    } else {
      for (const pr of pairs) {
        const text = ratingCols.includes(pr.pre);
        const max = text
          ? DEFAULT_RATING_MAX
          : (headerMax(pr.pre.p.header) ?? headerMax(pr.post.p.header));
        const p: PracticeConfig = {
          name: pr.name,
          pre: pr.pre.p.header,
          post: pr.post.p.header,
          max: max ?? null,
        };
        ec.practice.push(p);
        set(pr.pre, 'pre', pr.confidence, pr.reason, pr.name);
        set(pr.post, 'post', pr.confidence, pr.reason, pr.name);
        if (text) {
          addScale(pr.pre);
          addScale(pr.post);
        }
      }
    }
    if (usedScale.size) {
      ec.scale = Object.fromEntries([...usedScale].sort((a, b) => a[1] - b[1]));
      note(
        sheet,
        null,
        'info',
        `text ratings read on a 1–${DEFAULT_RATING_MAX} scale: ${[...usedScale]
          .sort((a, b) => a[1] - b[1])
          .map(([k, v]) => `${k} = ${v}`)
          .join(', ')}; edit "scale" to change it.`,
      );
    }
    const pd = cols.find((c) => !c.role && c.hint === 'pd-hours' && numericShare(c.p) >= 0.8);
    if (pd) {
      ec.pdHours = pd.p.header;
      set(pd, 'pd-hours', 0.85, 'header names professional-learning hours; numeric');
    }
    const team = cols.find((c) => !c.role && (c.hint === 'team' || c.hint === 'school'));
    if (team) {
      ec.team = team.p.header;
      set(team, 'team', 0.8, 'header names a team or school');
    }
    for (const c of cols)
      if (!c.role && c.p.distinct.size <= 12 && c.p.nonEmpty > 0)
        set(c, 'category', 0.5, `${c.p.distinct.size} different values; not used`);
    if (!ec.practice.length) {
      note(
        sheet,
        null,
        'unsure',
        `"${sheet}" looks like educator data but no before/after practice columns were found; not mapped.`,
      );
      return base(
        'educators',
        layout,
        'educator columns but no before/after practice measures',
        out(),
        n,
        0.5,
      );
    }
    (config.educators ??= []).push(ec);
    return base(
      'educators',
      layout,
      windowCol
        ? 'one row per observation of a teacher, with the window (pre/post) in a column and text ratings per component'
        : 'one row per educator with practice ratings before and after',
      out(),
      n,
      0.75,
    );
  }

  // ---------- students (wide) ----------
  const id = pickId(false);
  for (const pr of pairs) {
    set(pr.pre, 'pre', pr.confidence, pr.reason, pr.name);
    set(pr.post, 'post', pr.confidence, pr.reason, pr.name);
    for (const o of pr.others) {
      set(
        o,
        'score',
        0.6,
        `a middle window of ${pr.name}; not used (pre → post is first → last)`,
        pr.name,
      );
      note(
        sheet,
        o.p.header,
        'info',
        `${pr.name}: "${o.p.header}" is a middle window; "${pr.pre.p.header}" → "${pr.post.p.header}" is proposed. Edit pre/post to compare others.`,
      );
    }
  }
  // Unpaired numeric score-like columns: say why there is no pair.
  const loose = numeric.filter(
    (c) =>
      !c.role &&
      (c.hint === 'score' || c.win) &&
      c.hint !== 'grade' &&
      !/grade/.test(foldName(c.p.header)),
  );
  for (const c of loose)
    set(
      c,
      'score',
      0.5,
      c.win
        ? `a score of one window (${c.win.label}) with no partner`
        : 'a score with no window words',
      c.win ? undefined : undefined,
    );
  if (!pairs.length) {
    const scoreNames = loose.map((c) => c.p.header);
    const stems = [
      ...new Set(
        loose.map((c) =>
          (c.win
            ? c.win.stem
            : headerTokens(c.p.header).filter((t) => !['score', 'scores', 'points'].includes(t))
          ).join(' '),
        ),
      ),
    ];
    const msg =
      scoreNames.length >= 2 && stems.length === scoreNames.length && loose.every((c) => !c.win)
        ? `no pre/post pair found: ${joinWords(stems)} are different subjects, not two windows of one measure (no window words such as Fall/Spring, Pre/Post, BOY/EOY in ${joinWords(scoreNames.map((s) => `"${s}"`))}).`
        : scoreNames.length
          ? `no pre/post pair found among ${joinWords(scoreNames.map((s) => `"${s}"`))}: no two share a measure name with different windows.`
          : 'no pre/post pair found: no score columns.';
    note(
      sheet,
      null,
      'unsure',
      `"${sheet}": ${msg} Not mapped; add a measure with pre and post to the config if two columns are the same measure at two times.`,
    );
  }
  if (!pairs.length) {
    if (id) set(id, 'id', 0.8, 'header names an ID; values are unique');
    groupsAndSubgroups(cols, { sheet, id: '', measures: [] }, set, note, sheet);
    return base(
      loose.length || id ? 'students-wide' : 'other',
      layout,
      loose.length
        ? 'student rows with scores but no pre/post pair'
        : 'no student IDs or score pairs found',
      out(),
      n,
      0.4,
    );
  }
  const measures: MeasureConfig[] = pairs.map((pr) =>
    measureFor(table, sample, cols, pr, note, sheet, set),
  );
  const cfg: StudentSheetConfig = {
    sheet,
    id: '',
    measures,
    ...(layout.headerRow !== table.firstRow ? { headerRow: layout.headerRow } : {}),
  };
  if (id) {
    cfg.id = id.p.header;
    set(
      id,
      'id',
      id.hint === 'weak-id' ? 0.6 : 0.9,
      `header names an ID; ${Math.round(uniqueness(id.p) * 100)}% of values are different`,
    );
  } else {
    // Values alone: a whole-number or text column whose values are all different.
    const byValue = cols.find(
      (c) =>
        !c.role &&
        c.p.nonEmpty >= 5 &&
        uniqueness(c.p) === 1 &&
        !c.p.distinctOverflow &&
        (numericShare(c.p) === 0 || c.p.integer === c.p.numeric) &&
        !c.win,
    );
    if (byValue) {
      cfg.id = byValue.p.header;
      set(byValue, 'id', 0.5, 'every value is different (no ID header)');
      note(
        sheet,
        byValue.p.header,
        'unsure',
        `"${byValue.p.header}" is proposed as the ID only because its values are all different.`,
      );
    } else {
      note(
        sheet,
        null,
        'unsure',
        `"${sheet}": no ID column (none is named like one and unique); each row is taken as one student, named by its Excel row ("id": ""). Set "id" if a column identifies students.`,
      );
    }
  }
  groupsAndSubgroups(cols, cfg, set, note, sheet);
  config.students.push(cfg);
  return base(
    'students-wide',
    layout,
    `a row per student with ${pairs.length} pre/post pair${pairs.length === 1 ? '' : 's'}`,
    out(),
    n,
    0.8,
  );
}

function joinWords(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** A short practice name from a long Google Forms question: "[… (1a)]" → "1a"; "Core Action 1 Overall: …" → "Core Action 1 Overall". */
export function practiceName(header: string): string {
  const code = /\((\d+[a-z]?)\)\s*\]?\s*$/i.exec(header);
  if (code) return code[1];
  const colon = header.indexOf(':');
  if (colon > 0 && colon <= 60) return header.slice(0, colon).trim();
  return header.length > 60 ? `${header.slice(0, 57)}…` : header;
}

function measureFor(
  table: RawTable,
  sample: SheetSample,
  cols: Col[],
  pr: Pair,
  note: (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => void,
  sheet: string,
  set: (c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) => void,
): MeasureConfig {
  const m: MeasureConfig = {
    name: pr.name,
    pre: pr.pre.p.header,
    post: pr.post.p.header,
    max: null,
    proficient: null,
  };
  const hmax = headerMax(pr.pre.p.header) ?? headerMax(pr.post.p.header);
  if (hmax !== null) {
    m.max = hmax;
  } else {
    const lo = Math.min(pr.pre.p.min, pr.post.p.min);
    const hi = Math.max(pr.pre.p.max, pr.post.p.max);
    const ints = pr.pre.p.integer === pr.pre.p.numeric && pr.post.p.integer === pr.post.p.numeric;
    const ceiling = CEILINGS.find((c) => c >= hi);
    if (lo >= 0 && ceiling !== undefined && hi >= ceiling / 2 && (ceiling !== 1 || !ints)) {
      m.max = ceiling;
      note(
        sheet,
        pr.pre.p.header,
        'unsure',
        `${pr.name}: maximum ${ceiling} is a guess from the data (scores run ${lo}–${hi}); the header gives none. Check it: it bounds scores and the normalised gain.`,
      );
    } else if (lo < 0) {
      note(
        sheet,
        pr.pre.p.header,
        'info',
        `${pr.name}: scores include negative values (${lo} to ${hi}): read as standardised scores with no maximum.`,
      );
    } else {
      note(
        sheet,
        pr.pre.p.header,
        'info',
        `${pr.name}: no maximum (scores run ${lo}–${hi}, not near a usual scale top).`,
      );
    }
  }
  // Proficiency cut from a level column of the same measure (or the only one).
  const levels = cols.filter((c) => !c.role && c.hint === 'level');
  for (const side of [pr.pre, pr.post]) {
    // Same window; among several, the one that names this measure ("Math Spring Level" for Math).
    const sameWindow = levels.filter((l) => {
      const w = parseWindow(withoutScale(l.p.header));
      return w && w.order === side.win?.order && w.family === side.win?.family;
    });
    const stem = side.win?.stem ?? [];
    const namesMeasure = (l: Col) => {
      const words = new Set(parseWindow(withoutScale(l.p.header))?.stem ?? []);
      return stem.length > 0 && stem.every((t) => words.has(t));
    };
    const lv =
      sameWindow.find(namesMeasure) ??
      (sameWindow.length === 1 && !levels.some(namesMeasure) ? sameWindow[0] : undefined) ??
      (levels.length === 1 ? levels[0] : undefined);
    if (!lv) continue;
    const c = cut(table, sample, lv, side);
    if (c) {
      m.proficient =
        m.proficient === null || m.proficient === undefined ? c.cut : Math.min(m.proficient, c.cut);
      set(
        lv,
        'level',
        0.7,
        `performance levels; the lowest score labelled ${c.labels.map((l) => `"${l}"`).join('/')} is ${c.cut}`,
        pr.name,
      );
      note(
        sheet,
        lv.p.header,
        'info',
        `${pr.name}: proficiency cut ${c.cut} taken from "${lv.p.header}" (the smallest score labelled proficient in the data; the true cut may be lower).`,
      );
    }
  }
  return m;
}

function groupsAndSubgroups(
  cols: Col[],
  cfg: StudentSheetConfig,
  set: (c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) => void,
  note: (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => void,
  sheet: string,
): void {
  const n = Math.max(...cols.map((c) => c.p.nonEmpty), 1);
  const groupish = (c: Col) =>
    !c.role && c.p.distinct.size >= 1 && c.p.distinct.size <= Math.max(2, n / 2);
  const team = cols.find((c) => c.hint === 'team' && groupish(c));
  const school = cols.find((c) => c.hint === 'school' && groupish(c));
  const teacher = cols.find((c) => c.hint === 'teacher' && groupish(c));
  const chosen = team ?? teacher ?? school;
  if (chosen) {
    cfg.team = chosen.p.header;
    set(
      chosen,
      'team',
      0.8,
      `header names a ${chosen.hint}; ${chosen.p.distinct.size} different values`,
    );
  }
  if (school) {
    cfg.school = school.p.header;
    if (!school.role)
      set(
        school,
        'school',
        0.8,
        `header names a school; ${school.p.distinct.size} different values`,
      );
  }
  if (teacher && teacher !== chosen) {
    cfg.teacher = teacher.p.header;
    set(
      teacher,
      'teacher',
      0.75,
      `header names a teacher/class; ${teacher.p.distinct.size} different values`,
    );
  }
  const subs: string[] = [];
  for (const c of cols) {
    if (c.role || c.hint !== 'subgroup') continue;
    if (c.p.distinct.size > 20) {
      set(
        c,
        'category',
        0.4,
        `named like a subgroup but has ${c.p.distinct.size} different values`,
      );
      continue;
    }
    subs.push(c.p.header);
    const flag = c.p.flags === c.p.nonEmpty;
    set(
      c,
      'subgroup',
      0.85,
      `header names a student group; ${c.p.distinct.size} ${flag ? 'Y/N flag ' : ''}values`,
    );
  }
  const others: string[] = [];
  for (const c of cols) {
    if (c.role || c.p.nonEmpty === 0) continue;
    if (c.p.distinct.size <= 12 && numericShare(c.p) < 0.5) {
      set(
        c,
        'category',
        0.5,
        `${c.p.distinct.size} different values; not a known subgroup name, so not used`,
      );
      others.push(c.p.header);
    } else if (c.hint === 'grade') set(c, 'category', 0.6, 'grade level');
  }
  if (others.length) {
    note(
      sheet,
      null,
      'info',
      `other category columns not used as subgroups: ${others.map((o) => `"${o}"`).join(', ')}. Add them to "subgroups" to compare their groups.`,
    );
  }
  if (cfg.measures.length) cfg.subgroups = subs;
}

export type { CellValue };
