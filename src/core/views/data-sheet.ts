/**
 * "View Data": the records the role dashboards read, one row each, so every dashboard figure is
 * a live COUNTIFS/AVERAGEIFS on them (Excel 2016 and LibreOffice, no dynamic arrays).
 *   students: ID | School | Team | Teacher | per measure: before, after, pair (1 = both scores)
 *   educators (after a blank column): Educator | School | Team | PD hours | per component: before, after, pair
 *   then the drop-down lists: Teams | Schools (each name once), and when the data names coaches
 *   (coach-view.ts): Coaches | per coached team: its key (coach #k) | Team | its needs and goals.
 * The first student sheet and the first educator sheet are shown.
 */
import type { Dataset } from '../dataset';
import type { PlanCell, SheetPlan } from '../plans/types';
import { labelOf } from '../slice/records';
import { columnLetters, quoteSheetName } from '../types';
import type { CoachView } from './types';

/**
 * Above this many records in a sheet the dashboards are not made (a 100,000-row run keeps the
 * add-in's sync and request budgets of test/scale): their data sheet would copy
 * the records once more (Impact Data holds them already) and the COUNTIFS would be slow.
 */
export const VIEW_DATA_MAX_RECORDS = 50_000;

/** One block of records: where its key columns and measures are. */
export interface ViewBlock {
  dataset: Dataset;
  /** Column (1-based) of each key: id/educator, school, team, teacher (students only). */
  keys: { name: number; school: number; team: number; teacher: number | null };
  /** Per measure: columns of before, after and pair. */
  measures: { name: string; pre: number; post: number; pair: number }[];
  /** Each record's school (the team's school when the sheet names none). */
  schoolOf: (string | null)[];
}

export interface ViewLayout {
  sheet: string;
  /** Last data row (records start on row 2). */
  lastRow: { students: number; educators: number };
  students: ViewBlock | null;
  educators: ViewBlock | null;
  lists: { educators: string | null; teams: string; schools: string };
  teams: string[];
  schools: string[];
  /** The coaches' lists (Coach View), null when the data names no coach. */
  coaches: CoachLists | null;
}

/** Absolute reference to rows 2..last of a column: 'View Data'!$C$2:$C$1501. */
export function columnRange(layout: ViewLayout, column: number, last: number): string {
  const c = columnLetters(column);
  return `${quoteSheetName(layout.sheet)}!$${c}$2:$${c}$${Math.max(2, last)}`;
}

function teamSchools(datasets: Dataset[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of datasets)
    for (let r = 0; r < d.size; r++) {
      const t = labelOf(d.team, r);
      const s = labelOf(d.school, r);
      if (t !== null && s !== null && !out.has(t)) out.set(t, s);
    }
  return out;
}

const score = (x: number): PlanCell => (Number.isNaN(x) ? null : x);

function blockOf(d: Dataset, first: number, schools: Map<string, string>): ViewBlock {
  const teacher = d.population === 'students' ? first + 3 : null;
  const base = first + 4;
  const schoolOf = Array.from({ length: d.size }, (_, r) => {
    const team = labelOf(d.team, r);
    return labelOf(d.school, r) ?? (team === null ? null : (schools.get(team) ?? null));
  });
  return {
    dataset: d,
    keys: { name: first, school: first + 1, team: first + 2, teacher },
    measures: d.measures.map((m, k) => ({
      name: m.name,
      pre: base + 3 * k,
      post: base + 3 * k + 1,
      pair: base + 3 * k + 2,
    })),
    schoolOf,
  };
}

/** The header and record cells of a block, written into `cells` (rows 1..size+1). */
function writeBlock(cells: PlanCell[][], b: ViewBlock): void {
  const d = b.dataset;
  const put = (row: number, column: number, v: PlanCell) => {
    while (cells.length < row) cells.push([]);
    cells[row - 1][column - 1] = v;
  };
  const students = d.population === 'students';
  put(1, b.keys.name, students ? 'Student ID' : 'Educator');
  put(1, b.keys.school, 'School');
  put(1, b.keys.team, 'Team');
  put(1, b.keys.name + 3, students ? 'Teacher' : 'PD hours');
  for (const m of b.measures) {
    put(1, m.pre, `${m.name} before`);
    put(1, m.post, `${m.name} after`);
    put(1, m.pair, `${m.name} pair`);
  }
  for (let r = 0; r < d.size; r++) {
    const row = r + 2;
    put(row, b.keys.name, d.ids[r]);
    put(row, b.keys.school, b.schoolOf[r]);
    put(row, b.keys.team, labelOf(d.team, r));
    put(row, b.keys.name + 3, students ? labelOf(d.teacher, r) : score(d.pdHours?.[r] ?? NaN));
    d.measures.forEach((m, k) => {
      const c = b.measures[k];
      put(row, c.pre, score(m.pre[r]));
      put(row, c.post, score(m.post[r]));
      put(row, c.pair, Number.isNaN(m.pre[r]) || Number.isNaN(m.post[r]) ? 0 : 1);
    });
  }
}

/**
 * The data sheet and where everything is; null when there is no student or educator record.
 */
export function buildViewData(
  datasets: Dataset[],
  sheet: string,
  coaches: CoachView[] = [],
): { plan: SheetPlan; layout: ViewLayout } | null {
  const st = datasets.find((d) => d.population === 'students' && d.size > 0) ?? null;
  const ed = datasets.find((d) => d.population === 'educators' && d.size > 0) ?? null;
  if (!st && !ed) return null;
  const map = teamSchools(datasets);
  const students = st ? blockOf(st, 1, map) : null;
  const edFirst = students ? students.measures.length * 3 + 6 : 1;
  const educators = ed ? blockOf(ed, edFirst, map) : null;
  const cells: PlanCell[][] = [[]];
  if (students) writeBlock(cells, students);
  if (educators) writeBlock(cells, educators);
  const teams = uniqueLabels([st, ed], (d, r) => labelOf(d.team, r));
  const schools = uniqueLabels([st, ed], (d, r) =>
    d === st ? students!.schoolOf[r] : educators!.schoolOf[r],
  );
  const listAt = educators
    ? educators.measures.length * 3 + edFirst + 5
    : students!.measures.length * 3 + 6;
  writeList(cells, listAt, 'Teams', teams);
  writeList(cells, listAt + 1, 'Schools', schools);
  const coachAt = listAt + 2;
  const coachRows = coaches.length ? writeCoachLists(cells, coachAt, coaches) : 0;
  const width = Math.max(...cells.map((r) => r.length));
  for (const row of cells) {
    for (let c = 0; c < width; c++) if (row[c] === undefined) row[c] = null;
  }
  const layout: ViewLayout = {
    sheet,
    lastRow: { students: (st?.size ?? 0) + 1, educators: (ed?.size ?? 0) + 1 },
    students,
    educators,
    lists: { educators: null, teams: '', schools: '' },
    teams,
    schools,
    coaches: null,
  };
  if (coachRows)
    layout.coaches = {
      names: coaches.map((c) => c.coach),
      maxTeams: Math.max(...coaches.map((c) => c.teams.length)),
      list: columnRange(layout, coachAt, coaches.length + 1),
      key: columnRange(layout, coachAt + 1, coachRows + 1),
      team: columnRange(layout, coachAt + 2, coachRows + 1),
      texts: [0, 1, 2, 3].map((k) => columnRange(layout, coachAt + 3 + k, coachRows + 1)),
      teamsOf: new Map(coaches.map((c) => [c.coach, c.teams.map((t) => t.team)])),
      textsOf: new Map(coaches.flatMap((c) => c.teams.map((t) => [t.team, coachTexts(t)]))),
    };
  layout.lists = {
    educators: educators
      ? columnRange(layout, educators.keys.name, layout.lastRow.educators)
      : null,
    teams: columnRange(layout, listAt, teams.length + 1),
    schools: columnRange(layout, listAt + 1, schools.length + 1),
  };
  const plan: SheetPlan = {
    key: 'view-data',
    name: sheet,
    cells,
    freeze: { rows: 1, columns: 0 },
    styles: [{ rect: { row: 1, column: 1, rowCount: 1, columnCount: width }, bold: true }],
    tabColor: '#A6A6A6',
  };
  return { plan, layout };
}

function uniqueLabels(
  sets: (Dataset | null)[],
  label: (d: Dataset, r: number) => string | null,
): string[] {
  const seen = new Set<string>();
  for (const d of sets)
    if (d)
      for (let r = 0; r < d.size; r++) {
        const l = label(d, r);
        if (l !== null) seen.add(l);
      }
  return [...seen];
}

function writeList(cells: PlanCell[][], column: number, header: string, names: string[]): void {
  while (cells.length < names.length + 1) cells.push([]);
  cells[0][column - 1] = header;
  names.forEach((n, k) => (cells[k + 1][column - 1] = n));
}

/** Where the coaches' lists are on View Data (absolute ranges), for the Coach View. */
export interface CoachLists {
  names: string[];
  /** The most teams a coach holds: the Coach View's team slots. */
  maxTeams: number;
  /** The drop-down's list: each coach once. */
  list: string;
  /** Per coached team: "coach #k" (her k-th team), and the team. */
  key: string;
  team: string;
  /** Per coached team: shared needs, support, team goals, goals' progress (text). */
  texts: string[];
  /** What those columns hold (the Coach View's cached values): coach → teams, team → texts. */
  teamsOf: Map<string, string[]>;
  textsOf: Map<string, string[]>;
}

/** The k-th team of a coach is found by this text: MATCH($B$3&" #"&k, key, 0). */
export const coachKey = (coach: string, k: number) => `${coach} #${k}`;

/** The headers of the coached teams' text columns, in CoachLists.texts order. */
export const COACH_TEXT_HEADERS = [
  'Shared needs (team learning)',
  'Support (individual learning)',
  'Team goals',
  "Goals' progress",
];

/** One team's texts: its shared needs, who to support on what, its goals and their progress. */
function coachTexts(t: CoachView['teams'][number]): string[] {
  const list = (xs: string[], none: string) => (xs.length ? xs.join('; ') : none);
  return [
    list(t.sharedNeeds, 'none shared'),
    list(
      t.support.map((s) => `${s.educator}: ${s.component}`),
      'no one alone',
    ),
    list(t.goals, 'no team goal'),
    list(
      t.progress.map((p) => `${p.goal}: ${p.status ?? 'no data yet'}`),
      'no tracked goal',
    ),
  ];
}

/**
 * The coaches' columns from `column` on: Coaches | Coach's team key | Team | four texts.
 * @returns the number of coached teams written (rows 2..n+1)
 */
function writeCoachLists(cells: PlanCell[][], column: number, coaches: CoachView[]): number {
  writeList(
    cells,
    column,
    'Coaches',
    coaches.map((c) => c.coach),
  );
  const teams = coaches.flatMap((c) => c.teams.map((t, k) => ({ c, t, k })));
  writeList(
    cells,
    column + 1,
    "Coach's team key",
    teams.map(({ c, k }) => coachKey(c.coach, k + 1)),
  );
  writeList(
    cells,
    column + 2,
    "Coach's team",
    teams.map(({ t }) => t.team),
  );
  COACH_TEXT_HEADERS.forEach((h, i) =>
    writeList(
      cells,
      column + 3 + i,
      h,
      teams.map(({ t }) => coachTexts(t)[i]),
    ),
  );
  return teams.length;
}
