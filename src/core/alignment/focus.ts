/**
 * Focus and student-group matching for inferred links. People write one focus many ways
 * ("Reading", "literacy", "ELA proficiency"), so phrases are compared after folding, and
 * through a small synonym list a district can edit (config.synonyms). A focus is compared as a
 * WHOLE phrase: a word inside a longer phrase does not count, so "Math teacher attendance" is
 * not "Math" (see docs/alignment.md for the rules and why).
 */

/**
 * The default synonym groups. Terms are folded like focus phrases before comparison, so
 * "English Language Arts" and "english language arts" are the same term.
 */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
  [
    'literacy',
    'reading',
    'ELA',
    'English language arts',
    'language arts',
    'English',
    'reading comprehension',
  ],
  ['math', 'mathematics', 'numeracy', 'maths'],
  ['science', 'STEM science'],
  ['writing', 'written expression', 'composition'],
  ['attendance', 'chronic absenteeism', 'absenteeism', 'absences'],
  ['SEL', 'social emotional learning', 'social-emotional learning', 'wellbeing', 'well-being'],
  ['behavior', 'behaviour', 'discipline'],
  [
    'questioning and discussion',
    'questioning and discussion techniques',
    'using questioning and discussion techniques',
    'questioning',
  ],
  // Student groups (compared the same way as focus phrases).
  [
    'English learners',
    'EL',
    'ELL',
    'ELs',
    'ELLs',
    'English language learners',
    'multilingual learners',
    'ML',
    'MLL',
  ],
  ['students with disabilities', 'SWD', 'special education', 'SPED', 'IEP', 'students with IEPs'],
  [
    'low income',
    'economically disadvantaged',
    'FRL',
    'free/reduced lunch',
    'free or reduced lunch',
    'free and reduced lunch',
  ],
];

/**
 * Words that qualify a focus without changing it ("Reading proficiency" is "Reading"). They
 * are dropped from both sides before comparing; anything else is kept.
 */
const FILLER = new Set([
  'proficiency',
  'proficient',
  'achievement',
  'score',
  'scores',
  'skill',
  'skills',
  'growth',
  'outcome',
  'outcomes',
  'result',
  'results',
  'performance',
  'rate',
  'rates',
  'level',
  'levels',
  'student',
  'students',
  'the',
  'of',
  'in',
  'for',
  'overall',
]);

/** Words that mean "no particular group" in a student-group cell. */
const ALL_GROUP = new Set([
  '',
  'all',
  'everyone',
  'whole school',
  'schoolwide',
  'none',
  'n a',
  'na',
  '-',
  'all educators',
  'all teachers',
  'all staff',
]);

/**
 * A phrase folded for comparison: lower case, punctuation to spaces, filler words dropped.
 * @example foldFocus('Reading Proficiency') // 'reading'
 */
export function foldFocus(text: string): string {
  const hit = FOLDED.get(text);
  if (hit !== undefined) return hit;
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w));
  const folded = words.join(' ');
  // Pairwise matching folds the same few phrases many times; a small cache keeps it linear.
  if (FOLDED.size < 10000) FOLDED.set(text, folded);
  return folded;
}

const FOLDED = new Map<string, string>();

/** A compiled synonym list: folded term → the group it belongs to. */
export interface Synonyms {
  groups: string[][];
  index: Map<string, number>;
}

/**
 * Build the synonym list from the defaults and config.synonyms: a configured group that shares
 * a term with default groups REPLACES them (so a district can drop a term), any other
 * configured group is added.
 * @param custom config.synonyms (optional)
 * @returns the compiled list
 */
export function buildSynonyms(custom?: string[][]): Synonyms {
  let groups: string[][] = DEFAULT_SYNONYMS.map((g) => [...g]);
  for (const g of custom ?? []) {
    if (!Array.isArray(g) || g.some((t) => typeof t !== 'string')) {
      throw new Error(
        'config.synonyms must be a list of lists of words, e.g. [["literacy", "reading", "ELA"]]',
      );
    }
    const folded = new Set(g.map(foldFocus).filter(Boolean));
    groups = groups.filter((d) => !d.some((t) => folded.has(foldFocus(t))));
    groups.push([...g]);
  }
  const index = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const t of g) {
      const f = foldFocus(t);
      if (f && !index.has(f)) index.set(f, i);
    }
  });
  return { groups, index };
}

export interface PhraseMatch {
  /** 'same': equal after folding; 'synonyms': in one synonym group. */
  kind: 'same' | 'synonyms';
  /** Readable: "'literacy' ~ 'Reading' (synonyms)", "'Reading'". */
  text: string;
}

/**
 * Do two phrases name the same focus? Whole phrases only, after folding.
 * @returns the match, or null when they differ (or either is blank)
 * @example matchPhrase('literacy', 'Reading', buildSynonyms()) // { kind: 'synonyms', text: "'literacy' ~ 'Reading' (synonyms)" }
 */
export function matchPhrase(a: string, b: string, syn: Synonyms): PhraseMatch | null {
  const fa = foldFocus(a);
  const fb = foldFocus(b);
  if (!fa || !fb) return null;
  if (fa === fb) {
    const same = a.trim().toLowerCase() === b.trim().toLowerCase();
    return { kind: 'same', text: same ? `'${a.trim()}'` : `'${a.trim()}' ~ '${b.trim()}'` };
  }
  const ga = syn.index.get(fa);
  if (ga !== undefined && ga === syn.index.get(fb)) {
    return { kind: 'synonyms', text: `'${a.trim()}' ~ '${b.trim()}' (synonyms)` };
  }
  return null;
}

/** The parts of a student-group cell: "All students; SWD" → ["All students", "SWD"]. */
export function groupParts(group: string | null): string[] {
  return (group ?? '')
    .split(/[;,\n]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function isAllPart(part: string): boolean {
  return ALL_GROUP.has(foldFocus(part)) || ALL_GROUP.has(part.trim().toLowerCase());
}

/** True when a student-group cell means only "all students" (blank, "All", "All students"…). */
export function isAllGroup(group: string | null): boolean {
  return groupParts(group).every(isAllPart);
}

export interface GroupMatch {
  ok: boolean;
  /** Readable part of a reason, or '' when neither goal names a group. */
  text: string;
}

/**
 * Are two goals' student groups compatible? A cell may list several groups ("All students;
 * SWD"). Compatible: either is all students only; the upper one includes all students; or they
 * share a group (synonyms allowed). Two goals for different groups are not.
 * @param lower group of the supporting goal
 * @param upper group of the goal it would support
 */
export function matchGroups(lower: string | null, upper: string | null, syn: Synonyms): GroupMatch {
  const la = isAllGroup(lower);
  const ua = isAllGroup(upper);
  if (la && ua) return { ok: true, text: '' };
  if (ua || groupParts(upper).some(isAllPart)) {
    return { ok: true, text: `student group '${lower!.trim()}' within all students` };
  }
  if (la) return { ok: true, text: `all students, including '${upper!.trim()}'` };
  for (const a of groupParts(lower)) {
    for (const b of groupParts(upper)) {
      const m = matchPhrase(a, b, syn);
      if (m) return { ok: true, text: `same student group ${m.text}` };
    }
  }
  return { ok: false, text: `different student groups '${lower!.trim()}' vs '${upper!.trim()}'` };
}
