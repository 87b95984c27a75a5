/**
 * Alignment: the goal graph (district → school → team → individual), explicit and inferred
 * links, orphans, unsupported priorities, duplicated efforts, coherence, resources against
 * need; the "Alignment Matrix" and "Alignment Map" sheets. Rules: docs/alignment.md; the
 * goals sheet layout: docs/goals-sheet.md.
 */
import type { MappingConfig } from '../config';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { AlignmentReport, DataQualityIssue, GoalSuggestion, ImpactRow } from '../report';
import type { RawTable } from '../types';
import { buildSynonyms } from './focus';
import { readGoalsSheet, type GoalRecord } from './goals-sheet';
import { analyzeGraph, type AlignmentAnalysis } from './graph';
import { buildMapPlan, buildMatrixPlan } from './plans';

export { DEFAULT_SYNONYMS, buildSynonyms, foldFocus, matchPhrase, matchGroups } from './focus';
export {
  readGoalsSheet,
  headerRole,
  parseLevel,
  GOAL_ROLES,
  type GoalRecord,
  type GoalRole,
} from './goals-sheet';
export { analyzeGraph, inferLink, type AlignmentAnalysis, type LinkDetail } from './graph';
export {
  buildMatrixPlan,
  buildMapPlan,
  COHERENCE_DEFINITION,
  MARK_EXPLICIT,
  MARK_INFERRED,
  NOT_CONNECTED,
} from './plans';

export interface AlignmentInput {
  goalsTable: RawTable | null;
  suggestions: GoalSuggestion[];
  impact: ImpactRow[];
  config: MappingConfig;
}

export interface AlignmentResult {
  /** null when there is no goals sheet and nothing was adopted. */
  report: AlignmentReport | null;
  issues: DataQualityIssue[];
  /** The whole analysis behind the report (paths, resources, effects); null with the report. */
  analysis?: AlignmentAnalysis | null;
}

/** An adopted suggestion as a goal (no parent: it is aligned by its measure). */
function suggestionGoal(s: GoalSuggestion): GoalRecord {
  const groups = s.groups.filter((g) => g.value !== s.team).map((g) => g.value);
  return {
    id: s.id,
    level: s.level,
    owner: null,
    school: null,
    team: s.team,
    statement: s.statement,
    focus: s.measure,
    group: groups.length ? groups.join(', ') : null,
    parents: [],
    learning: null,
    hours: null,
    cost: null,
    status: 'Adopted suggestion',
    source: 'suggestion',
    row: null,
  };
}

/**
 * Read the goals sheet (and adopted suggestions) and align the goals.
 * Never throws for data: problems in the goals sheet come back as `issues`. Throws ConfigError
 * only for a config that names goal columns that do not exist.
 * @param input goals sheet, suggestions (only those with `adopted: true` join), impact rows, config
 * @returns the report (contracts.md `alignment`), issues and the analysis for the sheets
 * @example
 * const { report } = analyzeAlignment({ goalsTable, suggestions: [], impact: [], config });
 * report?.coherence; // 0.8 = 8 of 10 goals below district level reach a district priority
 */
export function analyzeAlignment(input: AlignmentInput): AlignmentResult {
  const syn = buildSynonyms(input.config.synonyms);
  const read = input.goalsTable ? readGoalsSheet(input.goalsTable, input.config.goals) : null;
  const goals: GoalRecord[] = [...(read?.goals ?? [])];
  const taken = new Set([...goals.map((g) => g.id), ...(read?.leftOut ?? [])]);
  const adopted = input.suggestions.filter((s) => s.adopted === true);
  for (const s of adopted) {
    // Suggestion IDs ("S1") may also name a goal of the sheet (a school goal "S1"): keep both.
    let id = s.id;
    for (let k = 2; taken.has(id); k++) id = `Suggested ${s.id}${k > 2 ? ` (${k - 1})` : ''}`;
    taken.add(id);
    goals.push({ ...suggestionGoal(s), id });
  }
  if (!read && !adopted.length) return { report: null, issues: [], analysis: null };

  const analysis = analyzeGraph(goals, {
    syn,
    impact: input.impact,
    sheet: input.goalsTable?.sheet ?? null,
    parentColumn: read?.columns.parent ?? null,
    parentExcelColumn: read?.excelColumns.parent,
    leftOut: read?.leftOut ?? [],
  });
  const ids = new Set(goals.map((g) => g.id));
  const report: AlignmentReport = {
    goals: goals.map((g) => ({
      id: g.id,
      level: g.level,
      statement: g.statement,
      parent: g.parents.find((p) => p !== g.id && ids.has(p)) ?? null,
    })),
    links: analysis.links.map((l) => ({
      from: l.from,
      to: l.to,
      strength: l.strength,
      reason: l.reason,
    })),
    orphans: analysis.orphans,
    unsupported: analysis.unsupported,
    coherence: analysis.coherence,
    duplicates: analysis.duplicates,
  };
  return { report, issues: [...(read?.issues ?? []), ...analysis.issues], analysis };
}

/**
 * The "Alignment Matrix" and "Alignment Map" plans; none when there are no goals to align.
 * @param result from analyzeAlignment
 * @param _input the same input (kept for the module entry-point shape)
 * @param names final sheet names
 */
export function buildAlignmentPlans(
  result: AlignmentResult,
  _input: AlignmentInput,
  names: SheetNames,
): SheetPlan[] {
  if (!result.report || !result.analysis) return [];
  const goalIssues = result.issues.filter((i) => i.code.startsWith('GOAL_')).length;
  return [
    buildMatrixPlan(result.analysis, names, goalIssues),
    buildMapPlan(result.analysis, names),
  ];
}
