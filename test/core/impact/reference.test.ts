/**
 * computeImpact against R on real data. Expected values: R 4.x,
 *   fig <- function(x, y, max, cut) { d <- y - x; tt <- t.test(y, x, paired = TRUE); sx <- sd(x); sy <- sd(y); r <- cor(x, y)
 *     dav <- mean(d) / ((sx + sy) / 2); drm <- mean(d) / sqrt(sx^2 + sy^2 - 2*r*sx*sy) * sqrt(2*(1 - r)); gav <- dav * (1 - 3/(8*n - 9))
 *     normalizedGain <- (mean(y) - mean(x)) / (max - mean(x)); avgNormalizedGain <- mean(((y - x) / (max - x))[x < max])
 *     pctProficientPre <- mean(x >= cut); pctProficientPost <- mean(y >= cut) }
 * printed with sprintf("%.17g") (the full script: test/fixtures/impact/reference.R).
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import { computeImpact } from '../../../src/core/impact';
import type { ImpactRow } from '../../../src/core/report';
import { sharedFile, sharedOrSay } from '../intake/shared-data';
import { close, dataset, readCsv } from './helpers';

const CONFIG: MappingConfig = { version: 1, students: [] };
const num = (a: string[]) => a.map((v) => (v === '' || v === 'NA' ? null : Number(v)));

function check(row: ImpactRow | undefined, want: Record<string, number>) {
  expect(row).toBeDefined();
  const bad: string[] = [];
  for (const [k, v] of Object.entries(want)) {
    const got = (row as unknown as Record<string, number | null>)[k];
    // p from the t distribution: relative 1e-10 (p can be 1e-5 and smaller).
    const ok =
      k === 'p' ? typeof got === 'number' && Math.abs(got - v) <= 1e-10 * v : close(got, v);
    if (!ok) bad.push(`${k}: got ${got}, R ${v}`);
  }
  expect(bad).toEqual([]);
  expect(row!.undefinedReason).toBeNull();
}

const find = (rows: ImpactRow[], measure: string, value?: string) =>
  rows.find(
    (r) =>
      r.measure === measure &&
      (value === undefined
        ? r.groups.length === 0
        : r.groups.length === 1 && r.groups[0].value === value),
  );

describe('Baumann (carData): pretest.1 → post.test.1 by group, max 20, proficient ≥ 10', () => {
  const b = readCsv(path.join(__dirname, '../../fixtures/impact/baumann.csv'));
  const rows = computeImpact(
    [
      dataset({
        team: b.group,
        measures: [
          {
            name: 'Test 1',
            pre: num(b['pretest.1']),
            post: num(b['post.test.1']),
            max: 20,
            proficient: 10,
          },
        ],
      }),
    ],
    CONFIG,
  );
  // R: fig(b$pretest.1, b$post.test.1, 20, 10)
  const R_ALL = {
    n: 66,
    preMean: 9.7878787878787872,
    postMean: 8.0757575757575761,
    preSd: 3.0205203398658194,
    postSd: 3.393707326398288,
    meanDiff: -1.7121212121212122,
    sdDiff: 3.006480956022795,
    r: 0.56590255407416068,
    t: -4.626451550541316,
    df: 65,
    p: 1.8250420663811059e-5,
    ciLow: -2.4512064784716747,
    ciHigh: -0.97303594577074937,
    dz: -0.56947681929977634,
    dav: -0.53385108892413768,
    drm: -0.53062128113953977,
    gav: -0.53076524447948947,
    normalizedGain: -0.16765578635014824,
    avgNormalizedGain: -0.22397186147186146,
    gainExcluded: 0,
    pctProficientPre: 0.48484848484848486,
    pctProficientPost: 0.34848484848484851,
    ppChange: -0.13636363636363635,
  };
  // R: with(subset(b, group == "Basal"), fig(pretest.1, post.test.1, 20, 10)) and likewise DRTA, Strat
  const R_GROUPS: Record<string, Record<string, number>> = {
    Basal: {
      n: 22,
      preMean: 10.5,
      postMean: 6.6818181818181817,
      preSd: 2.9720924166878349,
      postSd: 2.7669196149950137,
      meanDiff: -3.8181818181818183,
      sdDiff: 2.8724697128224435,
      r: 0.50088492494463777,
      t: -6.234655876066423,
      df: 21,
      p: 3.4856660747849801e-6,
      ciLow: -5.0917635408330684,
      ciHigh: -2.5446000955305683,
      dz: -1.3292330990080774,
      dav: -1.3306059639196171,
      drm: -1.3280563065644444,
      gav: -1.3067028627713604,
      normalizedGain: -0.40191387559808617,
      avgNormalizedGain: -0.49686494061494063,
      gainExcluded: 0,
      pctProficientPre: 0.59090909090909094,
      pctProficientPost: 0.13636363636363635,
      ppChange: -0.45454545454545459,
    },
    DRTA: {
      n: 22,
      preMean: 9.7272727272727266,
      postMean: 9.7727272727272734,
      preSd: 2.6935870610416988,
      postSd: 2.7243490822722998,
      meanDiff: 0.045454545454545456,
      sdDiff: 2.1707420878863553,
      r: 0.6789996833639198,
      t: 0.098215590670747671,
      df: 21,
      p: 0.9226925421201041,
      ciLow: -0.91699857820447006,
      ciHigh: 1.0079076691135609,
      dz: 0.020939634288292812,
      dav: 0.016779284307600641,
      drm: 0.016777869831405272,
      gav: 0.016477860038601827,
      normalizedGain: 0.0044247787610620726,
      avgNormalizedGain: -0.028565374019919473,
      gainExcluded: 0,
      pctProficientPre: 0.40909090909090912,
      pctProficientPost: 0.59090909090909094,
      ppChange: 0.18181818181818182,
    },
    Strat: {
      n: 22,
      preMean: 9.1363636363636367,
      postMean: 7.7727272727272725,
      preSd: 3.3423039465308464,
      postSd: 3.9270953543398868,
      meanDiff: -1.3636363636363635,
      sdDiff: 2.646569289538629,
      r: 0.74620682976578501,
      t: -2.4167217219479329,
      df: 21,
      p: 0.024847027722391495,
      ciLow: -2.5370594496450174,
      ciHigh: -0.19021327762770995,
      dz: -0.5152468023514637,
      dav: -0.37517167710763294,
      drm: -0.36708806814714739,
      gav: -0.36843206614162755,
      normalizedGain: -0.12552301255230131,
      avgNormalizedGain: -0.14648526978072432,
      gainExcluded: 0,
      pctProficientPre: 0.45454545454545453,
      pctProficientPost: 0.31818181818181818,
      ppChange: -0.13636363636363635,
    },
  };
  it('overall', () => check(find(rows, 'Test 1'), R_ALL));
  it.each(Object.keys(R_GROUPS))('group %s', (g) => check(find(rows, 'Test 1', g), R_GROUPS[g]));
  it('a pre/post change is read as a direction, not sized (issue 17): Basal −1.33 declines, DRTA 0.017 gains', () => {
    // Kraft's bands would call these large and small; they size relative growth only.
    expect(find(rows, 'Test 1', 'Basal')!.interpretation.reading).toBe('decline');
    expect(find(rows, 'Test 1', 'DRTA')!.interpretation.reading).toBe(
      'gain (includes ordinary growth)',
    );
    expect(find(rows, 'Test 1')!.interpretation.label).toBeNull();
  });
  it('relative growth of Basal against DRTA + Strat: Welch, as R t.test(x, y, var.equal = FALSE)', () => {
    // R: b <- read.csv("baumann.csv"); d <- b$post.test.1 - b$pretest.1
    //    t.test(d[b$group == "Basal"], d[b$group != "Basal"], var.equal = FALSE)
    //    difference −3.159090909090909, df 37.255711217531406, CI −4.615131013378476 −1.703050804803342
    //    sd(d[b$group != "Basal"]) 2.495979854366578
    //    relative effect: −3.159090909 / ((sd(pretest.1) + sd(post.test.1)) / 2) = −0.985026124253829
    const r = find(rows, 'Test 1', 'Basal')!.relative!;
    expect(r.othersN).toBe(44);
    expect(close(r.difference, -3.159090909090909)).toBe(true);
    expect(close(r.df, 37.255711217531406)).toBe(true);
    expect(close(r.ciLow, -4.615131013378476)).toBe(true);
    expect(close(r.ciHigh, -1.703050804803342)).toBe(true);
    expect(close(r.othersSdDiff, 2.495979854366578)).toBe(true);
    expect(close(r.effect, -0.985026124253829)).toBe(true);
    expect(r.reading).toBe('below other teams (large)');
    expect(find(rows, 'Test 1', 'Basal')!.interpretation.label).toBe('large');
  });
});

describe('mlmRev Exam: standLRT → normexam by school (no max, no cut)', () => {
  const e = readCsv(path.join(__dirname, '../../fixtures/impact/mlmRev_Exam.csv'));
  const rows = computeImpact(
    [
      dataset({
        team: e.school,
        measures: [{ name: 'Exam', pre: num(e.standLRT), post: num(e.normexam) }],
      }),
    ],
    CONFIG,
  );
  const want: [string | undefined, Record<string, number>][] = [
    // R: fig(e$standLRT, e$normexam)
    [
      undefined,
      {
        n: 4059,
        preMean: 0.0018103538309928624,
        postMean: -0.00011380542005420999,
        preSd: 0.99322415953941645,
        postSd: 0.99894399306565451,
        meanDiff: -0.0019241592510470715,
        sdDiff: 0.90019059398300616,
        r: 0.59164958928344369,
        t: -0.13618085861532497,
        df: 4058,
        p: 0.89168506177728069,
        ciLow: -0.029625614855272417,
        ciHigh: 0.025777296353178273,
        dz: -0.0021375020622392727,
        dav: -0.001931723733793187,
        drm: -0.0019316927000750737,
        gav: -0.001931545217599324,
      },
    ],
    // R: with(subset(e, school == 1), fig(standLRT, normexam))
    [
      '1',
      {
        n: 73,
        preMean: 0.16617467671232877,
        postMean: 0.50120957260273968,
        preSd: 1.0618657777976099,
        postSd: 1.1158113868925634,
        meanDiff: 0.33503489589041091,
        sdDiff: 0.87917302967940658,
        r: 0.67504733317763443,
        t: 3.2559454267421901,
        df: 72,
        p: 0.0017242617709953415,
        ciLow: 0.12990865113447539,
        ciHigh: 0.54016114064634646,
        dz: 0.38107958795390084,
        dav: 0.3076993241448418,
        drm: 0.30721381223227912,
        gav: 0.3060939363666948,
      },
    ],
    // R: with(subset(e, school == 7), fig(standLRT, normexam))
    [
      '7',
      {
        n: 88,
        preMean: -0.029003270454545448,
        postMean: 0.39150002272727275,
        preSd: 0.87711108199673871,
        postSd: 0.78775299134037557,
        meanDiff: 0.42050329318181817,
        sdDiff: 1.0085124631827642,
        r: 0.26976114133257534,
        t: 3.9113751101759506,
        df: 87,
        p: 0.00018150343560521882,
        ciLow: 0.2068199198359002,
        ciHigh: 0.63418666652773614,
        dz: 0.41695398771250874,
        dav: 0.50515030015507034,
        drm: 0.50388983731355153,
        gav: 0.50296979526231467,
      },
    ],
    // R: with(subset(e, school == 23), fig(standLRT, normexam))
    [
      '23',
      {
        n: 28,
        preMean: -0.25468461428571432,
        postMean: -0.73763255714285714,
        preSd: 1.0628510738517936,
        postSd: 1.0780764291706091,
        meanDiff: -0.48294794285714282,
        sdDiff: 1.1850913473253399,
        r: 0.38725467915285144,
        t: -2.1563909919248658,
        df: 27,
        p: 0.040122371567554806,
        ciLow: -0.94247839477260364,
        ciHigh: -0.023417490941681947,
        dz: -0.4075195924323633,
        dav: -0.45115768018800512,
        drm: -0.45113185353000151,
        gav: -0.44486245674352132,
      },
    ],
  ];
  it.each(want)('school %s', (school, w) => check(find(rows, 'Exam', school), w));
  it('reports every school (65) and no gain or proficiency figures without max and cut', () => {
    expect(rows.filter((r) => r.groups.length === 1)).toHaveLength(65);
    const all = find(rows, 'Exam')!;
    expect([all.normalizedGain, all.avgNormalizedGain, all.pctProficientPre, all.ppChange]).toEqual(
      [null, null, null, null],
    );
  });
});

// Read only: from ../shared/data beside the project (CI has it), never copied. Read in beforeAll
// (Jest runs a skipped describe's body while collecting), so a clone without ../shared skips.
const studentMat = 'student-mat.csv';

(!sharedOrSay(studentMat, 'the UCI student-mat impact reference tests') ? describe.skip : describe)(
  'UCI student-mat (read only): G1 → G3 by school, max 20, proficient ≥ 10',
  () => {
    let computed: ImpactRow[];
    beforeAll(() => {
      const m = readCsv(sharedFile(studentMat), ';');
      computed = computeImpact(
        [
          dataset({
            team: m.school,
            measures: [{ name: 'Math', pre: num(m.G1), post: num(m.G3), max: 20, proficient: 10 }],
          }),
        ],
        CONFIG,
      );
    });
    const rows = () => computed;
    const want: [string | undefined, Record<string, number>][] = [
      // R: m <- read.csv(".../student-mat.csv", sep = ";"); fig(as.numeric(m$G1), as.numeric(m$G3), 20, 10)
      [
        undefined,
        {
          n: 395,
          preMean: 10.90886075949367,
          postMean: 10.415189873417722,
          preSd: 3.319194671507669,
          postSd: 4.5814426109978434,
          meanDiff: -0.49367088607594939,
          sdDiff: 2.7624816774618912,
          r: 0.80146793201741395,
          t: -3.5517031247185855,
          df: 394,
          p: 0.00042906738658041632,
          ciLow: -0.76693655844684872,
          ciHigh: -0.22040521370505006,
          dz: -0.17870557843103002,
          dav: -0.12496989000345365,
          drm: -0.11260779138035711,
          gav: -0.12485090883239355,
          normalizedGain: -0.054302422723475248,
          avgNormalizedGain: -0.045702396800684213,
          gainExcluded: 0,
          pctProficientPre: 0.64050632911392402,
          pctProficientPost: 0.67088607594936711,
          ppChange: 0.030379746835443089,
        },
      ],
      // R: with(subset(m, school == "MS"), fig(as.numeric(G1), as.numeric(G3), 20, 10))
      [
        'MS',
        {
          n: 46,
          preMean: 10.673913043478262,
          postMean: 9.8478260869565215,
          preSd: 3.3470009648844141,
          postSd: 4.2372286084412814,
          meanDiff: -0.82608695652173914,
          sdDiff: 2.1427329156537653,
          r: 0.86606977566404231,
          t: -2.6147889421751063,
          df: 45,
          p: 0.012104557868983682,
          ciLow: -1.4624000874992056,
          ciHigh: -0.18977382554427266,
          dz: -0.38552959656649194,
          dav: -0.21784334151148299,
          drm: -0.19953175379323859,
          gav: -0.21602292361584385,
          normalizedGain: -0.088578088578088687,
          avgNormalizedGain: -0.10252163295641556,
          gainExcluded: 0,
          pctProficientPre: 0.63043478260869568,
          pctProficientPost: 0.63043478260869568,
          ppChange: 0,
        },
      ],
    ];
    it.each(want)('school %s', (school, w) => check(find(rows(), 'Math', school), w));
  },
);
