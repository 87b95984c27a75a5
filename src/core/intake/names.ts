/**
 * Header text folding and closest-name search. Schools write one header many ways ("Student
 * ID", "student_id", "StudentID", "ID#", "Stu Id"); detection compares folded tokens, and a
 * config that names a column that is not there gets the nearest real names in its message.
 */

/**
 * Header words in lower case: camelCase and letter/digit boundaries split ("StudentID" →
 * "student id", "G1" → "g 1" is NOT split: short codes stay whole), punctuation and
 * underscores become spaces.
 */
export function headerTokens(header: string): string[] {
  const spaced = header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/#/g, ' # ')
    .replace(/[^a-z0-9#%]+/g, ' ')
    .trim();
  return spaced ? spaced.split(/\s+/) : [];
}

/** Header folded for comparison: lower case, letters and digits only ("Stu-Id " → "stuid"). */
export function foldName(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Levenshtein distance (small strings; two rows of memory). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The existing names closest to `wanted` after folding case, spaces and punctuation: those at
 * the smallest edit distance (at most `limit`), plus any that contain the wanted name or are
 * contained in it. Order: distance, then original order.
 */
export function closestNames(wanted: string, existing: string[], limit = 3): string[] {
  const w = foldName(wanted);
  const scored = existing.map((name, i) => {
    const f = foldName(name);
    let d = editDistance(w, f);
    if (w && f && (f.includes(w) || w.includes(f))) d = Math.min(d, 1);
    return { name, d, i };
  });
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  const maxD = Math.max(2, Math.ceil(w.length / 2));
  return scored
    .filter((s) => s.d <= maxD)
    .slice(0, limit)
    .map((s) => s.name);
}
