/**
 * The headline per school for the summary sheet and the School View: for each student measure,
 * all schools (the measure's overall Impact row), then each school (its Impact row), with the
 * paired pre → post change, relative growth (average normalized gain) and the share proficient
 * before and after. Read from the impact rows, not computed again: one engine for a figure.
 */
import type { Dataset } from '../dataset';
import type { ImpactRow } from '../report';

export interface SchoolHeadline {
  /** "All schools" for the district row. */
  school: string;
  measure: string;
  /** Students with both scores. */
  n: number;
  preMean: number | null;
  postMean: number | null;
  meanDiff: number | null;
  /** Average normalized gain (null without a maximum score or with fewer than one pair). */
  avgNormalizedGain: number | null;
  pctProficientPre: number | null;
  pctProficientPost: number | null;
  /** The impact row the figures are from (the summary sheet links to its cells). */
  row: ImpactRow;
}

export const ALL_SCHOOLS = 'All schools';

function headline(school: string, row: ImpactRow): SchoolHeadline {
  return {
    school,
    measure: row.measure,
    n: row.n,
    preMean: row.preMean,
    postMean: row.postMean,
    meanDiff: row.meanDiff,
    avgNormalizedGain: row.avgNormalizedGain,
    pctProficientPre: row.pctProficientPre,
    pctProficientPost: row.pctProficientPost,
    row,
  };
}

/**
 * Per student measure: the district row, then one row per school with at least one pair, in
 * Impact's order (natural order of the names). A school's row is the Impact row of the
 * dataset's school column: its school row, or its team or subgroup row when the school column
 * is the team column or a subgroup.
 *
 * @param impact the impact rows, in report order (computeImpact: per dataset, per measure,
 *   the overall row first, then the measure's groups)
 * @param datasets intake's datasets, in the order computeImpact read them
 * @returns the rows, measure by measure
 */
export function schoolHeadlines(
  impact: readonly ImpactRow[],
  datasets: readonly Dataset[],
): SchoolHeadline[] {
  const out: SchoolHeadline[] = [];
  let at = 0; // the next dataset's rows start here
  for (const ds of datasets) {
    for (const m of ds.measures) {
      // The measure's overall row of this dataset, then its groups up to the next overall row.
      while (
        at < impact.length &&
        !(
          impact[at].population === ds.population &&
          impact[at].measure === m.name &&
          impact[at].groups.length === 0
        )
      )
        at++;
      if (at === impact.length) return out;
      const end = impact.findIndex((r, i) => i > at && r.groups.length === 0);
      const rows = impact.slice(at, end < 0 ? impact.length : end);
      at += rows.length;
      if (ds.population !== 'students') continue;
      out.push(headline(ALL_SCHOOLS, rows[0]));
      const column = ds.school?.column;
      if (column === undefined) continue;
      for (const r of rows) {
        if (r.groups.length === 1 && r.groups[0].column === column && r.n > 0) {
          out.push(headline(r.groups[0].value, r));
        }
      }
    }
  }
  return out;
}
