/**
 * How goal numbers are shown. The sheet's number format and the statement's text come from the
 * same choice here, so a statement quotes exactly what the sheet shows.
 */

export interface ValueFormat {
  /** Excel number format of the sheet cell. */
  excel: string;
  /** Decimals shown. */
  decimals: number;
  percent: boolean;
}

export const PERCENT_FORMAT: ValueFormat = { excel: '0.0%', decimals: 1, percent: true };

/** A mean's format: 2 decimals on small scales (max ≤ 10, or an SD under 5), else 1. */
export function meanFormat(max: number | null, sd: number | null): ValueFormat {
  const small = max !== null ? max <= 10 : sd !== null && sd < 5;
  return small
    ? { excel: '0.00', decimals: 2, percent: false }
    : { excel: '0.0', decimals: 1, percent: false };
}

/** The text a cell with this format shows for `value` (half away from zero; no "-0.0"). */
export function formatValue(value: number, f: ValueFormat): string {
  const x = f.percent ? value * 100 : value;
  const k = 10 ** f.decimals;
  // Excel rounds the decimal it shows half away from zero; the tiny nudge does the same for
  // binary values such as 0.125 that toFixed would round down.
  const scaled = Math.abs(x) * k;
  // Beyond about 1e307 the scaling overflows; such a double is a whole number anyway.
  const r = Number.isFinite(scaled) ? (Math.sign(x) * Math.round(scaled + 1e-9)) / k : x;
  let s = (r === 0 ? 0 : r).toFixed(f.decimals);
  if (/^-0(\.0+)?$/.test(s)) s = s.slice(1);
  return f.percent ? `${s}%` : s;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The date goals are due: config.schoolYearEnd (YYYY-MM-DD) when given, else the next 15 June
 * after `now` (UTC). Returns the ISO date.
 */
export function dueDate(schoolYearEnd: string | undefined, now: Date): string {
  if (schoolYearEnd !== undefined) {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(schoolYearEnd) ||
      Number.isNaN(Date.parse(`${schoolYearEnd}T00:00:00Z`))
    ) {
      throw new Error(
        `config.schoolYearEnd must be a date written YYYY-MM-DD (e.g. "2027-06-15"), got "${schoolYearEnd}"`,
      );
    }
    return schoolYearEnd;
  }
  const y = now.getUTCFullYear();
  const june15 = Date.UTC(y, 5, 15);
  const year = now.getTime() < june15 ? y : y + 1;
  return `${year}-06-15`;
}

/** "2027-06-15" → "15 June 2027". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
