/**
 * Reading the goals sheet people fill by hand (docs/goals-sheet.md): the header row may sit
 * below a title block, and headers are recognised by their words ("Goal ID", "Goal #", "ID";
 * "Level", "Tier"; "Parent goal", "Aligned to", "Supports goal"…), so a district's own goals
 * sheet works without renaming columns. config.goals.columns overrides role → header.
 * Problems in rows (no level, duplicate IDs, bad numbers) become data-quality issues.
 */
import type { GoalsConfig } from '../config';
import type { DataQualityIssue, GoalLevel } from '../report';
import type { CellValue, RawTable } from '../types';
import { makeIssue } from '../quality/issues';
import { isBlankRow, layoutSheet, type SheetLayout } from '../intake/layout';
import { resolveColumn, ConfigError } from '../intake/validate';
import { cleanText, displayText, idText, parseNumber } from '../intake/values';

/** Columns of the goals sheet, by what they mean. */
export const GOAL_ROLES = [
  'id',
  'level',
  'owner',
  'school',
  'team',
  'statement',
  'focus',
  'group',
  'parent',
  'learning',
  'hours',
  'cost',
  'status',
  'target',
] as const;
export type GoalRole = (typeof GOAL_ROLES)[number];

/** One goal as the alignment works with it (from the sheet or an adopted suggestion). */
export interface GoalRecord {
  id: string;
  level: GoalLevel;
  owner: string | null;
  school: string | null;
  team: string | null;
  statement: string;
  focus: string | null;
  group: string | null;
  /** Parent goal IDs as written (a cell may list several: "S1, S2"). */
  parents: string[];
  learning: string | null;
  hours: number | null;
  cost: number | null;
  status: string | null;
  /**
   * The cell of a "Target" column as written (a number, or text such as "50%"); null when blank,
   * absent when the sheet has no such column. Read by progress (progress/sheet-goals.ts).
   */
  target?: CellValue;
  /** Where it came from: the goals sheet (with its Excel row) or an adopted suggestion. */
  source: 'sheet' | 'suggestion';
  row: number | null;
}

/** Header words (folded: lower case, letters and digits, "#" read as "number") → role. */
const ROLE_PATTERNS: [GoalRole, RegExp][] = [
  ['id', /^(goal)?(id|number|no|num|code|ref|key)$|^goalidnumber$/],
  [
    'parent',
    /^(parent|parentgoal|parentid|parentgoalid|parentgoalnumber|alignedto|alignsto|alignedwith|alignedgoal|supports|supportsgoal|supportsgoalid|linkedto|contributesto|parentgoalref)$/,
  ],
  ['level', /^(goal)?(level|tier|type)$/],
  [
    'owner',
    /^(goal)?(owner|lead|leader|responsible|responsibleperson|accountable|contact|ownername)$/,
  ],
  ['school', /^(school|site|campus|building)(name)?$/],
  ['team', /^(team|plc|department|dept|gradeteam|gradelevelteam|teamname|plcname)$/],
  [
    'group',
    /^(studentgroup|subgroup|studentsubgroup|targetgroup|group|population|students|targetstudents)$/,
  ],
  [
    'focus',
    /^(focus|focusarea|measure|subject|contentarea|area|domain|priorityarea|metric|targetmeasure)$/,
  ],
  [
    'learning',
    /^(professionallearning|professionaldevelopment|pd|pdplan|pl|plplan|learningplan|pdplanned|professionallearningplanned|professionallearningplan)$/,
  ],
  ['hours', /^(pd)?(hours|hrs|time)$|^(pdtime|hoursplanned|plhours|professionallearninghours)$/],
  ['cost', /^(cost|costs|budget|money|funds|funding|amount|dollars|resources|costusd)$/],
  ['status', /^(status|state|progress)$/],
  ['target', /^(target|targetvalue|goaltarget|targetscore|targetpercent|targetlevel)$/],
  [
    'statement',
    /^(goal|goalstatement|statement|smartgoal|goaltext|goaldescription|description|objective|goalname|goaltitle)$/,
  ],
];

/** Other names a config may use for a role in config.goals.columns. */
const ROLE_ALIASES: Record<string, GoalRole> = {
  goal: 'statement',
  goalid: 'id',
  measure: 'focus',
  focusarea: 'focus',
  studentgroup: 'group',
  parentgoal: 'parent',
  parentid: 'parent',
  professionallearning: 'learning',
  pd: 'learning',
  pdhours: 'hours',
  budget: 'cost',
  money: 'cost',
};

function foldHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The role a header means, or null. */
export function headerRole(header: string): GoalRole | null {
  const f = foldHeader(header);
  for (const [role, re] of ROLE_PATTERNS) if (re.test(f)) return role;
  return null;
}

const LEVEL_WORDS: [GoalLevel, RegExp][] = [
  ['district', /^(district|dist|lea|system|systemwide|districtwide|superintendent|board)$/],
  ['school', /^(school|campus|building|site|schoolwide)$/],
  [
    'team',
    /^(team|plc|grade|gradelevel|gradeleveltem|gradeteam|department|dept|collaborativeteam|gradelevelteam)$/,
  ],
  ['individual', /^(individual|indiv|teacher|educator|personal|staff|professional|employee)$/],
];

/**
 * A level cell as a GoalLevel: "District", "School goal", "PLC", "Teacher"… → the level; null
 * for anything else (reported as GOAL_UNKNOWN_LEVEL).
 */
export function parseLevel(cell: CellValue): GoalLevel | null {
  if (typeof cell !== 'string') return null;
  const f = cell
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/(goals?|priority|priorities|level)$/u, '');
  for (const [level, re] of LEVEL_WORDS) if (re.test(f)) return level;
  return null;
}

export interface GoalsSheetRead {
  goals: GoalRecord[];
  issues: DataQualityIssue[];
  /** Header text of each role found (for messages and docs). */
  columns: Partial<Record<GoalRole, string>>;
  /** Excel column number of each role found. */
  excelColumns: Partial<Record<GoalRole, number>>;
  /** IDs of rows left out (unknown level), so a child naming one gets a clear message. */
  leftOut: string[];
}

function text(cell: CellValue | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const s = cleanText(displayText(cell));
  return s ? s : null;
}

/** Hours or money: a number, "1,200", "$1,200", "12 h"; NaN when not a number. */
function amount(cell: CellValue): number {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : NaN;
  if (typeof cell !== 'string') return NaN;
  const s = cleanText(cell)
    .replace(/^[$€£]\s*/, '')
    .replace(/\s*(hours|hour|hrs|hr|h|usd|\$|€|£)$/i, '');
  return parseNumber(s);
}

/** Resolve config.goals.columns (role → header) to role names; throws for an unknown role. */
function overrides(cfg: GoalsConfig | undefined): Map<GoalRole, string> {
  const out = new Map<GoalRole, string>();
  for (const [key, header] of Object.entries(cfg?.columns ?? {})) {
    const f = key.toLowerCase().replace(/[^a-z]/g, '');
    const role = (GOAL_ROLES as readonly string[]).includes(f) ? (f as GoalRole) : ROLE_ALIASES[f];
    if (!role) {
      throw new ConfigError(
        'CONFIG_TYPE',
        `config.goals.columns: unknown role "${key}"; use one of ${GOAL_ROLES.join(', ')}`,
      );
    }
    if (typeof header !== 'string') {
      throw new ConfigError(
        'CONFIG_TYPE',
        `config.goals.columns.${key} must be a header text, got ${JSON.stringify(header)}`,
      );
    }
    out.set(role, header);
  }
  return out;
}

/** Each goal role's column: the config's, else the first header that names the role. */
function goalColumns(layout: SheetLayout, cfg?: GoalsConfig) {
  const columns: Partial<Record<GoalRole, string>> = {};
  const excelColumns: Partial<Record<GoalRole, number>> = {};
  // role → position in layout.headers
  const pos = new Map<GoalRole, number>();
  for (const [role, header] of overrides(cfg)) {
    pos.set(role, resolveColumn(layout, header, `goals.columns.${role}`));
  }
  const taken = new Set(pos.values());
  layout.headers.forEach((h, k) => {
    if (taken.has(k)) return;
    const role = headerRole(h);
    if (role && !pos.has(role)) {
      pos.set(role, k);
      taken.add(k);
    }
  });
  for (const [role, k] of pos) {
    columns[role] = layout.headers[k];
    excelColumns[role] = layout.excelColumns[k];
  }
  return { pos, columns, excelColumns };
}

/** The parent goal IDs a cell names ("D1, S2" or one a line). */
function parentIds(parentText: string | null): string[] {
  if (!parentText) return [];
  return parentText
    .split(/[,;\n]+/)
    .map((p) => cleanText(p))
    .filter(Boolean);
}

/** A goal's PD hours or cost: a number from 0 to 10¹², null when blank; otherwise an issue. */
function goalAmount(
  c: CellValue,
  role: 'hours' | 'cost',
  id: string,
  at: { sheet: string; row: number; column: string | null; excelColumn: number | undefined },
  issues: DataQualityIssue[],
): number | null {
  if (c === null || (typeof c === 'string' && !cleanText(c))) return null;
  const v = amount(c);
  if (Number.isNaN(v) || v < 0 || v > 1e12) {
    issues.push(
      makeIssue(
        'GOAL_BAD_AMOUNT',
        at.sheet,
        at.row,
        at.column,
        displayText(c),
        `Goal "${id}": ${role === 'hours' ? 'PD hours' : 'cost'} "${displayText(c)}" is not a number of ${role === 'hours' ? 'hours' : 'money'} from 0 to 10¹²; it is not counted.`,
        at.excelColumn,
      ),
    );
    return null;
  }
  return v;
}

/**
 * Read the goals sheet into goal records. Never throws for data: layout problems, rows without
 * a level or with a duplicate ID, and non-numeric hours or cost become issues. Throws
 * ConfigError only when config.goals.columns names a role or a header that does not exist.
 * @param table the goals sheet's used range
 * @param cfg config.goals (headerRow, columns)
 * @returns the goals in sheet order (duplicates and unknown levels left out) and the issues
 */
export function readGoalsSheet(table: RawTable, cfg?: GoalsConfig): GoalsSheetRead {
  const layout = layoutSheet(table, cfg?.headerRow);
  const issues: DataQualityIssue[] = [...layout.issues];
  if (layout.headerIndex < 0)
    return { goals: [], issues, columns: {}, excelColumns: {}, leftOut: [] };
  const sheet = table.sheet;
  const { pos, columns, excelColumns } = goalColumns(layout, cfg);

  const cell = (row: CellValue[], role: GoalRole): CellValue => {
    const k = pos.get(role);
    return k === undefined ? null : (row[layout.columns[k]] ?? null);
  };
  const col = (role: GoalRole) => columns[role] ?? null;
  const excelCol = (role: GoalRole) => {
    const k = pos.get(role);
    return k === undefined ? undefined : layout.excelColumns[k];
  };

  const goals: GoalRecord[] = [];
  const leftOut: string[] = [];
  const seen = new Map<string, number>();
  for (let i = layout.headerIndex + 1; i < table.values.length; i++) {
    const row = table.values[i] ?? [];
    if (isBlankRow(row)) continue;
    const excelRow = table.firstRow + i;
    let id = idText(cell(row, 'id'));
    if (!id) {
      id = `Row ${excelRow}`;
      issues.push(
        makeIssue(
          'GOAL_MISSING_ID',
          sheet,
          excelRow,
          col('id'),
          null,
          pos.has('id')
            ? `Goal on row ${excelRow} has no ID; it is called "${id}" here. Give it an ID so other goals can name it as their parent.`
            : `The goals sheet has no ID column; the goal on row ${excelRow} is called "${id}". Add a "Goal ID" column.`,
          excelCol('id'),
        ),
      );
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push(
        makeIssue(
          'GOAL_DUPLICATE_ID',
          sheet,
          excelRow,
          col('id'),
          id,
          `Goal ID "${id}" is already used on row ${first}; this row is left out. Give each goal its own ID.`,
          excelCol('id'),
        ),
      );
      continue;
    }
    seen.set(id, excelRow);
    const levelCell = cell(row, 'level');
    const level = parseLevel(levelCell);
    if (!level) {
      const shown = text(levelCell);
      issues.push(
        makeIssue(
          'GOAL_UNKNOWN_LEVEL',
          sheet,
          excelRow,
          col('level'),
          shown,
          `Goal "${id}" ${shown ? `has level "${shown}", which is not` : 'has no level; write'} District, School, Team or Individual; it is left out of the alignment.`,
          excelCol('level'),
        ),
      );
      leftOut.push(id);
      continue;
    }
    const statement = text(cell(row, 'statement')) ?? '';
    if (!statement) {
      issues.push(
        makeIssue(
          'GOAL_NO_STATEMENT',
          sheet,
          excelRow,
          col('statement'),
          null,
          `Goal "${id}" has no goal statement; it is aligned by its focus, but write the goal so people know what it is.`,
          excelCol('statement'),
        ),
      );
    }
    const num = (role: 'hours' | 'cost'): number | null => {
      const where = { sheet, row: excelRow, column: col(role), excelColumn: excelCol(role) };
      return goalAmount(cell(row, role), role, id, where, issues);
    };
    const parents = parentIds(text(cell(row, 'parent')));
    goals.push({
      id,
      level,
      owner: text(cell(row, 'owner')),
      school: text(cell(row, 'school')),
      team: text(cell(row, 'team')),
      statement,
      focus: text(cell(row, 'focus')),
      group: text(cell(row, 'group')),
      parents,
      learning: text(cell(row, 'learning')),
      hours: num('hours'),
      cost: num('cost'),
      status: text(cell(row, 'status')),
      ...(pos.has('target') ? { target: cell(row, 'target') } : {}),
      source: 'sheet',
      row: excelRow,
    });
  }
  return { goals, issues, columns, excelColumns, leftOut };
}
