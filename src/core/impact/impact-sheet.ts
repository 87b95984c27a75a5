/**
 * "Impact": an Excel table, one row per measure × group, every figure a live formula over
 * "Impact Data" (SUMPRODUCT comparisons against a cell holding the group value, so no
 * COUNTIFS wildcard or "=<>" criteria surprises). A figure that is undefined shows "" (the
 * Notes column says why); FormulaCell.value is the engine's own number.
 */
import { flat } from '../plans/flat';
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { ConditionalFormat, FormulaCell, PlanCell, SheetPlan } from '../plans/types';
import type { ImpactRow } from '../report';
import { benchmarkOf, type Benchmark } from '../stats/benchmarks';
import { gainBand } from '../stats/gain-band';
import { interpretEffect } from '../stats/interpret-effect';
import { NEGLIGIBLE } from '../stats/negligible';
import { columnLetters } from '../types';
import type { ImpactRowSource } from './compute';
import { blockRange, type DataBlock, type DataLayout } from './data-sheet';
import { num, str } from './formula-text';
import { reportedSubgroups } from './groups';

/** Column keys of the Impact table, in order. */
export const IMPACT_COLUMNS = [
  'population',
  'measure',
  'group',
  'team',
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
  effect: 'Effect',
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
  subgroup: 12,
  subgroupValue: 14,
  effect: 18,
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

/** The "How to read this" lines. */
export function howToRead(config: MappingConfig, minN: number): string[] {
  const b = benchmarkOf(config.benchmark);
  return [
    'How to read this',
    'Each row compares pre and post scores of the students (or educators) who have both. Every figure is a live formula over the sheet "Impact Data".',
    `Effect sizes: dav = mean change ÷ average of the pre and post SDs (Lakens 2013, eq. 10; not pingouin's d_av, which divides by √((pre SD² + post SD²)/2)). The Effect column applies ${benchmarkText(b)}; "decline" marks a negative change.`,
    "dz = mean change ÷ SD of the changes (= t/√n): it grows with the pre/post correlation, so it is never compared with the benchmark. drm (Lakens eq. 9) and gav (dav with Hedges' small-sample correction) are given for reference.",
    'p is two-sided (paired t test, df = n − 1); the CI is the 95% interval of the mean change. Normalized gain = (post mean − pre mean) ÷ (max − pre mean), banded as Hake (1998): below 0.3 low, 0.3 to below 0.7 medium, 0.7 and above high.',
    `A blank figure cannot be computed (the Notes column says why). Groups with fewer than ${minN} pairs are flagged in Notes: read them with care.`,
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
  R: number;
  row: ImpactRow;
  block: DataBlock;
  P: string;
  Q: string;
  /** The group condition factors, e.g. ('Impact Data'!$E$2:$E$67=$D9). */
  cond: string[];
  max: number | null;
  cut: number | null;
}

/** Column letters of each Impact column, computed once (a sheet has 100,000s of references). */
const LETTERS = Object.fromEntries(
  IMPACT_COLUMNS.map((k, i) => [k, columnLetters(i + 1)]),
) as Record<ImpactColumn, string>;

function ref(ctx: RowContext, col: ImpactColumn): string {
  return LETTERS[col] + ctx.R;
}

function formulas(
  ctx: RowContext,
  b: Benchmark,
): Partial<Record<ImpactColumn, FormulaCell | null>> {
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
  const label = interpretEffectFormula(c('dav'), b);
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
    effect: f(label, row.dav === null ? '' : interpretEffect(row.dav, b.name).text),
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
      `IF(${c('normalizedGain')}="","",IF(${c('normalizedGain')}>=0.7,"high",IF(${c('normalizedGain')}>=0.3,"medium","low")))`,
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
  let words = str(b.bands[b.bands.length - 1].words);
  for (let i = b.bands.length - 2; i >= 0; i--) {
    words = `IF(ABS(${dav})>=${num(b.bands[i].min)},${str(b.bands[i].words)},${words})`;
  }
  return `IF(${dav}="","",IF(${dav}=0,"no change",${words}&IF(${dav}<0," decline"," gain")))`;
}

function noteText(row: ImpactRow): string | null {
  const parts = [row.undefinedReason, row.note ?? null].filter((s): s is string => !!s);
  return parts.length ? parts.join('; ') : null;
}

/** Plain engine values for a row whose dataset has no usable record (nothing to refer to). */
function plainValue(row: ImpactRow, key: ImpactColumn, b: Benchmark): PlanCell {
  if (key === 'effect') return row.dav === null ? null : interpretEffect(row.dav, b.name).text;
  if (key === 'gainBand') return row.normalizedGain === null ? null : gainBand(row.normalizedGain);
  const x = (row as unknown as Record<string, unknown>)[key];
  return typeof x === 'number' ? x : null;
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
  const pad = (cells: PlanCell[]) => [
    ...cells,
    ...new Array<PlanCell>(width - cells.length).fill(null),
  ];
  const intro = howToRead(config, minN);
  const cells: PlanCell[][] = intro.map((line) => pad([line]));
  while (cells.length < IMPACT_HEADER_ROW - 1) cells.push(pad([]));
  cells.push(IMPACT_COLUMNS.map((k) => (k === 'effect' ? `Effect (${b.title})` : HEADERS[k])));
  const rowOf = new Map<ImpactRowSource, number>();
  for (const src of sources) {
    const R = cells.length + 1;
    rowOf.set(src, R);
    const { row } = src;
    const ds = datasets[src.dataset];
    const m = ds.measures[src.measure];
    const block = layout.blocks[src.dataset];
    const subs = reportedSubgroups(ds);
    const spec = src.spec;
    const teamValue =
      spec.kind === 'team' || spec.kind === 'cross' ? ds.team!.labels[spec.team] : null;
    const sub = spec.kind === 'subgroup' || spec.kind === 'cross' ? subs[spec.sub] : null;
    const subValue =
      sub && (spec.kind === 'subgroup' || spec.kind === 'cross') ? sub.labels[spec.value] : null;
    const line: PlanCell[] = new Array<PlanCell>(width).fill(null);
    line[COL.population - 1] = row.population;
    line[COL.measure - 1] = row.measure;
    line[COL.group - 1] = groupText(row);
    line[COL.team - 1] = teamValue;
    line[COL.subgroup - 1] = sub ? sub.column : null;
    line[COL.subgroupValue - 1] = subValue;
    line[COL.note - 1] = noteText(row);
    if (block) {
      const cond: string[] = [];
      if (teamValue !== null) {
        cond.push(
          `(${blockRange(layout, block, layout.teamColumn)}=$${columnLetters(COL.team)}${R})`,
        );
      }
      if (sub && spec.kind !== 'all' && spec.kind !== 'team') {
        const column = block.subgroupColumns[spec.sub];
        cond.push(
          `(${blockRange(layout, block, column)}=$${columnLetters(COL.subgroupValue)}${R})`,
        );
      }
      const ctx: RowContext = {
        R,
        row,
        block,
        P: blockRange(layout, block, block.measureColumns[src.measure].pre),
        Q: blockRange(layout, block, block.measureColumns[src.measure].post),
        cond,
        max: m.max,
        cut: m.proficient,
      };
      const fs = formulas(ctx, b);
      for (const [k, cell] of Object.entries(fs)) {
        if (cell) line[COL[k as ImpactColumn] - 1] = cell;
      }
      if (m.max === null) line[COL.gainExcluded - 1] = row.gainExcluded;
    } else {
      for (const k of IMPACT_COLUMNS.slice(COL.n - 1, COL.note - 1)) {
        line[COL[k] - 1] = plainValue(row, k, b);
      }
    }
    cells.push(line);
  }
  const first = IMPACT_HEADER_ROW + 1;
  const count = sources.length;
  const numberFormats = count
    ? Object.entries(FORMATS).map(([k, format]) => ({
        rect: { row: first, column: COL[k as ImpactColumn], rowCount: count, columnCount: 1 },
        format,
      }))
    : [];
  const conditionalFormats: ConditionalFormat[] = count
    ? [
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
      ]
    : [];
  const plan: SheetPlan = {
    key: 'impact',
    name: sheet,
    cells,
    numberFormats,
    columnWidths: IMPACT_COLUMNS.map((k) => WIDTHS[k] ?? (FORMATS[k] || k === 'n' ? 10 : 11)),
    tables: [
      {
        name: 'ThroughlineImpact',
        rect: { row: IMPACT_HEADER_ROW, column: 1, rowCount: count + 1, columnCount: width },
        style: 'TableStyleMedium2',
      },
    ],
    conditionalFormats,
    freeze: { rows: IMPACT_HEADER_ROW, columns: COL.group },
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      {
        rect: { row: 2, column: 1, rowCount: intro.length - 1, columnCount: 1 },
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
