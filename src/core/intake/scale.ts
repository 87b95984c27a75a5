/**
 * Default ordinal scale for text ratings (Google Forms observation exports and the like).
 * One 1–4 scale for the families schools use, so components rated with different word sets
 * stay comparable: TNTP core actions (Not Yet 1, Somewhat 2, Mostly 3, Yes 4), Danielson
 * (Unsatisfactory 1 … Distinguished 4), effectiveness (Ineffective 1 … Highly Effective 4) and
 * agreement (Strongly Disagree 1 … Strongly Agree 4). "No" is 1, the bottom, like "Not Yet".
 * The config's `scale` replaces it entirely (detection writes the words it saw).
 */
export const DEFAULT_RATING_SCALE: Readonly<Record<string, number>> = {
  'not yet': 1,
  no: 1,
  somewhat: 2,
  partially: 2,
  mostly: 3,
  yes: 4,
  unsatisfactory: 1,
  basic: 2,
  proficient: 3,
  distinguished: 4,
  ineffective: 1,
  developing: 2,
  'needs improvement': 2,
  'minimally effective': 2,
  effective: 3,
  'highly effective': 4,
  'strongly disagree': 1,
  disagree: 2,
  agree: 3,
  'strongly agree': 4,
};

/** Top of the default scale. */
export const DEFAULT_RATING_MAX = 4;

/** Key used to look a rating up: lower case, single spaces, trimmed. */
export function ratingKey(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** A scale with its keys folded for lookup. */
export function foldScale(scale: Record<string, number>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(scale)) m.set(ratingKey(k), v);
  return m;
}
