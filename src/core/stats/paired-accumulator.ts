/**
 * One-pass accumulator of paired (pre, post) scores for one group, so the impact engine reads
 * the records once and keeps memory proportional to the number of groups, not rows × groups.
 *
 * Sums are shifted by the group's first pair (x₀, y₀, d₀): Σ(x − x₀)² − n·(x̄ − x₀)² keeps the
 * precision that the naive Σx² − n·x̄² loses when the mean is large against the spread, so the
 * figures match R's two-pass results to ~1e-12. The differences are accumulated on their own
 * (not as y − x from the other sums) so constant differences give a spread of exactly 0.
 */
export interface PairedAccumulatorOptions {
  /** Highest possible score (normalized gains); null when unbounded. */
  max?: number | null;
  /** Cut score: a score ≥ it is proficient; null when there is none. */
  proficient?: number | null;
}

/** Centred moments of a set of pairs, as `pairedFigures` needs them. */
export interface PairedMoments {
  n: number;
  preMean: number;
  postMean: number;
  diffMean: number;
  /** Σ(x − x̄)² */
  preSS: number;
  /** Σ(y − ȳ)² */
  postSS: number;
  /** Σ(d − d̄)² */
  diffSS: number;
  /** Σ(x − x̄)(y − ȳ) */
  crossSS: number;
}

/**
 * An accumulator's state: counts, and sums shifted by the first pair (kx, ky, kd), as
 * `PairedAccumulator.add` keeps them (sx = Σ(x − kx), sxx = Σ(x − kx)², sxy = Σ(x − kx)(y − ky),
 * and the same for y and d = y − x).
 */
export interface PairedSums {
  n: number;
  unpairedPre: number;
  unpairedPost: number;
  proficientPre: number;
  proficientPost: number;
  gainSum: number;
  gainCount: number;
  gainExcluded: number;
  kx: number;
  ky: number;
  kd: number;
  sx: number;
  sy: number;
  sd: number;
  sxx: number;
  syy: number;
  sdd: number;
  sxy: number;
}

export class PairedAccumulator {
  n = 0;
  unpairedPre = 0;
  unpairedPost = 0;
  proficientPre = 0;
  proficientPost = 0;
  /** Σ (y − x) / (max − x) over pairs with x < max. */
  gainSum = 0;
  gainCount = 0;
  gainExcluded = 0;
  readonly max: number | null;
  readonly proficient: number | null;
  private kx = 0;
  private ky = 0;
  private kd = 0;
  private sx = 0;
  private sy = 0;
  private sd = 0;
  private sxx = 0;
  private syy = 0;
  private sdd = 0;
  private sxy = 0;

  constructor(options: PairedAccumulatorOptions = {}) {
    this.max = options.max ?? null;
    this.proficient = options.proficient ?? null;
  }

  /**
   * An accumulator holding the given state (as kept elsewhere, e.g. by `PairedCells`).
   *
   * @param sums counts and shifted sums
   * @param options maximum and cut score
   * @returns the accumulator
   */
  static fromSums(sums: PairedSums, options: PairedAccumulatorOptions = {}): PairedAccumulator {
    const acc = new PairedAccumulator(options);
    acc.n = sums.n;
    acc.unpairedPre = sums.unpairedPre;
    acc.unpairedPost = sums.unpairedPost;
    acc.proficientPre = sums.proficientPre;
    acc.proficientPost = sums.proficientPost;
    acc.gainSum = sums.gainSum;
    acc.gainCount = sums.gainCount;
    acc.gainExcluded = sums.gainExcluded;
    acc.kx = sums.kx;
    acc.ky = sums.ky;
    acc.kd = sums.kd;
    acc.sx = sums.sx;
    acc.sy = sums.sy;
    acc.sd = sums.sd;
    acc.sxx = sums.sxx;
    acc.syy = sums.syy;
    acc.sdd = sums.sdd;
    acc.sxy = sums.sxy;
    return acc;
  }

  /** Records seen: pairs plus unpaired scores. */
  get records(): number {
    return this.n + this.unpairedPre + this.unpairedPost;
  }

  /**
   * Add one record; NaN means a missing score. A record with both scores is a pair, with one
   * it is counted as unpaired, with none it is ignored.
   *
   * @param x pre score (NaN when missing)
   * @param y post score (NaN when missing)
   */
  add(x: number, y: number): void {
    const hasX = x === x;
    const hasY = y === y;
    if (!hasX || !hasY) {
      if (hasX) this.unpairedPre++;
      else if (hasY) this.unpairedPost++;
      return;
    }
    const d = y - x;
    if (this.n === 0) {
      this.kx = x;
      this.ky = y;
      this.kd = d;
    }
    this.n++;
    const cx = x - this.kx;
    const cy = y - this.ky;
    const cd = d - this.kd;
    this.sx += cx;
    this.sy += cy;
    this.sd += cd;
    this.sxx += cx * cx;
    this.syy += cy * cy;
    this.sdd += cd * cd;
    this.sxy += cx * cy;
    if (this.proficient !== null) {
      if (x >= this.proficient) this.proficientPre++;
      if (y >= this.proficient) this.proficientPost++;
    }
    if (this.max !== null) {
      if (x < this.max) {
        this.gainSum += d / (this.max - x);
        this.gainCount++;
      } else this.gainExcluded++;
    }
  }

  /**
   * Centred moments of the pairs so far (n = 0 gives zeros).
   *
   * @returns means and centred sums of squares and cross products
   */
  moments(): PairedMoments {
    const n = this.n;
    if (n === 0) {
      return {
        n,
        preMean: 0,
        postMean: 0,
        diffMean: 0,
        preSS: 0,
        postSS: 0,
        diffSS: 0,
        crossSS: 0,
      };
    }
    const mx = this.sx / n;
    const my = this.sy / n;
    const md = this.sd / n;
    return {
      n,
      preMean: this.kx + mx,
      postMean: this.ky + my,
      diffMean: this.kd + md,
      // max(0, …): rounding must not turn a zero spread into a tiny negative one.
      preSS: Math.max(0, this.sxx - n * mx * mx),
      postSS: Math.max(0, this.syy - n * my * my),
      diffSS: Math.max(0, this.sdd - n * md * md),
      crossSS: this.sxy - n * mx * my,
    };
  }
}
