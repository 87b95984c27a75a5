/** Individual goals: an educator's weakest component that the team does not share. */
import type { MappingConfig } from '../config';
import type { Dataset, MeasureData } from '../dataset';
import { formatValue, longDate, meanFormat } from './format';
import type { LearningResult } from './learning';
import { fx } from './statements';
import { matchPriority, type DistrictPriority } from './priorities';
import { effectSize, growthCheck, meanOf, rubricLevel, sdOf } from './targets';
import type { SuggestedGoal } from './types';
import { practiceMethod } from './drafts';
import type { Settings } from './settings';

import { finiteValues } from './group-stats';

/** At most this many individual goals. */
export const MAX_INDIVIDUAL_GOALS = 10;

/**
 * An individual goal's words on the peers who share the need elsewhere in the district. `unnamed`
 * counts peers a slice leaves unnamed (they are not the slice's people).
 */
export function peersClause(peers: string[], unnamed = 0): string {
  const more = peers.length > 5 ? peers.length - 5 + unnamed : unnamed;
  const named = peers.slice(0, 5).join(', ');
  if (peers.length === 0 && unnamed === 0) return 'no peer elsewhere in the district shares it';
  const listed =
    peers.length === 0
      ? `${unnamed} (not named in a slice)`
      : more > 0
        ? `${named} and ${more} more`
        : named;
  return `peers with the same need elsewhere in the district: ${listed}`;
}

/** Individual goals: an educator's weakest component that the team does not share. */
export function individualGoals(
  datasets: Dataset[],
  learning: LearningResult,
  settings: Settings,
  priorities: DistrictPriority[],
  config: MappingConfig,
  due: string,
): SuggestedGoal[] {
  const out: { goal: SuggestedGoal; severity: number }[] = [];
  // Each component's district mean and SD, and each sheet's record of each Excel row (the first
  // with it, as indexOf would find), once, not once per educator.
  const district = new Map<MeasureData, { dMean: number | null; dSd: number | null }>();
  const recordOf = new Map<Dataset, Map<number, number>>();
  for (const e of learning.educators) {
    const own = e.needs.find((x) => !x.shared);
    if (!own) continue;
    const ds = datasets.find((d) => d.sheet === e.sheet && d.population === 'educators')!;
    const m = ds.measures.find((x) => x.name === own.component)!;
    let rows = recordOf.get(ds);
    if (!rows) {
      rows = new Map();
      for (let r = 0; r < ds.rows.length; r++) if (!rows.has(ds.rows[r])) rows.set(ds.rows[r], r);
      recordOf.set(ds, rows);
    }
    const i = rows.get(e.row) ?? -1;
    const x = Number.isFinite(m.post[i]) ? m.post[i] : m.pre[i];
    let d = district.get(m);
    if (!d) {
      const all = finiteValues(m.post, ds.size);
      district.set(m, (d = { dMean: meanOf(all), dSd: sdOf(all) }));
    }
    const { dMean, dSd } = d;
    const method = practiceMethod(m) === 'rubric-share' ? 'rubric-level' : 'effect-size';
    const t =
      method === 'rubric-level'
        ? rubricLevel(x, m.max!)
        : effectSize(x, dSd, settings.delta, m.max);
    if (t.value === null || dMean === null) continue;
    const format = meanFormat(m.max, dSd);
    const b = formatValue(x, format);
    const tt = formatValue(t.value, format);
    const severity = Math.max(0, (dMean - x) / dSd!);
    if (!Number.isFinite(severity)) continue;
    const outOf = m.max !== null ? ` (out of ${m.max})` : '';
    const pr = matchPriority(priorities, [m.name], config.synonyms);
    const peers = peersClause(own.peers);
    const check = growthCheck(x, t.value, []);
    out.push({
      severity,
      goal: {
        id: '',
        level: 'individual',
        team: e.team,
        measure: m.name,
        groups: [{ column: ds.idColumn, value: e.educator }],
        baseline: { metric: 'mean', value: x },
        target: { value: t.value, method },
        statement: `By ${longDate(due)}, ${e.educator}'s observed rating on ${m.name} will rise from ${b} to ${tt}${outOf}.`,
        rationale: `${m.name} is among ${e.educator}'s weakest observed components (${b}${outOf}); district mean ${fx(dMean)}, SD ${fx(dSd)}; a majority of the team does not share it (individual learning; ${peers}); priority = reach 1 × severity ${fx(severity, 3)}; method: ${method === 'rubric-level' ? 'rubric-level: the next whole level of the rubric, a step an observer can see' : `effect-size: +${settings.delta} district SD`}.`,
        priority: severity,
        population: 'educators',
        sheet: e.sheet,
        groupLabel: e.educator,
        purpose: 'individual growth',
        learningFocus: m.name,
        districtPriority: pr ? { id: pr.id, text: pr.text } : null,
        growthCheck: check,
        format,
        baselineText: b,
        targetText: tt,
        n: 1,
        flags: [],
        due,
        school: null,
      },
    });
  }
  out.sort(
    (a, b) =>
      b.severity - a.severity ||
      (a.goal.team ?? '').localeCompare(b.goal.team ?? '') ||
      a.goal.groupLabel.localeCompare(b.goal.groupLabel),
  );
  return out.slice(0, MAX_INDIVIDUAL_GOALS).map((o) => o.goal);
}
