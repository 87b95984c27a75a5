import type { PairedFigures } from '../report';
import { cohensDav } from './cohens-dav';
import { cohensDrm } from './cohens-drm';
import { cohensDz } from './cohens-dz';
import { hedgesGav } from './hedges-gav';
import { isNegligible, NEGLIGIBLE } from './negligible';
import { normalizedGain } from './normalized-gain';
import type { PairedAccumulator } from './paired-accumulator';
import { pairedT } from './paired-t';

/** Why a figure is undefined (joined with "; " in `undefinedReason`). */
export const REASONS = {
  noPairs: 'no pairs',
  onePair: 'insufficient pairs (n = 1; at least 2 needed)',
  constantDiff: 'differences have zero variance (t, p, CI, dz, drm undefined)',
  constantSide: 'pre or post scores have zero variance (r, drm undefined)',
  constantBoth: 'pre and post scores have zero variance (dav, gav undefined)',
  preAtMax: 'pre mean is at the maximum score (normalized gain undefined)',
  allAtMax: 'every pre score is at the maximum (average normalized gain undefined)',
} as const;

/**
 * Every figure of docs/statistics.md from one group's accumulator. A figure that cannot be
 * computed is null and its reason goes into `undefinedReason`; no NaN or Infinity comes out.
 * Figures that do not apply (normalized gains without a maximum, proficiency without a cut
 * score) are null without a reason.
 *
 * @param acc the group's accumulated pairs
 * @returns the figures
 */
export function pairedFigures(acc: PairedAccumulator): PairedFigures {
  const m = acc.moments();
  const n = m.n;
  const reasons: string[] = [];
  const out: PairedFigures = {
    n,
    unpairedPre: acc.unpairedPre,
    unpairedPost: acc.unpairedPost,
    preMean: null,
    postMean: null,
    preSd: null,
    postSd: null,
    meanDiff: null,
    sdDiff: null,
    r: null,
    t: null,
    df: null,
    p: null,
    ciLow: null,
    ciHigh: null,
    dz: null,
    dav: null,
    drm: null,
    gav: null,
    normalizedGain: null,
    avgNormalizedGain: null,
    gainExcluded: acc.gainExcluded,
    pctProficientPre: null,
    pctProficientPost: null,
    ppChange: null,
    undefinedReason: null,
  };
  if (n === 0) {
    out.undefinedReason = REASONS.noPairs;
    return out;
  }
  out.preMean = m.preMean;
  out.postMean = m.postMean;
  out.meanDiff = m.diffMean;
  if (acc.proficient !== null) {
    out.pctProficientPre = acc.proficientPre / n;
    out.pctProficientPost = acc.proficientPost / n;
    out.ppChange = out.pctProficientPost - out.pctProficientPre;
  }
  if (acc.max !== null) {
    // One test for "at" and "above" the maximum, the same as the sheet's formula.
    if (acc.max - m.preMean <= NEGLIGIBLE * Math.abs(acc.max)) {
      reasons.push(REASONS.preAtMax);
    } else out.normalizedGain = normalizedGain(m.preMean, m.postMean, acc.max);
    if (acc.gainCount > 0) out.avgNormalizedGain = acc.gainSum / acc.gainCount;
    else reasons.push(REASONS.allAtMax);
  }
  if (n < 2) {
    reasons.unshift(REASONS.onePair);
    out.undefinedReason = reasons.join('; ');
    return out;
  }
  const preSd = Math.sqrt(m.preSS / (n - 1));
  const postSd = Math.sqrt(m.postSS / (n - 1));
  const sdDiff = Math.sqrt(m.diffSS / (n - 1));
  out.preSd = preSd;
  out.postSd = postSd;
  out.sdDiff = sdDiff;
  out.df = n - 1;
  const constantPre = isNegligible(preSd, m.preMean);
  const constantPost = isNegligible(postSd, m.postMean);
  if (!constantPre && !constantPost) {
    // |r| within 1e-12 of 1 is snapped to ±1 (n = 2 always gives ±1): rounding must neither
    // push it past 1 (drm takes √(1 − r)) nor leave a drm of 1e-8 that the sheet computes as 0.
    const raw = m.crossSS / ((n - 1) * preSd * postSd);
    out.r = Math.abs(raw) > 1 - NEGLIGIBLE ? Math.sign(raw) : raw;
  } else reasons.push(REASONS.constantSide);
  if (!isNegligible(sdDiff, m.diffMean)) {
    const t = pairedT(m.diffMean, sdDiff, n);
    out.t = t.t;
    out.p = t.p;
    out.ciLow = t.ciLow;
    out.ciHigh = t.ciHigh;
    out.dz = cohensDz(m.diffMean, sdDiff);
    if (out.r !== null) out.drm = cohensDrm(m.diffMean, sdDiff, out.r);
  } else reasons.unshift(REASONS.constantDiff);
  if (!isNegligible((preSd + postSd) / 2, Math.max(Math.abs(m.preMean), Math.abs(m.postMean)))) {
    out.dav = cohensDav(m.diffMean, preSd, postSd);
    out.gav = hedgesGav(out.dav, n);
  } else reasons.push(REASONS.constantBoth);
  out.undefinedReason = reasons.length ? reasons.join('; ') : null;
  return out;
}
