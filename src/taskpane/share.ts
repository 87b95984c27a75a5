/**
 * "Share a slice" (issue 20): the pane's role and name as a slice of core (`--slice` on the
 * command line), and what the button says. Pure (no DOM, no Office): handlers.ts runs it.
 *
 *   Educator       educator="NAME"   her record, her students, her goals and her team's and school's
 *   Coach          coach="NAME" when the data names coaches (her teams), else team="NAME"
 *   Team           team="NAME" (offered beside Coach when the data names coaches)
 *   School leader  school="NAME"
 *   System leader  no slice: the whole district is what the workbook itself holds, so there is
 *                  nothing to cut; the button says to choose a school, team or educator.
 */
import type { Slice, SliceKind } from '../core/slice';
import type { Views } from '../core/views';
import { choosesCoach, hasCoaches, type PaneRole, validName } from './scope';

const KIND: Record<PaneRole, SliceKind | null> = {
  educator: 'educator',
  coach: 'team',
  team: 'team',
  school: 'school',
  system: null,
};

/** The slice of a role and its chosen name (the role's first name until one is chosen). */
export function sliceOf(
  views: Views | undefined,
  role: PaneRole,
  name: string | null,
): Slice | null {
  const kind = choosesCoach(views, role) ? 'coach' : KIND[role];
  const valid = validName(views, role, name);
  return kind && valid !== null ? { kind, name: valid } : null;
}

/** Why the button cannot share now, in one sentence; null when it can. */
export function shareBlocked(
  analysed: boolean,
  views: Views | undefined,
  role: PaneRole,
  name: string | null,
): string | null {
  if (!analysed) return 'Analyse the workbook first, then choose whose slice to share.';
  if (KIND[role] === null)
    return `The System leader sees the whole district: choose the School leader, ${hasCoaches(views) ? 'Coach, Team' : 'Coach / Team'} or Educator role to share one slice.`;
  if (!sliceOf(views, role, name)) return 'The analysis names no one for this role to share.';
  return null;
}

/** What the slice is called: "Lakeside Grade 4" (the name as the data spells it). */
export function sliceFileName(slice: Slice): string {
  // Characters no file name may hold (Windows' list) become spaces; the name stays readable.
  const safe = [...slice.name]
    .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return `Throughline – ${safe || slice.kind}.xlsx`;
}

/** Whose records a slice holds, possessive: "team Lakeside Grade 4's", "Renata Sokolova's teams'". */
function whose(slice: Slice): string {
  if (slice.kind === 'team') return `team ${slice.name}'s`;
  if (slice.kind === 'coach') return `${slice.name}'s teams'`;
  return `${slice.name}'s`;
}

/** What a person is told once the slice is out, in one sentence. */
export function sharedStatus(slice: Slice, how: 'opened' | 'download'): string {
  return how === 'opened'
    ? `Opened a new workbook holding only ${whose(slice)} records, goals and figures: check it, then save and share it.`
    : `"${sliceFileName(slice)}" holds only ${whose(slice)} records, goals and figures: save it from your browser's downloads and share it.`;
}

/** Base64 of bytes, as Excel.createWorkbook takes a workbook (no Node Buffer in the pane). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step)
    text += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(text);
}
