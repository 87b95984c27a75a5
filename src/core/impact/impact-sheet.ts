/**
 * "Impact": an Excel table, one row per measure × group, every figure a live formula over
 * "Impact Data" (SUMPRODUCT comparisons against a cell holding the group value, so no
 * COUNTIFS wildcard or "=<>" criteria surprises). A figure that is undefined shows "" (the
 * Notes column says why); FormulaCell.value is the engine's own number.
 */
import { flat } from '../plans/flat';
import type { MappingConfig } from '../config';
import type { Categorical, Dataset } from '../dataset';
import {
  type ConditionalFormat,
  type FormulaCell,
  isFormulaCell,
  type PlanCell,
  ROW_MARK,
  RowFormula,
  RowPattern,
  type SheetPlan,
} from '../plans/types';
import type { ImpactRow } from '../report';
import { benchmarkOf, type Benchmark } from '../stats/benchmarks';
import { bandFormula, GAIN_BANDS } from '../stats/bands';
import { gainBand } from '../stats/gain-band';
import { NORM_BANDS, NORM_WORDS } from '../stats/norms';
import { NEGLIGIBLE } from '../stats/negligible';
import { columnLetters } from '../types';
import type { ImpactRowSource } from './compute';
import { blockRange, type DataBlock, type DataLayout } from './data-sheet';
import { num, str } from './formula-text';
import { crossedWithTeams, reportedSubgroups, type GroupSpec } from './groups';
import { changeReading, INCLUDES_GROWTH, NO_CLEAR_DIFFERENCE, TOO_FEW } from './reading';

/** Column keys of the Impact table, in order. */
export const IMPACT_COLUMNS = [
  'population',
  'measure',
  'group',
  'team',
  'school',
  'subgroup',
  'subgroupValue',
  'n',
  'unpairedPre',
  'unpairedPost',
  'preMean',
  'postMean',
  'preSd',
  'postSd',
  'meanDiff',
  'sdDiff',
  'r',
  't',
  'df',
  'p',
  'ciLow',
  'ciHigh',
  'dz',
  'dav',
  'drm',
  'gav',
  'effect',
  'othersN',
  'othersMeanDiff',
  'othersSdDiff',
  'relGrowth',
  'relDf',
  'relCiLow',
  'relCiHigh',
  'relEffect',
  'relReading',
  'normExpected',
  'normReading',
  'normalizedGain',
  'gainBand',
  'avgNormalizedGain',
  'gainExcluded',
  'pctProficientPre',
  'pctProficientPost',
  'ppChange',
  'note',
] as const;
export type ImpactColumn = (typeof IMPACT_COLUMNS)[number];

const HEADERS: Record<ImpactColumn, string> = {
  population: 'Population',
  measure: 'Measure',
  group: 'Group',
  team: 'Team',
  school: 'School',
  subgroup: 'Subgroup',
  subgroupValue: 'Subgroup value',
  n: 'n (pairs)',
  unpairedPre: 'Pre only',
  unpairedPost: 'Post only',
  preMean: 'Pre mean',
  postMean: 'Post mean',
  preSd: 'Pre SD',
  postSd: 'Post SD',
  meanDiff: 'Mean change',
  sdDiff: 'SD of change',
  r: 'r (pre, post)',
  t: 't',
  df: 'df',
  p: 'p',
  ciLow: '95% CI low',
  ciHigh: '95% CI high',
  dz: 'dz',
  dav: 'dav',
  drm: 'drm',
  gav: 'gav',
  effect: 'Pre/post change',
  othersN: 'Other teams: n',
  othersMeanDiff: 'Other teams: mean change',
  othersSdDiff: 'Other teams: SD of change',
  relGrowth: 'Relative growth',
  relDf: 'Welch df',
  relCiLow: 'Relative 95% CI low',
  relCiHigh: 'Relative 95% CI high',
  relEffect: 'Relative effect',
  relReading: 'Against other teams',
  normExpected: 'Ordinary growth (Bloom 2008)',
  normReading: 'Against ordinary growth',
  normalizedGain: 'Normalized gain',
  gainBand: 'Gain band (Hake)',
  avgNormalizedGain: 'Avg normalized gain',
  gainExcluded: 'Pairs at max',
  pctProficientPre: '% proficient pre',
  pctProficientPost: '% proficient post',
  ppChange: 'Change in % proficient',
  note: 'Notes',
};

const FORMATS: Partial<Record<ImpactColumn, string>> = {
  // Scores with one decimal; changes, r and effect sizes with two; p never as "0.000".
  preMean: '0.0',
  postMean: '0.0',
  preSd: '0.0',
  postSd: '0.0',
  meanDiff: '0.00',
  sdDiff: '0.00',
  r: '0.00',
  t: '0.00',
  df: '0',
  p: '[<0.001]"<0.001";0.000',
  ciLow: '0.00',
  ciHigh: '0.00',
  dz: '0.00',
  dav: '0.00',
  drm: '0.00',
  gav: '0.00',
  othersMeanDiff: '0.00',
  othersSdDiff: '0.00',
  relGrowth: '0.00',
  relDf: '0.0',
  relCiLow: '0.00',
  relCiHigh: '0.00',
  relEffect: '0.00',
  normExpected: '0.00',
  normalizedGain: '0.00',
  avgNormalizedGain: '0.00',
  pctProficientPre: '0.0%',
  pctProficientPost: '0.0%',
  ppChange: '+0.0%;-0.0%;0.0%',
};

const WIDTHS: Partial<Record<ImpactColumn, number>> = {
  population: 11,
  measure: 16,
  group: 26,
  team: 12,
  school: 22,
  subgroup: 12,
  subgroupValue: 14,
  effect: 22,
  relReading: 24,
  normReading: 20,
  gainBand: 10,
  note: 60,
};

/** Rows of the "How to read this" block above the table; the table header follows a blank row. */
export const IMPACT_HEADER_ROW = 8;

const COL = Object.fromEntries(IMPACT_COLUMNS.map((k, i) => [k, i + 1])) as Record<
  ImpactColumn,
  number
>;

function benchmarkText(b: Benchmark): string {
  switch (b.name) {
    case 'kraft2020':
      return 'Kraft (2020), for education interventions: |dav| below 0.05 small, 0.05 to below 0.20 medium, 0.20 and above large';
    case 'cohen1988':
      return 'Cohen (1988): |dav| below 0.2 negligible, 0.2 small, 0.5 medium, 0.8 and above large';
    case 'hattie':
      return "Hattie's 0.40 hinge point: |dav| 0.40 and above hinge-level, 0.15 to below 0.40 below-hinge, below 0.15 small";
  }
}

/** The "How to read this" lines (at most IMPACT_HEADER_ROW − 1). */
export function howToRead(config: MappingConfig, minN: number): string[] {
  const b = benchmarkOf(config.benchmark);
  return [
    'How to read this',
    'Each row compares pre and post scores of the students (or educators) who have both. Every figure is a live formula over the sheet "Impact Data".',
    `Pre/post change: a gain includes the growth of an ordinary year, so it is not sized by itself. Groups with fewer than ${minN} pairs read "too few to tell" (the Notes column says why a blank figure cannot be computed).`,
    `Against other teams: relative growth = the team's mean change − the mean change of everyone else in the sheet, with Welch's 95% CI (unequal variances); relative effect = relative growth ÷ the average of everyone's pre and post SDs, sized by ${benchmarkText(b)}. "No clear difference" when the CI includes 0.`,
    'Against ordinary growth (one grade, reading or math): dav ÷ the average annual gain for the grade in Bloom, Hill, Black & Lipsey (2008), Tables 1–2, times the share of a year between the windows: 1.25 or more above, 0.75 to below 1.25 about, below 0.75 below ordinary growth.',
    "Effect sizes: dav = mean change ÷ average of the pre and post SDs (Lakens 2013, eq. 10; not pingouin's d_av, which divides by √((pre SD² + post SD²)/2)). dz = mean change ÷ SD of the changes (= t/√n) grows with the pre/post correlation and is never benchmarked; drm (eq. 9) and gav (Hedges' correction) are for reference. p: paired t test; CI: 95% interval of the mean change. Normalized gain = (post mean − pre mean) ÷ (max − pre mean), banded as Hake (1998): below 0.3 low, 0.3 to below 0.7 medium, 0.7 and above high (every band edge is compared after rounding to 9 decimals).",
  ];
}

function groupText(row: ImpactRow): string {
  if (!row.groups.length) return 'All';
  return row.groups.map((g) => `${g.column} = ${g.value}`).join(' × ');
}

/** Engine value of a cell: the number, or "" where the figure is undefined (the formula's ""). */
function v(x: number | null): number | string {
  return x === null ? '' : x;
}

/** Everything one row's formulas need. */
interface RowContext {
  /** The row's number (ROW_MARK when its formulas are made once as patterns). */
  R: number | string;
  row: ImpactRow;
  block: DataBlock;
  P: string;
  Q: string;
  /** The group condition factors, e.g. ('Impact Data'!$E$2:$E$67=$D9). */
  cond: string[];
  max: number | null;
  cut: number | null;
  minN: number;
  /** A team row: the row of everyone in the sheet on the same measure (its comparison). */
  R0: number | null;
}

/** Column letters of each Impact column, computed once (a sheet has 100,000s of references). */
const LETTERS = Object.fromEntries(
  IMPACT_COLUMNS.map((k, i) => [k, columnLetters(i + 1)]),
) as Record<ImpactColumn, string>;

function ref(ctx: RowContext, col: ImpactColumn): string {
  return LETTERS[col] + ctx.R;
}

function formulas(ctx: RowContext): Partial<Record<ImpactColumn, FormulaCell | null>> {
  const { row, P, Q } = ctx;
  const E = num(NEGLIGIBLE);
  const c = (k: ImpactColumn) => ref(ctx, k);
  const mask = [...ctx.cond, `ISNUMBER(${P})*ISNUMBER(${Q})`].join('*');
  const n = c('n');
  const f = (formula: string, value: number | string | null): FormulaCell => ({
    formula: flat(`=${formula}`),
    value: value ?? '',
  });
  const ifN0 = (body: string) => `IF(${n}=0,"",${body})`;
  const ifN1 = (body: string) => `IF(${n}<2,"",${body})`;
  const sd = (expr: string, mean: string) =>
    ifN1(`SQRT(SUMPRODUCT(${mask},(${expr}-${mean})^2)/(${n}-1))`);
  const rawR = `SUMPRODUCT(${mask},(${P}-${c('preMean')})*(${Q}-${c('postMean')}))/((${n}-1)*${c('preSd')}*${c('postSd')})`;
  const out: Partial<Record<ImpactColumn, FormulaCell | null>> = {
    n: f(`SUMPRODUCT(${mask})`, row.n),
    unpairedPre: f(
      `SUMPRODUCT(${[...ctx.cond, `ISNUMBER(${P})*(1-ISNUMBER(${Q}))`].join('*')})`,
      row.unpairedPre,
    ),
    unpairedPost: f(
      `SUMPRODUCT(${[...ctx.cond, `(1-ISNUMBER(${P}))*ISNUMBER(${Q})`].join('*')})`,
      row.unpairedPost,
    ),
    preMean: f(ifN0(`SUMPRODUCT(${mask},${P})/${n}`), v(row.preMean)),
    postMean: f(ifN0(`SUMPRODUCT(${mask},${Q})/${n}`), v(row.postMean)),
    meanDiff: f(ifN0(`SUMPRODUCT(${mask},${Q}-${P})/${n}`), v(row.meanDiff)),
    preSd: f(sd(P, c('preMean')), v(row.preSd)),
    postSd: f(sd(Q, c('postMean')), v(row.postSd)),
    sdDiff: f(sd(`${Q}-${P}`, c('meanDiff')), v(row.sdDiff)),
    r: f(
      ifN1(
        `IF(OR(${c('preSd')}<=${E}*ABS(${c('preMean')}),${c('postSd')}<=${E}*ABS(${c('postMean')})),"",` +
          `IF(ABS(${rawR})>1-${E},SIGN(${rawR}),${rawR}))`,
      ),
      v(row.r),
    ),
    t: f(
      ifN1(
        `IF(${c('sdDiff')}<=${E}*ABS(${c('meanDiff')}),"",${c('meanDiff')}/(${c('sdDiff')}/SQRT(${n})))`,
      ),
      v(row.t),
    ),
    df: f(ifN1(`${n}-1`), v(row.df)),
    p: f(`IF(${c('t')}="","",T.DIST.2T(ABS(${c('t')}),${c('df')}))`, v(row.p)),
    ciLow: f(
      `IF(${c('t')}="","",${c('meanDiff')}-T.INV.2T(0.05,${c('df')})*${c('sdDiff')}/SQRT(${n}))`,
      v(row.ciLow),
    ),
    ciHigh: f(
      `IF(${c('t')}="","",${c('meanDiff')}+T.INV.2T(0.05,${c('df')})*${c('sdDiff')}/SQRT(${n}))`,
      v(row.ciHigh),
    ),
    dz: f(`IF(${c('t')}="","",${c('meanDiff')}/${c('sdDiff')})`, v(row.dz)),
    dav: f(
      ifN1(
        `IF((${c('preSd')}+${c('postSd')})/2<=${E}*MAX(ABS(${c('preMean')}),ABS(${c('postMean')})),"",` +
          `${c('meanDiff')}/((${c('preSd')}+${c('postSd')})/2))`,
      ),
      v(row.dav),
    ),
    drm: f(
      `IF(OR(${c('r')}="",${c('t')}=""),"",${c('meanDiff')}/${c('sdDiff')}*SQRT(2*(1-${c('r')})))`,
      v(row.drm),
    ),
    gav: f(`IF(${c('dav')}="","",${c('dav')}*(1-3/(8*${n}-9)))`, v(row.gav)),
    effect: f(changeFormula(c('dav'), n, ctx.minN), changeReading(row, ctx.minN)),
  };
  if (ctx.max !== null) {
    const M = num(ctx.max);
    out.normalizedGain = f(
      ifN0(
        `IF(${M}-${c('preMean')}<=${E}*ABS(${M}),"",(${c('postMean')}-${c('preMean')})/(${M}-${c('preMean')}))`,
      ),
      v(row.normalizedGain),
    );
    out.gainBand = f(
      `IF(${c('normalizedGain')}="","",${bandFormula(c('normalizedGain'), GAIN_BANDS, (l) => str(l))})`,
      row.normalizedGain === null ? '' : gainBand(row.normalizedGain),
    );
    out.gainExcluded = f(`SUMPRODUCT(${mask}*(${P}>=${M}))`, row.gainExcluded);
    // The denominator is max − x where x < max and 1 elsewhere (those pairs are masked out),
    // so no #DIV/0! arises inside SUMPRODUCT.
    out.avgNormalizedGain = f(
      `IF(${n}-${c('gainExcluded')}=0,"",SUMPRODUCT(${mask}*(${P}<${M}),(${Q}-${P})/((${M}-${P})+(${P}>=${M})*(1+${P}-${M})))/(${n}-${c('gainExcluded')}))`,
      v(row.avgNormalizedGain),
    );
  }
  if (ctx.cut !== null) {
    const C = num(ctx.cut);
    out.pctProficientPre = f(
      ifN0(`SUMPRODUCT(${mask}*(${P}>=${C}))/${n}`),
      v(row.pctProficientPre),
    );
    out.pctProficientPost = f(
      ifN0(`SUMPRODUCT(${mask}*(${Q}>=${C}))/${n}`),
      v(row.pctProficientPost),
    );
    out.ppChange = f(ifN0(`${c('pctProficientPost')}-${c('pctProficientPre')}`), v(row.ppChange));
  }
  return out;
}

/**
 * The formula of the Effect column: the benchmark's band of |dav| and "gain" or "decline",
 * the same text as interpretEffect (without the leading "=").
 */
export function interpretEffectFormula(dav: string, b: Benchmark): string {
  const words = bandFormula(`ABS(${dav})`, b.bands, (_, i) => str(b.bands[i].words));
  return `IF(${dav}="","",IF(${dav}=0,"no change",${words}&IF(${dav}<0," decline"," gain")))`;
}

function noteText(row: ImpactRow): string | null {
  const parts = [row.undefinedReason, row.note ?? null].filter((s): s is string => !!s);
  return parts.length ? parts.join('; ') : null;
}

/** Plain engine values for a row whose dataset has no usable record (nothing to refer to). */
function plainValue(row: ImpactRow, key: ImpactColumn, minN: number): PlanCell {
  if (key === 'effect') return changeReading(row, minN);
  if (key === 'gainBand') return row.normalizedGain === null ? null : gainBand(row.normalizedGain);
  if (key === 'normExpected') return row.norm?.expected ?? null;
  if (key === 'normReading') return row.norm?.reading ?? null;
  if (key in RELATIVE_KEYS) {
    const r = row.relative as unknown as Record<string, number | string | null> | null;
    return r ? (r[RELATIVE_KEYS[key as keyof typeof RELATIVE_KEYS]] ?? null) : null;
  }
  const x = (row as unknown as Record<string, unknown>)[key];
  return typeof x === 'number' ? x : null;
}

/** The field of RelativeGrowth each relative column shows. */
const RELATIVE_KEYS = {
  othersN: 'othersN',
  othersMeanDiff: 'othersMeanDiff',
  othersSdDiff: 'othersSdDiff',
  relGrowth: 'difference',
  relDf: 'df',
  relCiLow: 'ciLow',
  relCiHigh: 'ciHigh',
  relEffect: 'effect',
  relReading: 'reading',
} as const;

/**
 * The pre/post change column: a direction and the reminder that it includes ordinary growth;
 * "too few to tell" under the minimum n. The same words as changeReading.
 */
export function changeFormula(dav: string, n: string, minN: number): string {
  return (
    `IF(${dav}="","",IF(${n}<${minN},${str(TOO_FEW)},IF(${dav}=0,"no change",` +
    `IF(${dav}<0,"decline",${str(`gain${INCLUDES_GROWTH}`)}))))`
  );
}

/**
 * A team row's relative growth as live formulas: the other teams are everyone in the sheet
 * (row R0) but this team; Welch's CI takes t(0.975, df) for a df that is not a whole number from
 * BETA.INV (T.INV truncates df): t² = df·(1 − x)/x with x = BETA.INV(0.05, df/2, 1/2).
 */
function relativeFormulas(
  ctx: RowContext,
  b: Benchmark,
): Partial<Record<ImpactColumn, FormulaCell | null>> {
  if (ctx.R0 === null || ctx.cond.length !== 1) return {};
  const rel = ctx.row.relative ?? null;
  const c = (k: ImpactColumn) => ref(ctx, k);
  const all = (k: ImpactColumn) => LETTERS[k] + ctx.R0;
  const f = (formula: string, value: number | string | null | undefined): FormulaCell => ({
    formula: flat(`=${formula}`),
    value: value ?? '',
  });
  const n = c('n');
  const oN = c('othersN');
  const oMask = `(1-${ctx.cond[0]})*ISNUMBER(${ctx.P})*ISNUMBER(${ctx.Q})`;
  const vx = `(${c('sdDiff')}^2/${n})`;
  const vy = `(${c('othersSdDiff')}^2/${oN})`;
  const df = c('relDf');
  const x = `_BETA_`;
  const q = `SQRT(${df}*(1-${x})/${x})`.replace(/_BETA_/g, `BETA.INV(0.05,${df}/2,0.5)`);
  const se = `SQRT(${vx}+${vy})`;
  const g = c('relGrowth');
  const e = c('relEffect');
  const words = bandFormula(`ABS(${e})`, b.bands, (_, i) => str(b.bands[i].words));
  return {
    othersN: f(`${all('n')}-${n}`, rel?.othersN),
    othersMeanDiff: f(
      `IF(OR(${n}=0,${all('n')}<2,${oN}<1),"",(${all('n')}*${all('meanDiff')}-${n}*${c('meanDiff')})/${oN})`,
      rel?.othersMeanDiff,
    ),
    othersSdDiff: f(
      `IF(OR(${c('othersMeanDiff')}="",${oN}<2),"",SQRT(SUMPRODUCT(${oMask},(${ctx.Q}-${ctx.P}-${c('othersMeanDiff')})^2)/(${oN}-1)))`,
      rel?.othersSdDiff,
    ),
    relGrowth: f(
      `IF(OR(${c('othersSdDiff')}="",${n}<2),"",IF(${vx}+${vy}<=0,"",${c('meanDiff')}-${c('othersMeanDiff')}))`,
      rel?.difference,
    ),
    relDf: f(`IF(${g}="","",(${vx}+${vy})^2/(${vx}^2/(${n}-1)+${vy}^2/(${oN}-1)))`, rel?.df),
    relCiLow: f(`IF(${g}="","",${g}-${q}*${se})`, rel?.ciLow),
    relCiHigh: f(`IF(${g}="","",${g}+${q}*${se})`, rel?.ciHigh),
    relEffect: f(
      `IF(OR(${g}="",${all('preSd')}="",${all('postSd')}=""),"",IF((${all('preSd')}+${all('postSd')})/2<=0,"",${g}/((${all('preSd')}+${all('postSd')})/2)))`,
      rel?.effect,
    ),
    relReading: f(
      `IF(${g}="","",IF(OR(${n}<${ctx.minN},${oN}<${ctx.minN}),${str(TOO_FEW)},IF(${e}="","",` +
        `IF(AND(${c('relCiLow')}<=0,${c('relCiHigh')}>=0),${str(NO_CLEAR_DIFFERENCE)},` +
        `IF(${e}>0,"above","below")&" other teams ("&${words}&")"))))`,
      rel?.reading,
    ),
  };
}

/** Ordinary growth for the row's grade and subject (a published figure) and the reading of dav against it. */
function normFormulas(ctx: RowContext): Partial<Record<ImpactColumn, PlanCell>> {
  const norm = ctx.row.norm ?? null;
  if (!norm) return {};
  const c = (k: ImpactColumn) => ref(ctx, k);
  const words = bandFormula(`${c('dav')}/${c('normExpected')}`, NORM_BANDS, (l) =>
    str(NORM_WORDS[l]),
  );
  return {
    normExpected: norm.expected,
    normReading: {
      formula: flat(
        `=IF(OR(${c('dav')}="",${c('normExpected')}=""),"",IF(${c('n')}<${ctx.minN},${str(TOO_FEW)},${words}))`,
      ),
      value: norm.reading ?? '',
    },
  };
}

/** What every row's formulas share: the data layout, the benchmark and the overall rows so far. */
interface SheetContext {
  datasets: Dataset[];
  layout: DataLayout;
  b: Benchmark;
  minN: number;
  /** Row of each dataset × measure's overall row ("dataset|measure"). */
  overallRow: Map<string, number>;
  /** The formulas' patterns of each shape of row (shapeKey). */
  patterns: Map<string, Partial<Record<ImpactColumn, RowPattern | null>>>;
}

/**
 * The label cells of a row's group: its team, its school (a school row, or school × subgroup),
 * its subgroup column and value (a subgroup, or crossed with a team or a school).
 */
function rowLabels(
  spec: GroupSpec,
  ds: Dataset,
): {
  teamValue: string | null;
  schoolValue: string | null;
  sub: Categorical | null;
  subValue: string | null;
} {
  const subs = reportedSubgroups(ds);
  const none = { teamValue: null, schoolValue: null, sub: null, subValue: null };
  switch (spec.kind) {
    case 'all':
      return none;
    case 'team':
      return { ...none, teamValue: ds.team!.labels[spec.team] };
    case 'subgroup':
      if (spec.sub === 0 && !crossedWithTeams(ds, 0)) {
        return { ...none, schoolValue: subs[0].labels[spec.value] };
      }
      return { ...none, sub: subs[spec.sub], subValue: subs[spec.sub].labels[spec.value] };
    case 'cross':
      return {
        ...none,
        teamValue: ds.team!.labels[spec.team],
        sub: subs[spec.sub],
        subValue: subs[spec.sub].labels[spec.value],
      };
    case 'schoolCross':
      return {
        ...none,
        schoolValue: subs[0].labels[spec.school],
        sub: subs[spec.sub],
        subValue: subs[spec.sub].labels[spec.value],
      };
  }
}

/** The sheet row of one impact row (its Excel row is R): labels, then formulas or values. */
function impactLine(src: ImpactRowSource, R: number, sc: SheetContext): PlanCell[] {
  const { row } = src;
  const ds = sc.datasets[src.dataset];
  const labels = rowLabels(src.spec, ds);
  const line: PlanCell[] = new Array<PlanCell>(IMPACT_COLUMNS.length).fill(null);
  line[COL.population - 1] = row.population;
  line[COL.measure - 1] = row.measure;
  line[COL.group - 1] = groupText(row);
  line[COL.team - 1] = labels.teamValue;
  line[COL.school - 1] = labels.schoolValue;
  line[COL.subgroup - 1] = labels.sub ? labels.sub.column : null;
  line[COL.subgroupValue - 1] = labels.subValue;
  line[COL.note - 1] = noteText(row);
  if (!sc.layout.blocks[src.dataset]) {
    for (const k of IMPACT_COLUMNS.slice(COL.n - 1, COL.note - 1)) {
      line[COL[k] - 1] = plainValue(row, k, sc.minN);
    }
    return line;
  }
  const patterns = shapePatterns(src, labels, sc);
  const digits = String(R).length;
  for (const [k, cell] of Object.entries(rowFormulas(rowContext(src, R, labels, sc), sc))) {
    if (cell)
      line[COL[k as ImpactColumn] - 1] = patterned(cell, patterns[k as ImpactColumn], R, digits);
  }
  if (ds.measures[src.measure].max === null) line[COL.gainExcluded - 1] = row.gainExcluded;
  return line;
}

type RowLabels = ReturnType<typeof rowLabels>;

/** Everything a row's formulas are made from, at row R (a number, or ROW_MARK). */
function rowContext(
  src: ImpactRowSource,
  R: number | string,
  { teamValue, schoolValue, sub }: RowLabels,
  sc: SheetContext,
): RowContext {
  const { layout } = sc;
  const block = layout.blocks[src.dataset]!;
  const m = sc.datasets[src.dataset].measures[src.measure];
  const cond: string[] = [];
  if (teamValue !== null) {
    cond.push(`(${blockRange(layout, block, layout.teamColumn)}=$${columnLetters(COL.team)}${R})`);
  }
  if (schoolValue !== null) {
    // The school is reported subgroup 0, so Impact Data's first subgroup column.
    const column = block.subgroupColumns[0];
    cond.push(`(${blockRange(layout, block, column)}=$${columnLetters(COL.school)}${R})`);
  }
  if (sub) {
    const column = block.subgroupColumns[(src.spec as { sub: number }).sub];
    cond.push(`(${blockRange(layout, block, column)}=$${columnLetters(COL.subgroupValue)}${R})`);
  }
  return {
    R,
    row: src.row,
    block,
    P: blockRange(layout, block, block.measureColumns[src.measure].pre),
    Q: blockRange(layout, block, block.measureColumns[src.measure].post),
    cond,
    max: m.max,
    cut: m.proficient,
    minN: sc.minN,
    R0: comparisonRow(src, sc),
  };
}

/** A team row's comparison: the row of everyone in the sheet on its measure; else null. */
function comparisonRow(src: ImpactRowSource, sc: SheetContext): number | null {
  if (src.spec.kind !== 'team') return null;
  return sc.overallRow.get(`${src.dataset}|${src.measure}`) ?? null;
}

/** Every formula (and the ordinary-growth figure) of a row. */
function rowFormulas(ctx: RowContext, sc: SheetContext): Partial<Record<ImpactColumn, PlanCell>> {
  return { ...formulas(ctx), ...relativeFormulas(ctx, sc.b), ...normFormulas(ctx) };
}

/**
 * What a row's formula texts depend on besides its own number: its dataset and measure (ranges,
 * maximum, cut score), which label cells its group compares (and the subgroup's column), its
 * comparison row, and whether it has an ordinary-growth reading. The sheet's benchmark and
 * minimum n are the same for every row.
 */
function shapeKey(src: ImpactRowSource, labels: RowLabels, sc: SheetContext): string {
  const sub = labels.sub ? (src.spec as { sub: number }).sub : -1;
  const R0 = comparisonRow(src, sc) ?? -1;
  const team = labels.teamValue !== null ? 1 : 0;
  const school = labels.schoolValue !== null ? 1 : 0;
  return `${src.dataset}|${src.measure}|${team}${school}|${sub}|${R0}|${src.row.norm ? 1 : 0}`;
}

/**
 * The RowPatterns of a row's formulas, made once for each shape of row (shapeKey) from its
 * formulas at ROW_MARK: the file writer then copies a pattern's escaped pieces around the row's
 * number instead of escaping each formula's text (6,000 rows hold 40 MB of formulas).
 */
function shapePatterns(src: ImpactRowSource, labels: RowLabels, sc: SheetContext) {
  const key = shapeKey(src, labels, sc);
  let patterns = sc.patterns.get(key);
  if (!patterns) {
    patterns = {};
    for (const [k, cell] of Object.entries(rowFormulas(rowContext(src, ROW_MARK, labels, sc), sc)))
      if (cell && isFormulaCell(cell))
        patterns[k as ImpactColumn] = RowPattern.marked(cell.formula);
    sc.patterns.set(key, patterns);
  }
  return patterns;
}

/**
 * A formula cell as a RowFormula of its pattern at row R (of `digits` digits), with its own
 * text. A text not of the length the pattern gives there (a difference shapeKey would have
 * missed) stays a plain formula.
 */
function patterned(
  cell: PlanCell,
  pattern: RowPattern | null | undefined,
  R: number,
  digits: number,
): PlanCell {
  if (!pattern || !isFormulaCell(cell)) return cell;
  if (cell.formula.length !== pattern.lengthAt(digits)) return cell;
  return new RowFormula(pattern, R, cell.value, cell.formula);
}

/** Number formats and conditional formats of `count` rows below the header. */
function impactFormats(count: number): Pick<SheetPlan, 'numberFormats' | 'conditionalFormats'> {
  const first = IMPACT_HEADER_ROW + 1;
  if (!count) return { numberFormats: [], conditionalFormats: [] };
  const numberFormats = Object.entries(FORMATS).map(([k, format]) => ({
    rect: { row: first, column: COL[k as ImpactColumn], rowCount: count, columnCount: 1 },
    format,
  }));
  const conditionalFormats: ConditionalFormat[] = [
    {
      type: 'colorScale',
      rect: { row: first, column: COL.dav, rowCount: count, columnCount: 1 },
      min: '#F8696B',
      mid: { value: 0, color: '#FFFFFF' },
      max: '#63BE7B',
    },
    {
      type: 'dataBar',
      rect: { row: first, column: COL.n, rowCount: count, columnCount: 1 },
      color: '#9BC2E6',
    },
  ];
  return { numberFormats, conditionalFormats };
}

/** The how-to-read lines, blank rows up to the header, and the header row. */
function headRows(config: MappingConfig, minN: number, b: Benchmark): PlanCell[][] {
  const width = IMPACT_COLUMNS.length;
  const pad = (cells: PlanCell[]) => [
    ...cells,
    ...new Array<PlanCell>(width - cells.length).fill(null),
  ];
  const cells: PlanCell[][] = howToRead(config, minN).map((line) => pad([line]));
  while (cells.length < IMPACT_HEADER_ROW - 1) cells.push(pad([]));
  cells.push(
    IMPACT_COLUMNS.map((k) =>
      k === 'relReading' ? `Against other teams (${b.title})` : HEADERS[k],
    ),
  );
  return cells;
}

/**
 * Build the "Impact" plan.
 *
 * @param datasets intake's datasets
 * @param sources the rows with their dataset, measure and group
 * @param layout where "Impact Data" put every record
 * @param config the mapping (benchmark, minN)
 * @param minN the small-group threshold
 * @param sheet the sheet's final name
 * @returns the plan, and the Excel row of each source (for other sheets' references)
 */
export function buildImpactSheet(
  datasets: Dataset[],
  sources: ImpactRowSource[],
  layout: DataLayout,
  config: MappingConfig,
  minN: number,
  sheet: string,
): { plan: SheetPlan; rowOf: Map<ImpactRowSource, number>; column: Record<ImpactColumn, number> } {
  const b = benchmarkOf(config.benchmark);
  const width = IMPACT_COLUMNS.length;
  const introLines = howToRead(config, minN).length;
  const cells = headRows(config, minN, b);
  const sc: SheetContext = {
    datasets,
    layout,
    b,
    minN,
    overallRow: new Map(),
    patterns: new Map(),
  };
  const rowOf = new Map<ImpactRowSource, number>();
  for (const src of sources) {
    const R = cells.length + 1;
    rowOf.set(src, R);
    if (src.spec.kind === 'all') sc.overallRow.set(`${src.dataset}|${src.measure}`, R);
    cells.push(impactLine(src, R, sc));
  }
  const count = sources.length;
  const plan: SheetPlan = {
    key: 'impact',
    name: sheet,
    cells,
    numberFormats: impactFormats(count).numberFormats,
    columnWidths: IMPACT_COLUMNS.map((k) => WIDTHS[k] ?? (FORMATS[k] || k === 'n' ? 10 : 11)),
    tables: [
      {
        name: 'ThroughlineImpact',
        rect: { row: IMPACT_HEADER_ROW, column: 1, rowCount: count + 1, columnCount: width },
        style: 'TableStyleMedium2',
      },
    ],
    conditionalFormats: impactFormats(count).conditionalFormats,
    freeze: { rows: IMPACT_HEADER_ROW, columns: COL.group },
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      {
        rect: { row: 2, column: 1, rowCount: introLines - 1, columnCount: 1 },
        italic: true,
        fontColor: '#404040',
      },
      {
        rect: { row: IMPACT_HEADER_ROW, column: 1, rowCount: 1, columnCount: width },
        bold: true,
        wrap: true,
      },
    ],
  };
  return { plan, rowOf, column: COL };
}
