/**
 * The drawn Alignment Map: one shape per goal, one row of shapes per level (district at the
 * top), and one connector per link from the parent's bottom to the child's top (solid: the goal
 * names its parent; dashed: inferred). Orphans have a dashed red outline, district priorities
 * no goal serves an orange fill; each shape carries the professional learning that serves it.
 * One plan for both adapters (DrawingML in the file, the Office.js shapes API in the add-in).
 */
import type { DrawingPlan, ShapePlan } from '../plans/types';
import type { GoalRecord } from './goals-sheet';
import { LEVEL_RANK, type AlignmentAnalysis } from './graph';

export const SHAPE_WIDTH = 200;
export const SHAPE_HEIGHT = 96;
const GAP_X = 18;
const GAP_Y = 64;
const LEFT = 12;

const FILL = { district: '#1F4E79', school: '#2E75B6', team: '#DEEBF7', individual: '#F2F2F2' };
const FONT = { district: '#FFFFFF', school: '#FFFFFF', team: '#000000', individual: '#000000' };
const LINE = { district: '#1F4E79', school: '#1F4E79', team: '#2E75B6', individual: '#7F7F7F' };
const UNSUPPORTED_FILL = '#F4B183';
const ORPHAN_LINE = '#C00000';
const LINK_COLOR = '#404040';

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function shapeText(x: GoalRecord, a: AlignmentAnalysis, twins: Map<string, string[]>): string {
  const lines = [
    `${x.id} · ${x.focus ?? x.team ?? x.school ?? x.level}`,
    clip(x.statement || '(no statement)', 70),
  ];
  if (x.learning)
    lines.push(clip(`PL: ${x.learning}${x.hours !== null ? `, ${x.hours} h` : ''}`, 40));
  if (a.orphans.includes(x.id)) lines.push('Not linked to a priority');
  if (a.unsupported.includes(x.id)) lines.push('No goal serves this priority');
  const same = twins.get(x.id);
  if (same?.length) lines.push(`Same focus as ${same.join(', ')}`);
  return lines.join('\n');
}

/**
 * Horizontal slot of each goal: a tidy tree, each goal centred over its children where its row
 * has room, so connectors mostly run straight down.
 */
function slots(
  order: readonly { x: GoalRecord; parent: string | null }[],
  row: (x: GoalRecord) => number,
): Map<string, number> {
  const seen = new Set<string>();
  const children = new Map<string, GoalRecord[]>();
  const roots: GoalRecord[] = [];
  for (const { x, parent } of order) {
    if (parent && seen.has(parent)) children.set(parent, [...(children.get(parent) ?? []), x]);
    else roots.push(x);
    seen.add(x.id);
  }
  const next = new Map<number, number>();
  const at = new Map<string, number>();
  const place = (x: GoalRecord): void => {
    const kids = children.get(x.id) ?? [];
    kids.forEach(place);
    const free = next.get(row(x)) ?? 0;
    const centre = kids.length
      ? (at.get(kids[0].id)! + at.get(kids[kids.length - 1].id)!) / 2
      : free;
    const slot = Math.max(free, centre);
    at.set(x.id, slot);
    next.set(row(x), slot + 1);
  };
  roots.forEach(place);
  return at;
}

/**
 * Lay out the map.
 *
 * @param a the alignment analysis
 * @param order goals in outline order, each with the goal it sits under (null at the top)
 * @param top pixels from the top of the sheet to the first row of shapes
 * @returns the drawing, its height and its width in pixels
 */
export function mapDrawing(
  a: AlignmentAnalysis,
  order: readonly { x: GoalRecord; parent: string | null }[],
  top: number,
): { drawing: DrawingPlan; height: number; width: number } {
  const twins = new Map<string, string[]>();
  for (const d of a.duplicates)
    for (const id of d.goals)
      twins.set(id, [...(twins.get(id) ?? []), ...d.goals.filter((g) => g !== id)]);
  const levels = [...new Set(order.map((e) => LEVEL_RANK[e.x.level]))].sort((p, q) => p - q);
  const row = (x: GoalRecord) => levels.indexOf(LEVEL_RANK[x.level]);
  const at = slots(order, row);
  const shapes: ShapePlan[] = order.map(({ x }) => {
    const unsupported = a.unsupported.includes(x.id);
    const orphan = a.orphans.includes(x.id);
    return {
      id: x.id,
      geometry: x.level === 'district' ? 'rectangle' : 'roundRectangle',
      left: Math.round(LEFT + at.get(x.id)! * (SHAPE_WIDTH + GAP_X)),
      top: top + row(x) * (SHAPE_HEIGHT + GAP_Y),
      width: SHAPE_WIDTH,
      height: SHAPE_HEIGHT,
      text: shapeText(x, a, twins),
      fill: unsupported ? UNSUPPORTED_FILL : FILL[x.level],
      fontColor: unsupported ? '#000000' : FONT[x.level],
      line: orphan ? ORPHAN_LINE : LINE[x.level],
      ...(orphan ? { dashed: true } : {}),
    };
  });
  const connectors = a.links.map((l) => ({
    from: l.to,
    to: l.from,
    dashed: l.kind !== 'explicit',
    color: LINK_COLOR,
  }));
  const height = levels.length ? levels.length * (SHAPE_HEIGHT + GAP_Y) - GAP_Y : 0;
  const width = Math.max(0, ...shapes.map((sh) => sh.left + sh.width)) + LEFT;
  return { drawing: { shapes, connectors }, height, width };
}
