/**
 * Goal suggestions (issue 5): needs analysis per team × measure × student group, targets by the
 * methods of docs/statistics.md, SMART statements, per-student targets, individual and collective
 * learning from the educator data, and the principal's template filled for one goal.
 * Baseline = this year's latest (post) scores: goals are set for next year (docs/goals.md).
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { DataQualityIssue, ImpactRow } from '../report';
import type { RawTable } from '../types';
import { dueDate, longDate } from './format';
import { learningNeeds } from './learning';
import {
  buildSuggestedGoalsPlan,
  buildStudentTargetsPlan,
  buildTemplatePlan,
  targetsMetRows,
  type TargetsMetRow,
} from './plans';
import { districtPriorities } from './priorities';
import { suggest } from './suggest';
import type { StudentTargets } from './student-targets';
import { defaultTemplate, fillTemplate } from './template';
import type {
  EducatorLearningNeed,
  Need,
  SkippedGoal,
  SuggestedGoal,
  TeamLearning,
  TemplateField,
  TemplateReport,
} from './types';

export type * from './types';
export type { TargetsMetRow } from './plans';

export interface GoalsInput {
  datasets: Dataset[];
  /** Not used for any number here (baselines are computed from the datasets). */
  impact: ImpactRow[];
  goalsTable: RawTable | null;
  templateTable: RawTable | null;
  config: MappingConfig;
  now: Date;
  /**
   * false: no per-student targets (Student Targets rows and their summary): a JSON report has
   * no place for them, and at a million students they are most of the work. Default true.
   */
  perStudent?: boolean;
}

export interface GoalsResult {
  /** Ranked goals (S1 first); each is a report GoalSuggestion plus what the sheet shows. */
  suggestions: SuggestedGoal[];
  /** Data problems found on the way (reported in Data Quality). */
  issues: DataQualityIssue[];
  /** The needs analysis, ranked by priority. */
  needs: Need[];
  /** Needs for which no goal of the chosen kind is suggested, with the reason. */
  skipped: SkippedGoal[];
  /** Per-student targets (half-gap and tiered methods), as columns. */
  studentTargets: StudentTargets;
  /** The targets-met summary as the engine computes it today (no next-year score yet). */
  targetsMet: TargetsMetRow[];
  learning: { educators: EducatorLearningNeed[]; teams: TeamLearning[] };
  /** The filled copy of the template (the default template when the workbook has none). */
  template: TemplateReport;
  /** ISO date goals are due. */
  due: string;
  /** Which scores are the baseline: this year's latest window. */
  baselineWindow: 'post';
  notes: string[];
}

/**
 * Suggest goals from the datasets. Never throws on data; a nonsensical target setting in the
 * config throws with what to change.
 * @param input datasets, goals sheet, template sheet, config and the time (passed in)
 * @returns the ranked suggestions, needs, per-student targets, learning needs and the filled template
 */
export function suggestGoals(input: GoalsInput): GoalsResult {
  const { config } = input;
  const due = dueDate(config.schoolYearEnd, input.now);
  const learning = learningNeeds(input.datasets);
  const priorities = districtPriorities(input.goalsTable, config.goals?.headerRow);
  const perStudent = input.perStudent !== false;
  const s = suggest(input.datasets, config, learning, priorities, due, perStudent);

  const { template, issues } = fillGoalTemplate(config, input.templateTable, s.goals);
  return {
    suggestions: s.goals,
    issues,
    needs: s.needs,
    skipped: s.skipped,
    studentTargets: s.studentTargets,
    targetsMet: perStudent ? targetsMetRows(s.studentTargets, input.datasets) : [],
    learning,
    template,
    due,
    baselineWindow: 'post',
    notes: s.notes,
  };
}

/**
 * The filled copy of the template for the config's goal (config.template.goalId), else the first
 * of `goals`; with the notes a person needs (that goal is not suggested, labels not found).
 */
export function fillGoalTemplate(
  config: MappingConfig,
  templateTable: RawTable | null,
  goals: SuggestedGoal[],
): { template: TemplateReport; issues: DataQualityIssue[] } {
  const issues: DataQualityIssue[] = [];
  const wanted = config.template?.goalId;
  let goal = goals[0] ?? null;
  if (wanted !== undefined) {
    const g = goals.find((x) => x.id === wanted);
    if (g) goal = g;
    else {
      const ids = goals.length ? ` (${goals[0].id}–${goals[goals.length - 1].id})` : '';
      issues.push({
        code: 'TEMPLATE_GOAL_NOT_FOUND',
        severity: 'warning',
        sheet: config.template!.sheet,
        row: null,
        column: null,
        value: wanted,
        message: `config.template.goalId "${wanted}" is not among the suggested goals${ids}; the template was filled for ${goal ? goal.id : 'no goal'} instead.`,
      });
    }
  }
  const table = templateTable ?? defaultTemplate();
  const template = fillTemplate(
    table,
    goal ? templateValues(goal) : {},
    config.template?.overwrite === true,
    templateTable === null,
    goal?.id ?? null,
  );
  if (templateTable && template.missing.length > 0) {
    issues.push({
      code: 'TEMPLATE_FIELDS_MISSING',
      severity: 'info',
      sheet: table.sheet,
      row: null,
      column: null,
      value: template.missing.join(', '),
      message: `The goal template has no label for: ${template.missing.join(', ')}. Those fields were not filled (add a label such as "Owner:" to fill them).`,
    });
  }
  return { template, issues };
}

/** What each template field says for a goal. */
export function templateValues(g: SuggestedGoal): Record<TemplateField, string> {
  const students = g.population === 'students';
  const pct = g.baseline.metric === 'pctProficient';
  const what = pct
    ? 'proficient'
    : students
      ? `mean ${g.measure} score`
      : `mean rating on ${g.measure}`;
  return {
    goal: g.statement,
    baseline: `${g.baselineText} ${what} (this year's latest scores, n = ${g.n})`,
    target: `${g.targetText} ${what} (${g.target.method} method)`,
    measure: students
      ? pct
        ? `${g.measure}: share of students proficient`
        : `${g.measure}: mean score`
      : `${g.measure}: observation rating`,
    timeline: longDate(g.due),
    strategies: g.learningFocus
      ? `Team learning cycle (PLC) on ${g.learningFocus}; review progress against the targets each term`
      : 'To be decided by the team; review progress against the targets each term',
    learning: g.learningFocus ?? 'None identified from the educator data',
    evidence: students
      ? `${g.measure} next year: ${pct ? 'share proficient' : 'mean score'} against the target${g.target.method === 'half-gap' || g.target.method === 'tiered' ? '; students meeting their own target (Student Targets)' : ''}`
      : `Observation ratings on ${g.measure} next year`,
    school: g.school ?? '',
    team: g.team ?? '',
    owner:
      g.level === 'individual'
        ? g.groupLabel
        : g.team !== null
          ? `${g.team} team`
          : 'School leadership team',
  };
}

/**
 * The goal sheets: "Suggested Goals" (ranked table with an Adopt column, the needs analysis,
 * learning needs, skipped needs), "Student Targets" (per-student targets with a live Met?
 * formula and a targets-met summary) and "Goal Template" (the filled copy).
 * @returns three SheetPlans with keys 'suggested-goals', 'student-targets', 'goal-template'
 */
export function buildGoalPlans(
  result: GoalsResult,
  _input: GoalsInput,
  names: SheetNames,
): SheetPlan[] {
  return [
    buildSuggestedGoalsPlan(result, names['suggested-goals']),
    buildStudentTargetsPlan(result, names['student-targets']),
    buildTemplatePlan(result, names['goal-template']),
  ];
}
