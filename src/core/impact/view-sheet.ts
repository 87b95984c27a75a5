/**
 * "Impact Summary": the compact view of "Impact", one row per group with the dozen columns a
 * reader needs (n, pre and post means, change with its 95% CI, p, dav and its label, share
 * proficient before and after). Every figure is a formula on the Impact row it comes from, so
 * the view follows the full figures, which stay on "Impact".
 */
import type { PlanCell, SheetPlan } from '../plans/types';
import { columnLetters, quoteSheetName } from '../types';
import type { ImpactRowSource } from './compute';
import type { ImpactColumn } from './impact-sheet';

interface ViewColumn {
  header: string;
  /** The Impact column shown (labels are copied as text, figures are formulas on it). */
  from: ImpactColumn;
  format?: string;
  width: number;
}

const COLUMNS: ViewColumn[] = [
  { header: 'Population', from: 'population', width: 11 },
  { header: 'Measure', from: 'measure', width: 16 },
  { header: 'Group', from: 'group', width: 30 },
  { header: 'n (pairs)', from: 'n', format: '0', width: 10 },
  { header: 'Pre mean', from: 'preMean', format: '0.0', width: 10 },
  { header: 'Post mean', from: 'postMean', format: '0.0', width: 10 },
  { header: 'Change', from: 'meanDiff', format: '+0.00;-0.00;0.00', width: 10 },
  { header: '95% CI low', from: 'ciLow', format: '0.00', width: 11 },
  { header: '95% CI high', from: 'ciHigh', format: '0.00', width: 12 },
  { header: 'p', from: 'p', format: '[<0.001]"<0.001";0.000', width: 8 },
  { header: 'dav', from: 'dav', format: '0.00', width: 8 },
  { header: 'Effect', from: 'effect', width: 18 },
  { header: 'Proficient before', from: 'pctProficientPre', format: '0%', width: 17 },
  { header: 'Proficient after', from: 'pctProficientPost', format: '0%', width: 16 },
];

const HEADER_ROW = 3;
const EFFECT = COLUMNS.findIndex((c) => c.from === 'effect') + 1;
const LABELS = new Set<ImpactColumn>(['population', 'measure', 'group']);

/**
 * Build the view.
 *
 * @param sources impact rows with their sources, in Impact's order
 * @param impact the Impact sheet's name, rows, columns and cells
 * @param sheet this sheet's final name
 */
export function buildImpactView(
  sources: ImpactRowSource[],
  impact: {
    sheet: string;
    rowOf: Map<ImpactRowSource, number>;
    column: Record<ImpactColumn, number>;
    cells: PlanCell[][];
  },
  sheet: string,
): SheetPlan {
  const ref = quoteSheetName(impact.sheet);
  const width = COLUMNS.length;
  const cells: PlanCell[][] = [
    [
      `Impact at a glance: one row per group. Every figure is on "${impact.sheet}", with its notes.`,
    ],
    [],
    COLUMNS.map((c) => c.header),
  ];
  for (const s of sources) {
    const R = impact.rowOf.get(s);
    if (R === undefined) continue;
    cells.push(
      COLUMNS.map((c): PlanCell => {
        const shown = impact.cells[R - 1]?.[impact.column[c.from] - 1] ?? null;
        const value = typeof shown === 'object' && shown !== null ? shown.value : shown;
        if (LABELS.has(c.from)) return value;
        // An empty Impact cell (no figure for this group) stays empty here: a plain reference
        // to it would show 0 in Excel and LibreOffice.
        const at = `${ref}!$${columnLetters(impact.column[c.from])}$${R}`;
        return { formula: `=IF(ISBLANK(${at}),"",${at})`, value: value ?? '' };
      }),
    );
  }
  for (const row of cells) while (row.length < width) row.push(null);
  const count = cells.length - HEADER_ROW;
  const first = HEADER_ROW + 1;
  return {
    key: 'impact-view',
    name: sheet,
    cells,
    numberFormats: count
      ? COLUMNS.flatMap((c, i) =>
          c.format
            ? [
                {
                  rect: { row: first, column: i + 1, rowCount: count, columnCount: 1 },
                  format: c.format,
                },
              ]
            : [],
        )
      : [],
    // The group label is the name column: as wide as its longest label (up to 60 characters).
    columnWidths: COLUMNS.map((c, i) =>
      c.from === 'group'
        ? Math.min(
            60,
            Math.max(c.width, ...cells.slice(first - 1).map((r) => String(r[i] ?? '').length + 3)),
          )
        : c.width,
    ),
    tables: [
      {
        name: 'ThroughlineImpactSummary',
        rect: { row: HEADER_ROW, column: 1, rowCount: count + 1, columnCount: width },
        style: 'TableStyleMedium2',
      },
    ],
    freeze: { rows: HEADER_ROW, columns: 3 },
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      // The effect's words stand apart from the dav number beside them.
      ...(count
        ? [
            {
              rect: { row: first, column: EFFECT, rowCount: count, columnCount: 1 },
              horizontalAlignment: 'center' as const,
            },
          ]
        : []),
    ],
  };
}
