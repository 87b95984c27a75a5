/**
 * The goal graph: explicit links (a goal names its parent), inferred links (same focus,
 * compatible student group, adjacent levels, same school where known), each goal's best path
 * to a district priority, and the findings (orphans, unsupported priorities, duplicated
 * efforts, coherence, resources against need, effect per goal). Pure data in, data out.
 */
import type {
  AlignmentDuplicate,
  AlignmentLink,
  DataQualityIssue,
  EffectLabel,
  GoalLevel,
  ImpactRow,
} from '../report';
import { makeIssue } from '../quality/issues';
import {
  groupParts,
  isAllGroup,
  isAllPart,
  matchGroups,
  matchPhrase,
  type Synonyms,
} from './focus';
import type { GoalRecord } from './goals-sheet';

/** District 0 … individual 3: a goal supports goals one rank up. */
export const LEVEL_RANK: Record<GoalLevel, number> = {
  district: 0,
  school: 1,
  team: 2,
  individual: 3,
};
export const LEVEL_ORDER: GoalLevel[] = ['district', 'school', 'team', 'individual'];
export const LEVEL_LABEL: Record<GoalLevel, string> = {
  district: 'District',
  school: 'School',
  team: 'Team',
  individual: 'Individual',
};

export interface LinkDetail extends AlignmentLink {
  kind: 'explicit' | 'inferred';
}

export interface PriorityResources {
  /** The district goal. */
  id: string;
  /** Goals counted: the priority itself and every goal with a path to it. */
  goals: number;
  hours: number;
  cost: number;
  /** Share not proficient (0..1) on the priority's measure, or null with `needNote`. */
  need: number | null;
  needNote: string;
}

export interface GoalEffect {
  dav: number | null;
  label: EffectLabel | null;
  n: number;
  note: string;
}

export interface AlignmentAnalysis {
  goals: GoalRecord[];
  links: LinkDetail[];
  /** Best path of each goal to a district goal (IDs from the goal up); null when none. */
  paths: Record<string, string[] | null>;
  /** District goals each goal reaches by any path. */
  reach: Record<string, string[]>;
  orphans: string[];
  /** Why each orphan is not connected, in words. */
  orphanReasons: Record<string, string>;
  unsupported: string[];
  duplicates: AlignmentDuplicate[];
  coherence: number | null;
  coherenceReason: string | null;
  connectedCount: number;
  belowDistrictCount: number;
  resources: PriorityResources[];
  notConnected: { goals: number; hours: number; cost: number };
  /** Effect (dav) of each goal's measure for its team (or school, or overall). */
  effects: Record<string, GoalEffect>;
  issues: DataQualityIssue[];
}

const same = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const differ = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() !== b.trim().toLowerCase();

/**
 * Should `lower` be linked to `upper` by inference? Returns the readable reason, or null.
 * Rules (docs/alignment.md): upper is exactly one level up; both have a focus and the focus
 * phrases match (same words or synonyms); student groups are compatible; a team goal's school
 * must equal the school goal's school when both are given; an individual goal's team (and
 * school) must equal the team goal's when both are given.
 */
export function inferLink(lower: GoalRecord, upper: GoalRecord, syn: Synonyms): string | null {
  if (LEVEL_RANK[upper.level] !== LEVEL_RANK[lower.level] - 1) return null;
  if (!lower.focus || !upper.focus) return null;
  const focus = matchPhrase(lower.focus, upper.focus, syn);
  if (!focus) return null;
  const groups = matchGroups(lower.group, upper.group, syn);
  if (!groups.ok) return null;
  const parts = [`same focus: ${focus.text}`, `adjacent levels ${lower.level} → ${upper.level}`];
  if (upper.level === 'school' || upper.level === 'team') {
    if (differ(lower.school, upper.school)) return null;
    if (same(lower.school, upper.school)) parts.push(`same school '${upper.school!.trim()}'`);
    else if (upper.level === 'school') parts.push('school not given on both goals');
  }
  if (upper.level === 'team') {
    if (differ(lower.team, upper.team)) return null;
    if (same(lower.team, upper.team)) parts.push(`same team '${upper.team!.trim()}'`);
    else parts.push('team not given on both goals');
  }
  if (groups.text) parts.push(groups.text);
  return parts.join('; ');
}

function issueAt(
  g: GoalRecord,
  sheet: string | null,
  code: Parameters<typeof makeIssue>[0],
  column: string | null,
  value: string | null,
  message: string,
  excelColumn?: number,
): DataQualityIssue {
  return makeIssue(code, sheet ?? 'Goals', g.row, column, value, message, excelColumn);
}

export interface GraphOptions {
  syn: Synonyms;
  impact: ImpactRow[];
  /** The goals sheet's name and its parent column (for issues). */
  sheet: string | null;
  parentColumn: string | null;
  parentExcelColumn?: number;
  /** IDs left out of the sheet (unknown level), for a clearer missing-parent message. */
  leftOut: string[];
}

/** The graph as it is built: goals by ID, the links so far, the issues found. */
interface GraphBuild {
  goals: GoalRecord[];
  opt: GraphOptions;
  byId: Map<string, GoalRecord>;
  links: LinkDetail[];
  explicitPairs: Set<string>;
  issues: DataQualityIssue[];
  /** Sheet order of each goal. */
  order: Map<string, number>;
}

const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

/** Explicit links, as written (self, missing and same-or-lower-level parents are issues). */
function explicitLinks(gb: GraphBuild): void {
  const { goals, opt, byId, links, explicitPairs, issues } = gb;
  const leftOut = new Set(opt.leftOut);
  for (const g of goals) {
    for (const p of g.parents) {
      if (p === g.id) {
        issues.push(
          issueAt(
            g,
            opt.sheet,
            'GOAL_CYCLE',
            opt.parentColumn,
            p,
            `Goal "${g.id}" names itself as its parent; that link is ignored.`,
            opt.parentExcelColumn,
          ),
        );
        continue;
      }
      const parent = byId.get(p);
      if (!parent) {
        issues.push(
          issueAt(
            g,
            opt.sheet,
            'GOAL_MISSING_PARENT',
            opt.parentColumn,
            p,
            leftOut.has(p)
              ? `Goal "${g.id}" names parent "${p}", which is left out (its level is not known; see its row).`
              : `Goal "${g.id}" names parent "${p}", which is not in the goals sheet. Check the ID.`,
            opt.parentExcelColumn,
          ),
        );
        continue;
      }
      if (explicitPairs.has(pairKey(g.id, p))) continue;
      if (LEVEL_RANK[parent.level] >= LEVEL_RANK[g.level]) {
        issues.push(
          issueAt(
            g,
            opt.sheet,
            'GOAL_PARENT_LEVEL',
            opt.parentColumn,
            p,
            `Goal "${g.id}" (${g.level}) names parent "${p}" (${parent.level}), which is not at a higher level; the link is kept as written.`,
            opt.parentExcelColumn,
          ),
        );
      }
      explicitPairs.add(pairKey(g.id, p));
      links.push({
        from: g.id,
        to: p,
        strength: 2,
        kind: 'explicit',
        reason: `parent goal: ${g.id} names ${p} as its parent`,
      });
    }
  }
}

/** Cycles among explicit links: each reported once, at its first goal in sheet order; the goals in one. */
function explicitCycles(gb: GraphBuild): Set<string> {
  const { goals, opt, byId, links, issues, order } = gb;
  const out = new Map<string, string[]>();
  for (const l of links) out.set(l.from, [...(out.get(l.from) ?? []), l.to]);
  const state = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const inCycle = new Set<string>();
  const visit = (id: string, stack: string[]) => {
    state.set(id, 1);
    stack.push(id);
    for (const p of out.get(id) ?? []) {
      const s = state.get(p);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(p));
        const key = [...cycle].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          cycle.forEach((c) => inCycle.add(c));
          let start = 0;
          cycle.forEach((c, i) => {
            if (order.get(c)! < order.get(cycle[start])!) start = i;
          });
          const ring = [...cycle.slice(start), ...cycle.slice(0, start)];
          const g = byId.get(ring[0])!;
          issues.push(
            issueAt(
              g,
              opt.sheet,
              'GOAL_CYCLE',
              opt.parentColumn,
              [...ring, ring[0]].join(' → '),
              `Parent goals go round in a circle: ${[...ring, ring[0]].join(' → ')}. Give the top goal of the chain a parent at a higher level (or none if it is a district goal).`,
              opt.parentExcelColumn,
            ),
          );
        }
      } else if (s === undefined) visit(p, stack);
    }
    stack.pop();
    state.set(id, 2);
  };
  for (const g of goals) if (!state.has(g.id)) visit(g.id, []);

  return inCycle;
}

/**
 * Inferred links: adjacent levels only, and only for goals that name no (existing) parent:
 * a parent a person chose is taken as their decision, not second-guessed.
 */
function inferredLinks(gb: GraphBuild): void {
  const { goals, links, explicitPairs } = gb;
  const syn = gb.opt.syn;
  const hasParent = new Set(links.map((l) => l.from));
  for (const lower of goals) {
    if (lower.level === 'district' || hasParent.has(lower.id)) continue;
    for (const upper of goals) {
      if (
        explicitPairs.has(pairKey(lower.id, upper.id)) ||
        explicitPairs.has(pairKey(upper.id, lower.id))
      )
        continue;
      const reason = inferLink(lower, upper, syn);
      if (reason)
        links.push({ from: lower.id, to: upper.id, strength: 1, kind: 'inferred', reason });
    }
  }
}

/**
 * Best path to a district goal: fewest inferred links first, then fewest links (a shortest
 * path search from the district goals down the links; weights 1 explicit, 1000 inferred).
 */
function bestPaths(
  goals: GoalRecord[],
  byId: Map<string, GoalRecord>,
  inLinks: Map<string, LinkDetail[]>,
): Record<string, string[] | null> {
  const INFERRED = 1000;
  const dist = new Map<string, number>();
  const next = new Map<string, string>();
  const done = new Set<string>();
  for (const g of goals) if (g.level === 'district') dist.set(g.id, 0);
  for (;;) {
    let best: string | null = null;
    for (const g of goals) {
      const d = dist.get(g.id);
      if (d === undefined || done.has(g.id)) continue;
      if (best === null || d < dist.get(best)!) best = g.id;
    }
    if (best === null) break;
    done.add(best);
    for (const l of inLinks.get(best) ?? []) {
      const child = byId.get(l.from)!;
      if (child.level === 'district' || done.has(l.from)) continue;
      const d = dist.get(best)! + (l.kind === 'explicit' ? 1 : INFERRED);
      if (d < (dist.get(l.from) ?? Infinity)) {
        dist.set(l.from, d);
        next.set(l.from, best);
      }
    }
  }
  const paths: Record<string, string[] | null> = {};
  for (const g of goals) {
    if (g.level === 'district') paths[g.id] = [g.id];
    else if (!dist.has(g.id)) paths[g.id] = null;
    else {
      const p = [g.id];
      let cur = g.id;
      while (next.has(cur)) {
        cur = next.get(cur)!;
        p.push(cur);
      }
      paths[g.id] = p;
    }
  }

  return paths;
}

/** Every district goal each goal reaches (for resources by priority), in sheet order. */
function reachOf(gb: GraphBuild, outLinks: Map<string, LinkDetail[]>): Record<string, string[]> {
  const { goals, byId, order } = gb;
  const reach: Record<string, string[]> = {};
  for (const g of goals) {
    const seen = new Set<string>([g.id]);
    const found: string[] = [];
    const stack = [g.id];
    while (stack.length) {
      const id = stack.pop()!;
      if (byId.get(id)!.level === 'district') {
        found.push(id);
        continue;
      }
      for (const l of outLinks.get(id) ?? []) {
        if (!seen.has(l.to)) {
          seen.add(l.to);
          stack.push(l.to);
        }
      }
    }
    reach[g.id] = found.sort((a, b) => order.get(a)! - order.get(b)!);
  }

  return reach;
}

/** Why each orphan has no path to a district priority, in words. */
function orphanReasonsOf(
  gb: GraphBuild,
  orphans: string[],
  outLinks: Map<string, LinkDetail[]>,
  inCycle: Set<string>,
): Record<string, string> {
  const { goals, byId } = gb;
  const syn = gb.opt.syn;
  const orphanReasons: Record<string, string> = {};
  for (const id of orphans) {
    const g = byId.get(id)!;
    const ups = outLinks.get(id) ?? [];
    const missing = g.parents.filter((p) => p !== id && !byId.has(p));
    if (inCycle.has(id)) orphanReasons[id] = 'its parent goals go round in a circle';
    else if (ups.length) {
      orphanReasons[id] =
        `its links lead only to goals that are not connected (${ups.map((l) => l.to).join(', ')})`;
    } else if (missing.length) {
      orphanReasons[id] =
        `parent ${missing.map((p) => `'${p}'`).join(', ')} is not in the goals sheet`;
    } else {
      orphanReasons[id] = orphanReason(g, goals, syn);
    }
  }
  return orphanReasons;
}

/**
 * Build the goal graph and every finding.
 * @param goals goal records (sheet order, then adopted suggestions); IDs unique
 * @param opt synonyms, impact rows and where the goals came from
 * @returns links, paths, findings and data-quality issues (cycles, missing parents)
 */
export function analyzeGraph(goals: GoalRecord[], opt: GraphOptions): AlignmentAnalysis {
  const { syn } = opt;
  const gb: GraphBuild = {
    goals,
    opt,
    byId: new Map(goals.map((g) => [g.id, g])),
    links: [],
    explicitPairs: new Set<string>(),
    issues: [],
    order: new Map(goals.map((g, i) => [g.id, i])),
  };
  const { byId, links, issues } = gb;
  explicitLinks(gb);
  const inCycle = explicitCycles(gb);
  inferredLinks(gb);

  const outLinks = new Map<string, LinkDetail[]>();
  const inLinks = new Map<string, LinkDetail[]>();
  for (const l of links) {
    outLinks.set(l.from, [...(outLinks.get(l.from) ?? []), l]);
    inLinks.set(l.to, [...(inLinks.get(l.to) ?? []), l]);
  }
  const paths = bestPaths(goals, byId, inLinks);
  const reach = reachOf(gb, outLinks);

  const below = goals.filter((g) => g.level !== 'district');
  const orphans = below.filter((g) => paths[g.id] === null).map((g) => g.id);
  const orphanReasons = orphanReasonsOf(gb, orphans, outLinks, inCycle);
  const unsupported = goals
    .filter((g) => g.level === 'district')
    .filter((g) => !(inLinks.get(g.id) ?? []).some((l) => byId.get(l.from)!.level !== 'district'))
    .map((g) => g.id);

  const connectedCount = below.length - orphans.length;
  const coherence = below.length ? connectedCount / below.length : null;
  const coherenceReason = below.length ? null : 'no goals below district level';

  return {
    goals,
    links,
    paths,
    reach,
    orphans,
    orphanReasons,
    unsupported,
    duplicates: findDuplicates(goals, outLinks, syn),
    coherence,
    coherenceReason,
    connectedCount,
    belowDistrictCount: below.length,
    resources: goals
      .filter((g) => g.level === 'district')
      .map((d) => priorityResources(d, goals, reach, opt.impact, syn)),
    notConnected: sumResources(goals.filter((g) => orphans.includes(g.id))),
    effects: Object.fromEntries(goals.map((g) => [g.id, goalEffect(g, opt.impact, syn)])),
    issues,
  };
}

/** Why a goal with no parent named was not linked by inference: the nearest miss, in words. */
function orphanReason(g: GoalRecord, goals: GoalRecord[], syn: Synonyms): string {
  const up = LEVEL_ORDER[LEVEL_RANK[g.level] - 1];
  if (!g.focus) return 'no parent goal named, and no focus to match by';
  const where = g.school && up !== 'district' ? ` in '${g.school}'` : '';
  const sameFocus = goals.filter(
    (u) => u.level === up && u.focus && matchPhrase(g.focus!, u.focus, syn) !== null,
  );
  const here = sameFocus.filter(
    (u) =>
      up === 'district' ||
      (!differ(g.school, u.school) && (up !== 'team' || !differ(g.team, u.team))),
  );
  const groupMiss = here.find((u) => !matchGroups(g.group, u.group, syn).ok);
  if (groupMiss) {
    return `no parent goal named; ${up} goal ${groupMiss.id} has the same focus (${matchPhrase(g.focus, groupMiss.focus!, syn)!.text}) but a different student group ('${g.group}' vs '${groupMiss.group}')`;
  }
  const elsewhere = sameFocus.length
    ? ` (only elsewhere: ${sameFocus.map((u) => u.id).join(', ')})`
    : '';
  return `no parent goal named, and no ${up} goal with the same focus ('${g.focus}')${where}${elsewhere}`;
}

/**
 * Duplicated efforts: team goals with the same focus (words or synonyms), compatible student
 * groups, the same school (or no school on either) and no parent goal in common.
 */
function findDuplicates(
  goals: GoalRecord[],
  outLinks: Map<string, LinkDetail[]>,
  syn: Synonyms,
): AlignmentDuplicate[] {
  const teams = goals.filter((g) => g.level === 'team' && g.focus);
  const parent = teams.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const why = new Map<number, string>();
  for (let i = 0; i < teams.length; i++) {
    for (let j = i + 1; j < teams.length; j++) {
      const a = teams[i];
      const b = teams[j];
      const m = matchPhrase(a.focus!, b.focus!, syn);
      if (!m || !matchGroups(a.group, b.group, syn).ok) continue;
      if (differ(a.school, b.school) || (a.school === null) !== (b.school === null)) continue;
      const pa = new Set((outLinks.get(a.id) ?? []).map((l) => l.to));
      if ((outLinks.get(b.id) ?? []).some((l) => pa.has(l.to))) continue;
      const ri = find(i);
      const rj = find(j);
      if (ri !== rj) {
        const root = Math.min(ri, rj);
        parent[Math.max(ri, rj)] = root;
        if (!why.has(root)) {
          why.set(
            root,
            `same focus ${m.text}${a.school ? ` in '${a.school}'` : ''} and no shared parent goal`,
          );
        }
      }
    }
  }
  const clusters = new Map<number, number[]>();
  teams.forEach((_, i) => {
    const r = find(i);
    clusters.set(r, [...(clusters.get(r) ?? []), i]);
  });
  return [...clusters.entries()]
    .filter(([, members]) => members.length > 1)
    .sort((x, y) => x[1][0] - y[1][0])
    .map(([root, members]) => ({
      goals: members.map((i) => teams[i].id),
      focus: teams[members[0]].focus!,
      reason: why.get(root) ?? why.get(find(root)) ?? 'same focus and no shared parent goal',
    }));
}

function sumResources(goals: GoalRecord[]): { goals: number; hours: number; cost: number } {
  let hours = 0;
  let cost = 0;
  for (const g of goals) {
    hours += g.hours ?? 0;
    cost += g.cost ?? 0;
  }
  return { goals: goals.length, hours, cost };
}

function fold(s: string): string {
  return s.trim().toLowerCase();
}

/** Impact rows on the goal's focus, students first. */
function rowsFor(focus: string | null, impact: ImpactRow[], syn: Synonyms): ImpactRow[] {
  if (!focus) return [];
  const rows = impact.filter((r) => matchPhrase(focus, r.measure, syn) !== null);
  return [
    ...rows.filter((r) => r.population === 'students'),
    ...rows.filter((r) => r.population !== 'students'),
  ];
}

function priorityResources(
  d: GoalRecord,
  goals: GoalRecord[],
  reach: Record<string, string[]>,
  impact: ImpactRow[],
  syn: Synonyms,
): PriorityResources {
  const counted = goals.filter(
    (g) => g.id === d.id || (g.level !== 'district' && reach[g.id].includes(d.id)),
  );
  const sums = sumResources(counted);
  let need: number | null = null;
  let needNote = 'no data';
  const rows = rowsFor(d.focus, impact, syn);
  // A priority for all students (even "All students; SWD") is measured overall.
  const specific = !isAllGroup(d.group) && !groupParts(d.group).some(isAllPart);
  const row = rows.find((r) =>
    specific
      ? r.groups.length === 1 &&
        groupParts(d.group).some((p) => matchPhrase(p, r.groups[0].value, syn) !== null)
      : r.groups.length === 0,
  );
  if (!d.focus) needNote = 'no data (the priority has no focus)';
  else if (!row)
    needNote = `no data (no impact figures for '${d.focus}'${specific ? ` × '${d.group}'` : ''})`;
  else {
    const post = row.pctProficientPost;
    const pre = row.pctProficientPre;
    const p = post ?? pre;
    if (p === null) needNote = `no data (no proficiency cut for '${row.measure}')`;
    else {
      need = 1 - p;
      const who = row.groups.length ? ` × ${row.groups[0].value}` : ', overall';
      needNote = `share ${row.population === 'students' ? 'of students' : 'of educators'} not proficient on ${row.measure}${who} (${post !== null ? 'post' : 'pre'}, n = ${row.n})`;
    }
  }
  return { id: d.id, ...sums, need, needNote };
}

function goalEffect(g: GoalRecord, impact: ImpactRow[], syn: Synonyms): GoalEffect {
  const none = (note: string): GoalEffect => ({ dav: null, label: null, n: 0, note });
  if (!g.focus) return none('no data (no focus)');
  const rows = rowsFor(g.focus, impact, syn);
  if (!rows.length) return none(`no data (no impact figures for '${g.focus}')`);
  const unit =
    g.level === 'district' ? null : g.level === 'school' ? (g.school ?? g.team) : (g.team ?? null);
  if (g.level !== 'district' && unit === null)
    return none(`no data (no ${g.level === 'school' ? 'school' : 'team'} given)`);
  const row =
    unit === null
      ? rows.find((r) => r.groups.length === 0)
      : rows.find((r) => r.groups.length === 1 && fold(r.groups[0].value) === fold(unit));
  if (!row)
    return none(`no data (no impact figures for '${g.focus}'${unit ? ` × '${unit}'` : ''})`);
  if (row.dav === null) {
    return {
      dav: null,
      label: null,
      n: row.n,
      note: `no data (${row.undefinedReason ?? 'effect undefined'})`,
    };
  }
  return {
    dav: row.dav,
    label: row.interpretation.label,
    n: row.n,
    note: `dav on ${row.measure}${unit ? ` × ${unit}` : ''} (n = ${row.n})`,
  };
}
