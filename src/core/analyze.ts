/**
 * The one use case: (tables, config?) → { report, plans }. Both adapters call it the same way,
 * so the add-in and the command line cannot compute different numbers.
 *
 *   tables → intake (detect or validate the mapping, read Datasets, data quality)
 *          → impact → goal suggestions → alignment → SheetPlans with their final names.
 *
 * Time comes in as `now`; nothing here reads a clock, a file or the network.
 */
import type { MappingConfig } from './config';
import type { Dataset } from './dataset';
import { analyzeAlignment, buildAlignmentPlans } from './alignment';
import { buildGoalPlans, suggestGoals } from './goals';
import {
  applyAdoption,
  applyChoices,
  findAdoptedGoals,
  type AdoptionChoice,
} from './goals/adopted';
import { computeImpact, impactPlansAndLayout } from './impact';
import { computeProgress, keepAdoptedFigures, trackedGoals } from './progress';
import { buildProgressPlan } from './progress/sheet';
import { summariseWindows } from './impact/windows';
import {
  buildDataQualityPlan,
  detectConfig,
  readDatasets,
  type DetectionResult,
  type IntakeResult,
} from './intake';
import { withNewWindows } from './intake/new-windows';
import { sortIssues } from './quality/issues';
import { OUTPUT_SHEETS, type OutputSheetKey, type SheetNames } from './plans/names';
import { withPrintSettings } from './plans/print';
import type { SheetPlan } from './plans/types';
import type { ProgressListener, ThroughlineState } from './ports';
import type { DataQualityIssue, Report } from './report';
import { resolveSheetNames } from './workbook-run';
import { sliceIntake, type Slice, type SliceScope } from './slice';
import { sliceGoals } from './slice/goals';
import { buildSummaryPlan } from './summary/summary-sheet';
import { buildViews, type Views } from './views';
import { buildCoachView } from './views/coach-view';
import { buildDashboards } from './views/dashboards';
import { buildViewData, VIEW_DATA_MAX_RECORDS } from './views/data-sheet';
import type { RawTable } from './types';

export interface AnalyzeInput {
  tables: RawTable[];
  /** The mapping a person confirmed; without it the mapping is detected. */
  config?: MappingConfig;
  /**
   * True when `config` is a mapping kept from an earlier run (the workbook's state, the pane's):
   * windows its measures gained since are added (intake/new-windows.ts). Not for a config file
   * a person gives.
   */
  configKept?: boolean;
  /** Every sheet name in the workbook (ours included), to choose output names. */
  existingSheets: string[];
  state: ThroughlineState | null;
  now: Date;
  progress?: ProgressListener;
  /**
   * Datasets already read (the command line streams a big CSV into them: startStreamingIntake).
   * `config` must then be the mapping they were read with; `tables` hold a streamed sheet's
   * first rows only.
   */
  intake?: { result: IntakeResult; detection: DetectionResult | null };
  /** Problems found reading the files (an unclosed CSV quote), as data-quality issues. */
  readIssues?: DataQualityIssue[];
  /** false: build no SheetPlans (a JSON report only, no workbook to write). Default true. */
  plans?: boolean;
  /**
   * Output sheets of an earlier run (listed in its state, edited by a person or not). They are
   * never data; they are read only for what a person typed in them: "Adopt" on Suggested Goals.
   */
  previousOutputs?: RawTable[];
  /**
   * What a person chose in the task pane (adopt or not, their wording), by goal: it overrides
   * the earlier sheets' "Adopt". The Suggested Goals sheet then writes Y for each adopted goal,
   * so the choice lasts in the workbook.
   */
  adoptions?: AdoptionChoice[];
  /**
   * Only one team's, school's or educator's records, goals and figures (slice/index.ts): the
   * intake is cut before impact and alignment; goals are suggested on every record and then
   * cut (slice/goals.ts). A name the data does not hold throws ConfigError.
   */
  slice?: Slice;
}

export interface AnalyzeOutput {
  report: Report;
  plans: SheetPlan[];
  /** What detection saw, when the mapping was detected (null when a config was given). */
  detection: DetectionResult | null;
  datasets: Dataset[];
}

/** Resolve every output sheet's final name against the workbook and our state. */
export function outputSheetNames(
  existingSheets: string[],
  state: ThroughlineState | null,
): SheetNames {
  const keys = Object.keys(OUTPUT_SHEETS) as OutputSheetKey[];
  const resolved = resolveSheetNames(
    keys.map((key) => ({ key, name: OUTPUT_SHEETS[key] })),
    existingSheets,
    state,
  );
  const names = {} as SheetNames;
  for (const r of resolved) names[r.key as OutputSheetKey] = r.name;
  return names;
}

const educatorIds = (datasets: Dataset[]) =>
  datasets.filter((d) => d.population === 'educators').map((d) => d.idColumn);

export function analyze(input: AnalyzeInput): AnalyzeOutput {
  const step = (stage: string, done: number) => input.progress?.(stage, done, 5);
  step('Reading the data', 0);
  if (input.intake && !input.config)
    throw new Error('analyze: an already-read intake needs the config it was read with');
  const detection = input.intake
    ? input.intake.detection
    : input.config
      ? null
      : detectConfig(input.tables);
  const kept =
    input.config && input.configKept && !input.intake
      ? withNewWindows(input.config, input.tables)
      : null;
  const config: MappingConfig = kept?.config ?? input.config ?? detection!.config;
  const read = input.intake ? input.intake.result : readDatasets(input.tables, config);
  const sliced = input.slice ? sliceIntake(read, input.slice, config.goals) : null;
  const intake = sliced?.intake ?? read;
  const names = outputSheetNames(input.existingSheets, input.state);

  step('Computing impact', 1);
  const impact = computeImpact(intake.datasets, config);

  step('Suggesting goals', 2);
  // Goals are suggested on every record, a slice's too (district baselines, tiers, rankings):
  // a team's goal in its slice is the one of the full workbook. The slice then keeps its own.
  const goalsInput = {
    datasets: read.datasets,
    impact,
    goalsTable: read.goalsTable,
    templateTable: read.templateTable,
    config,
    now: input.now,
    perStudent: input.plans !== false,
  };
  const suggested = suggestGoals(goalsInput);
  const goals = sliced
    ? sliceGoals(suggested, sliced.scope, intake.datasets, config, intake.templateTable)
    : suggested;
  const adoptedBefore = findAdoptedGoals(input.previousOutputs ?? []);
  applyAdoption(goals.suggestions, adoptedBefore);
  applyChoices(goals.suggestions, input.adoptions ?? []);
  keepAdoptedFigures(goals.suggestions, adoptedBefore);

  step('Aligning goals', 3);
  const alignmentInput = {
    goalsTable: intake.goalsTable,
    suggestions: goals.suggestions,
    impact,
    config,
  };
  const alignment = analyzeAlignment(alignmentInput);
  const progress = computeProgress(
    trackedGoals(goals.suggestions, adoptedBefore, educatorIds(intake.datasets)),
    intake.datasets,
    config,
    alignment.analysis?.goals,
  );

  step('Planning the sheets', 4);
  const dataQuality = {
    ...intake.dataQuality,
    issues: sortIssues(
      [
        ...(input.readIssues ?? []),
        ...(kept?.added ?? []),
        ...intake.dataQuality.issues,
        ...goals.issues,
        ...alignment.issues,
      ],
      input.tables.map((t) => t.sheet),
    ),
  };
  const impactPlans =
    input.plans === false ? null : impactPlansAndLayout(intake.datasets, impact, config, names);
  const progressPlan = impactPlans
    ? buildProgressPlan(progress, intake.datasets, impactPlans.layout, names.progress)
    : null;
  const roleViews = buildViews({ datasets: intake.datasets, impact, goals, alignment, progress });
  const views = impactPlans === null ? [] : viewPlans(intake.datasets, names, roleViews);
  const plans: SheetPlan[] =
    impactPlans === null
      ? []
      : withPrintSettings([
          buildSummaryPlan({
            datasets: intake.datasets,
            impact,
            impactCells: impactPlans.cells,
            dataQuality,
            goals: goals.suggestions,
            alignment: alignment.report,
            names,
            now: input.now,
            viewSheets: views.map((p) => p.key),
          }),
          buildDataQualityPlan(dataQuality, names['data-quality']),
          ...impactPlans.plans,
          ...(progressPlan ? [progressPlan] : []),
          ...buildGoalPlans(goals, goalsInput, names),
          ...buildAlignmentPlans(alignment, alignmentInput, names),
          ...views,
        ]);
  step('Done', 5);
  const report: Report = {
    version: 1,
    config,
    dataQuality,
    impact,
    windows: summariseWindows(intake.datasets),
    goals: goals.suggestions,
    alignment: alignment.report,
    ...(progress.length ? { progress } : {}),
    views: roleViews,
    ...(sliced ? { slice: sliceReport(sliced.scope) } : {}),
  };
  return { report, plans, detection, datasets: intake.datasets };
}

function sliceReport(scope: SliceScope): NonNullable<Report['slice']> {
  return { kind: scope.kind, name: scope.name, teams: scope.teams, schools: scope.schools };
}

/** The role dashboards and their data sheet (none for data too big to copy once more). */
function viewPlans(datasets: Dataset[], names: SheetNames, views: Views): SheetPlan[] {
  if (datasets.some((d) => d.size > VIEW_DATA_MAX_RECORDS)) return [];
  const data = buildViewData(datasets, names['view-data'], views.coaches);
  if (!data) return [];
  const dashboards = buildDashboards(data.layout, (key) => names[key]);
  // The Coach View (when the data names coaches) follows the educator's, before the team's.
  const coach = buildCoachView(data.layout, names['coach-view']);
  const at = dashboards.findIndex((p) => p.key === 'educator-view') + 1;
  if (coach) dashboards.splice(at, 0, coach);
  return [...dashboards, data.plan];
}
