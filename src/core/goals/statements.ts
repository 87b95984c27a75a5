/**
 * What a suggested goal says: its one-sentence statement (who, measure, from → to, by when), its
 * rationale (the numbers behind its priority and method) and the fields the sheet shows. Cut out
 * of suggest.ts (issue 15).
 */
import type { MappingConfig } from '../config';
import { NAMED_GROUP_BOOST } from './focal';
import { formatValue, longDate, meanFormat, PERCENT_FORMAT } from './format';
import type { LearningResult } from './learning';
import { matchPriority, type DistrictPriority } from './priorities';
import type { Draft } from './drafts';
import type { Need, SuggestedGoal } from './types';

function who(need: Need): string {
  const unit =
    need.team === null ? 'the school' : /^\d/.test(need.team) ? `team ${need.team}` : need.team;
  if (need.population === 'educators') return `${unit} educators`;
  const group = need.groups.length ? ` in the group ${need.groupLabel}` : '';
  return `${unit} students${group}`;
}

export function toGoal(
  d: Draft,
  learning: LearningResult,
  priorities: DistrictPriority[],
  config: MappingConfig,
  due: string,
): SuggestedGoal {
  const n = d.need;
  const b = formatValue(d.baseline, d.format);
  const t = formatValue(d.target, d.format);
  const focus = n.weakestPractice;
  const learningFocus = n.population === 'students' ? focus : n.measure;
  const priority = matchPriority(
    priorities,
    [n.measure, ...(learningFocus ? [learningFocus] : [])],
    config.synonyms,
  );
  const statement = `By ${longDate(due)}, ${goalClause(d, b, t)}.`;
  return {
    id: '',
    level: n.level,
    team: n.team,
    measure: n.measure,
    groups: n.groups,
    baseline: { metric: d.metric, value: d.baseline },
    target: { value: d.target, method: d.method },
    statement,
    rationale: rationale(d),
    priority: n.priority,
    population: n.population,
    sheet: n.sheet,
    groupLabel: n.groupLabel,
    purpose: n.population === 'students' ? 'team or school goal' : 'program implementation',
    learningFocus: learningFocus ?? null,
    districtPriority: priority ? { id: priority.id, text: priority.text } : null,
    growthCheck: d.check,
    format: d.format,
    baselineText: b,
    targetText: t,
    n: n.n,
    flags: d.flags,
    due,
    school: n.school,
  };
}

/**
 * What a goal will achieve, for its one-sentence statement: who, measure, from → to. The method,
 * growth check, district priority and learning focus have their own columns.
 */
function goalClause(d: Draft, b: string, t: string): string {
  const n = d.need;
  const outOf = n.max !== null && d.metric === 'mean' ? ` (out of ${n.max})` : '';
  if (d.rubric) {
    const r = d.rubric;
    return `the number of ${who(n)} rated ${r.level} or above on ${n.measure} will rise from ${r.from} of ${r.n} (${b}) to ${r.to} of ${r.n} (${t})`;
  }
  if (n.population === 'educators')
    return `the mean observed rating of ${who(n)} on ${n.measure} will rise from ${b} to ${t}${outOf}`;
  if (d.metric === 'pctProficient')
    return `the share of ${who(n)} proficient in ${n.measure} (a score of ${n.proficient} or more) will rise from ${b} to ${t}`;
  return `the mean ${n.measure} score of ${who(n)} will rise from ${b} to ${t}${outOf}`;
}

export const fx = (x: number | null, d = 2) =>
  x === null ? 'n/a' : formatValue(x, { excel: '', decimals: d, percent: false });

function rationale(d: Draft): string {
  const n = d.need;
  const unitWord = n.population === 'students' ? 'students' : 'educators';
  const s: string[] = [];
  if (n.pctProficient !== null && n.population === 'students') {
    s.push(
      `${formatValue(n.pctProficient, PERCENT_FORMAT)} of ${n.n} ${unitWord} proficient at baseline (${n.notProficient} not proficient)`,
    );
  } else {
    s.push(
      `baseline mean ${formatValue(n.mean!, d.metric === 'mean' ? d.format : meanFormat(n.max, n.districtSd))} over ${n.n} ${unitWord}; ${n.reach} below the ${n.barKind === 'proficient' ? `cut ${n.bar}` : `district mean ${fx(n.bar)}`}`,
    );
  }
  if (n.zDistrict !== null)
    s.push(
      `mean ${fx(Math.abs(n.zDistrict))} SD ${n.zDistrict < 0 ? 'below' : 'above'} the district`,
    );
  if (n.zSchool !== null)
    s.push(`${fx(Math.abs(n.zSchool))} SD ${n.zSchool < 0 ? 'below' : 'above'} the school`);
  if (n.gapPp !== null) s.push(`${fx(n.gapPp, 1)} percentage points behind the rest of the team`);
  if (n.gapEs !== null) s.push(`gap to the rest of the team ${fx(n.gapEs)} SD`);
  if (n.growth !== null && n.teamGrowthMedian !== null)
    s.push(
      `growth this year ${fx(n.growth)} against a median of ${fx(n.teamGrowthMedian)} across ${n.comparableTeams} comparable teams`,
    );
  s.push(
    n.namedBy
      ? `priority = reach ${n.reach} × severity ${fx(n.severity, 3)} × ${NAMED_GROUP_BOOST} (the district priority ${n.namedBy} names this group) = ${fx(n.priority)}`
      : `priority = reach ${n.reach} × severity ${fx(n.severity, 3)} = ${fx(n.priority)}`,
  );
  s.push(`method: ${d.methodWords}`);
  return `${s.join('; ')}.`;
}
