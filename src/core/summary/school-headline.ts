/**
 * The headline per school for the summary sheet: for each student measure and school, paired
 * pre → post change, relative growth (average normalized gain) and the share proficient before
 * and after, with the same accumulator the Impact figures use (so the numbers agree with the
 * Impact sheet's overall row when a district has one school).
 */
import type { Dataset } from '../dataset';
import { sortedCodes } from '../impact/groups';
import { PairedAccumulator } from '../stats/paired-accumulator';
import { pairedFigures } from '../stats/paired-figures';

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
}

export const ALL_SCHOOLS = 'All schools';

function headline(
  ds: Dataset,
  mi: number,
  school: string,
  keep: (r: number) => boolean,
): SchoolHeadline {
  const m = ds.measures[mi];
  const acc = new PairedAccumulator({ max: m.max, proficient: m.proficient });
  for (let r = 0; r < ds.size; r++) if (keep(r)) acc.add(m.pre[r], m.post[r]);
  const f = pairedFigures(acc);
  return {
    school,
    measure: m.name,
    n: f.n,
    preMean: f.preMean,
    postMean: f.postMean,
    meanDiff: f.meanDiff,
    avgNormalizedGain: f.avgNormalizedGain,
    pctProficientPre: f.pctProficientPre,
    pctProficientPost: f.pctProficientPost,
  };
}

/**
 * Per student measure: the district row, then one row per school (natural order), for schools
 * with at least one pair.
 *
 * @param datasets intake's datasets
 * @returns the rows, measure by measure
 */
export function schoolHeadlines(datasets: readonly Dataset[]): SchoolHeadline[] {
  const out: SchoolHeadline[] = [];
  for (const ds of datasets) {
    if (ds.population !== 'students') continue;
    ds.measures.forEach((_, mi) => {
      out.push(headline(ds, mi, ALL_SCHOOLS, () => true));
      const school = ds.school;
      if (!school) return;
      for (const code of sortedCodes(school)) {
        const row = headline(ds, mi, school.labels[code], (r) => school.codes[r] === code);
        if (row.n > 0) out.push(row);
      }
    });
  }
  return out;
}
