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
 * Lay out the map.
 *
 * @param a the alignment analysis
 * @param order goals in outline order (each after its parent), which sets left-to-right order
 * @param top pixels from the top of the sheet to the first row of shapes
 * @returns the drawing and its height in pixels
 */
export function mapDrawing(
  a: AlignmentAnalysis,
  order: readonly GoalRecord[],
  top: number,
): { drawing: DrawingPlan; height: number } {
  const twins = new Map<string, string[]>();
  for (const d of a.duplicates)
    for (const id of d.goals)
      twins.set(id, [...(twins.get(id) ?? []), ...d.goals.filter((g) => g !== id)]);
  const levels = [...new Set(order.map((x) => LEVEL_RANK[x.level]))].sort((p, q) => p - q);
  const slot = new Map<number, number>();
  const shapes: ShapePlan[] = order.map((x) => {
    const row = levels.indexOf(LEVEL_RANK[x.level]);
    const i = slot.get(row) ?? 0;
    slot.set(row, i + 1);
    const unsupported = a.unsupported.includes(x.id);
    const orphan = a.orphans.includes(x.id);
    return {
      id: x.id,
      geometry: x.level === 'district' ? 'rectangle' : 'roundRectangle',
      left: LEFT + i * (SHAPE_WIDTH + GAP_X),
      top: top + row * (SHAPE_HEIGHT + GAP_Y),
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
  return { drawing: { shapes, connectors }, height };
}
