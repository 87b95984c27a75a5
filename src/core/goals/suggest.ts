/**
 * Goal suggestions (issue 5): the needs (needs.ts) ranked, each drafted by its target method
 * (drafts.ts), the top ones made goals; individual goals (individual.ts). Every number a goal
 * quotes is computed from the Datasets, not from the impact rows.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { TargetMethod } from '../report';
import type { LearningResult } from './learning';
import { complementReason, NAMED_GROUP_BOOST, namesGroup } from './focal';
import { toGoal } from './statements';
import { matchPriority, type DistrictPriority } from './priorities';
import type { Need, SkippedGoal, SuggestedGoal } from './types';
import { StudentTargets } from './student-targets';
import { draftFor, practiceMethod, studentMethod, type Draft } from './drafts';
import { individualGoals } from './individual';
import { compareNeeds, needsOf, type NeedSource } from './needs';
import { settingsOf, type Settings } from './settings';

/** At most this many student-outcome goals and team practice goals (individual: individual.ts). */
export const MAX_STUDENT_GOALS = 20;
export const MAX_PRACTICE_GOALS = 20;

export interface SuggestOutput {
  needs: Need[];
  goals: SuggestedGoal[];
  skipped: SkippedGoal[];
  studentTargets: StudentTargets;
  notes: string[];
}

/**
 * Needs, ranked goal suggestions, per-student targets and skipped needs.
 * @param due ISO date goals are due
 * @param perStudent whether to build the per-student targets (Student Targets)
 */
export function suggest(
  datasets: Dataset[],
  config: MappingConfig,
  learning: LearningResult,
  priorities: DistrictPriority[],
  due: string,
  perStudent = true,
): SuggestOutput {
  const settings = settingsOf(config);
  // Each need with where its students are, ranked (a stable sort: ties keep their order).
  const sources: NeedSource[] = [];
  for (const ds of datasets) for (const src of needsOf(ds, settings, learning)) sources.push(src);
  raiseNamedGroups(sources, priorities, config.synonyms);
  sources.sort((a, b) => compareNeeds(a.need, b.need));
  const needs = sources.map((src) => src.need);
  const skipped: SkippedGoal[] = [];
  const notes = new Set<string>();
  const students = studentDrafts(sources, settings, perStudent, skipped, notes);
  // Team practice goals: each team's weakest observed component (lowest team mean).
  const practiceDrafts: Draft[] = [];
  for (const src of sources) {
    const { need } = src;
    if (need.population !== 'educators' || need.weakestPractice !== need.measure) continue;
    const method = practiceMethod(src.ctx.m);
    const { draft, reason } = draftFor(need, src, settings, method);
    if (!draft) skipped.push(skip(need, method, reason!));
    else practiceDrafts.push(draft);
  }
  const top = topStudentDrafts(students.drafts);
  const chosen = [...top, ...practiceDrafts.slice(0, MAX_PRACTICE_GOALS)];
  chosen.sort((a, b) => compareNeeds(a.need, b.need));
  const goals: SuggestedGoal[] = chosen.map((d) => toGoal(d, learning, priorities, config, due));
  goals.push(...individualGoals(datasets, learning, settings, priorities, config, due));
  goals.forEach((g, k) => {
    g.id = `S${k + 1}`;
  });
  if (students.drafts.length > top.length) {
    notes.add(
      `${students.drafts.length - top.length} more student needs ranked below the top ${MAX_STUDENT_GOALS} are listed in the needs analysis only`,
    );
  }
  return { needs, goals, skipped, studentTargets: students.targets, notes: [...notes] };
}

/**
 * District priorities that name a group (e.g. "… for students with disabilities") on a measure
 * raise that group's need: its priority is doubled, and `namedBy` says which priority did it.
 */
function raiseNamedGroups(
  sources: NeedSource[],
  priorities: DistrictPriority[],
  synonyms: string[][] | undefined,
): void {
  if (priorities.length === 0) return;
  for (const src of sources) {
    const { need } = src;
    if (need.population !== 'students' || need.groups.length !== 1) continue;
    const { column, value } = need.groups[0];
    const labels = src.ctx.ds.subgroups.find((c) => c.column === column)?.labels ?? [];
    const naming = priorities.filter((p) =>
      namesGroup(`${p.text} ${p.focus}`, column, value, labels),
    );
    const hit = naming.length ? matchPriority(naming, [need.measure], synonyms) : null;
    if (!hit) continue;
    need.priority *= NAMED_GROUP_BOOST;
    need.namedBy = hit.id;
  }
}

/**
 * The top student drafts (they come ranked), and for each school without one of them its own
 * best-ranked draft, so that every school whose data shows a need gets a student goal.
 */
function topStudentDrafts(drafts: Draft[]): Draft[] {
  const top = drafts.slice(0, MAX_STUDENT_GOALS);
  const covered = new Set(top.map((d) => d.need.school));
  for (const d of drafts.slice(MAX_STUDENT_GOALS)) {
    if (d.need.school === null || covered.has(d.need.school)) continue;
    covered.add(d.need.school);
    top.push(d);
  }
  return top;
}

/**
 * Student outcomes: every need of a focal group with students below the bar becomes a
 * candidate; and each student's per-student (SLO) half-gap target, once per student and measure.
 */
function studentDrafts(
  sources: NeedSource[],
  settings: Settings,
  perStudent: boolean,
  skipped: SkippedGoal[],
  notes: Set<string>,
): { drafts: Draft[]; targets: StudentTargets } {
  const drafts: Draft[] = [];
  const targets = new StudentTargetList();
  for (const src of sources) {
    const { need, ctx } = src;
    if (need.population !== 'students') continue;
    const { method, note } = studentMethod(ctx.m, ctx.growths.length >= 2, settings.method);
    if (note) notes.add(note);
    const whyNot = noGoalReason(src);
    if (whyNot) {
      skipped.push(skip(need, method, whyNot));
      continue;
    }
    const everyone = need.groups.length === 0;
    const { draft, reason } = draftFor(need, src, settings, method, perStudent && everyone);
    if (!draft) {
      skipped.push(skip(need, method, reason!));
      continue;
    }
    if (note) draft.flags.push(note);
    if (perStudent && everyone) targets.add(perStudentRows(draft, src, settings), ctx.ds.size);
    drafts.push(draft);
  }
  return { drafts, targets: targets.rows };
}

/** Why a student need gets no goal before any target is tried: nobody below the bar, or a complement group. */
function noGoalReason(src: NeedSource): string | null {
  const { need, ctx } = src;
  if (need.reach === 0)
    return need.barKind === 'proficient'
      ? 'every student is already proficient: no goal of this kind is needed'
      : 'no student is below the district mean';
  if (need.groups.length === 0) return null;
  const col = ctx.ds.subgroups.find((c) => c.column === need.groups[0].column);
  return complementReason(need, col?.labels ?? []);
}

/**
 * The per-student rows of an everyone-in-the-team draft: its own when its method sets a target
 * per student (half-gap, tiered); else the half-gap SLO targets when the measure has a maximum.
 */
function perStudentRows(draft: Draft, src: NeedSource, settings: Settings): StudentTargets {
  if (draft.perStudent.length || src.ctx.m.max === null) return draft.perStudent;
  if (draft.method === 'half-gap' || draft.method === 'tiered') return draft.perStudent;
  return (
    draftFor(draft.need, src, settings, 'half-gap', true).draft?.perStudent ?? new StudentTargets()
  );
}

/** Per-student targets, at most one per sheet, measure and Excel row (a flag per row). */
class StudentTargetList {
  readonly rows = new StudentTargets();
  private readonly done = new Map<string, Uint8Array>();

  add(rows: StudentTargets, size: number): void {
    let key = '';
    let done: Uint8Array | undefined;
    let lastDs: Dataset | null = null;
    let lastMeasure = '';
    for (let k = 0; k < rows.length; k++) {
      const row = rows.row(k);
      // Plain names, no array to take apart: this runs for each of two million targets.
      const ds = rows.dataset(k);
      const measure = rows.measure(k);
      if (ds !== lastDs || measure !== lastMeasure) {
        lastDs = ds;
        lastMeasure = measure;
        key = `${ds.sheet}|${measure}`;
        done = this.done.get(key);
      }
      if (!done || done.length <= row) {
        const grown = new Uint8Array(Math.max(row + 1, size + 2, 2 * (done?.length ?? 0)));
        if (done) grown.set(done);
        this.done.set(key, (done = grown));
      }
      if (done[row] === 0) {
        done[row] = 1;
        this.rows.pushFrom(rows, k);
      }
    }
  }
}

function skip(need: Need, method: TargetMethod, reason: string): SkippedGoal {
  return {
    team: need.team,
    measure: need.measure,
    groups: need.groups,
    groupLabel: need.groupLabel,
    method,
    reason,
  };
}
