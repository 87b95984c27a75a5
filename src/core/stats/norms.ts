/**
 * Ordinary annual growth on nationally normed tests, in effect-size units (mean spring-to-spring
 * gain ÷ SD), by grade and subject: Bloom, H. S., Hill, C. J., Black, A. R. & Lipsey, M. W.
 * (2008), "Performance Trajectories and Performance Gaps as Achievement Effect-Size Benchmarks
 * for Educational Interventions", Journal of Research on Educational Effectiveness 1(4),
 * 289–328, Table 1 (reading) and Table 2 (math), "average annual gain" column.
 * Index k holds the gain from grade k − 1 to grade k (0 = kindergarten to grade 1 is at 1).
 * docs/statistics.md, "Ordinary growth".
 */
import { bandOf, type Band } from './bands';

export type NormSubject = 'reading' | 'math';

/** Annual gain into grade g (1–12), by subject: [K–1, 1–2, …, 11–12]. */
export const BLOOM_2008: Record<NormSubject, readonly number[]> = {
  reading: [1.52, 0.97, 0.6, 0.36, 0.4, 0.32, 0.23, 0.26, 0.24, 0.19, 0.19, 0.06],
  math: [1.14, 1.03, 0.89, 0.52, 0.56, 0.41, 0.3, 0.32, 0.22, 0.25, 0.14, 0.01],
};

/** The subject of a measure from its name (Reading, ELA, Literacy; Math, Mathematics), or null. */
export function subjectOf(measure: string): NormSubject | null {
  if (/\b(math|maths|mathematics|numeracy)\b/i.test(measure)) return 'math';
  if (/\b(read|reading|ela|literacy|english language arts)\b/i.test(measure)) return 'reading';
  return null;
}

/** The grade named in a label ("Lakeside Grade 4", "Gr 7", "Grade K"), 0 for K; null otherwise. */
export function gradeOf(label: string | null): number | null {
  if (!label) return null;
  const m = /\b(?:grade|gr\.?)\s*(k|\d{1,2})\b/i.exec(label);
  if (!m) return null;
  const g = /k/i.test(m[1]) ? 0 : Number(m[1]);
  return g <= 12 ? g : null;
}

/**
 * Ordinary growth a year in the grade (the gain from the grade before into it). Kindergarten has
 * no row (the table starts at K–1, the growth of grade 1).
 */
export function annualNorm(subject: NormSubject, grade: number): number | null {
  if (!(grade >= 1 && grade <= 12)) return null;
  return BLOOM_2008[subject][grade - 1];
}

export type NormBand = 'above' | 'about' | 'below';

/** dav ÷ the ordinary growth of the period: ≥ 1.25 above, ≥ 0.75 about, else below. */
export const NORM_BANDS: readonly Band<NormBand>[] = [
  { min: 1.25, label: 'above' },
  { min: 0.75, label: 'about' },
  { min: -Infinity, label: 'below' },
];

/** The words of a norm band, the same in the engine and the sheet formula. */
export const NORM_WORDS: Record<NormBand, string> = {
  above: 'above ordinary growth',
  about: 'about ordinary growth',
  below: 'below ordinary growth',
};

/** A group's dav read against the ordinary growth of the same share of a year. */
export function normReading(dav: number, expected: number): string {
  return NORM_WORDS[bandOf(dav / expected, NORM_BANDS)];
}
