/**
 * A goal's trajectory in miniature for the Progress step: the value at each window (solid line),
 * the expected path from the baseline to the target (dashed), and the target (dotted line), drawn
 * with SVG attributes only (the CSP allows no inline style). The picture is hidden from screen
 * readers; the same numbers are in the table under it.
 */
import { el } from '../dom';
import { progressNumber, type Trajectory } from '../progress-logic';

const SVG = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 130;
const LEFT = 44;
const RIGHT = 12;
const TOP = 8;
const BOTTOM = 22;

function svg(tag: string, attrs: Record<string, string>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Screen position of point k of n, and of a value on the scale. */
function scales(t: Trajectory) {
  const n = t.points.length;
  const x = (k: number) => LEFT + (n === 1 ? 0 : (k * (W - LEFT - RIGHT)) / (n - 1));
  const span = t.max - t.min || 1;
  const y = (v: number) => TOP + ((t.max - v) / span) * (H - TOP - BOTTOM);
  return { x, y };
}

/** A polyline through the points that have a value (a gap is skipped, as Excel's line does). */
function line(pts: [number, number][], cls: string): SVGElement {
  return svg('polyline', {
    class: cls,
    points: pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' '),
    fill: 'none',
  });
}

function picture(t: Trajectory): SVGElement {
  const { x, y } = scales(t);
  const box = svg('svg', {
    class: 'pane__traj',
    viewBox: `0 0 ${W} ${H}`,
    width: '100%',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  const f = (v: number) => progressNumber(v, t.share);
  box.append(
    svg('line', {
      class: 'pane__traj-axis',
      x1: `${LEFT}`,
      x2: `${LEFT}`,
      y1: `${TOP}`,
      y2: `${H - BOTTOM}`,
    }),
    svg(
      'text',
      { class: 'pane__traj-tick', x: `${LEFT - 4}`, y: `${y(t.max) + 4}`, 'text-anchor': 'end' },
      f(t.max),
    ),
    svg(
      'text',
      { class: 'pane__traj-tick', x: `${LEFT - 4}`, y: `${y(t.min)}`, 'text-anchor': 'end' },
      f(t.min),
    ),
    svg('line', {
      class: 'pane__traj-target',
      x1: `${LEFT}`,
      x2: `${W - RIGHT}`,
      y1: `${y(t.target)}`,
      y2: `${y(t.target)}`,
    }),
  );
  const expected: [number, number][] = [];
  const values: [number, number][] = [];
  t.points.forEach((p, k) => {
    if (p.expected !== null) expected.push([x(k), y(p.expected)]);
    if (p.value !== null) values.push([x(k), y(p.value)]);
    const anchor = k === 0 ? 'start' : k === t.points.length - 1 ? 'end' : 'middle';
    box.append(
      svg(
        'text',
        { class: 'pane__traj-tick', x: `${x(k)}`, y: `${H - 6}`, 'text-anchor': anchor },
        p.label,
      ),
    );
  });
  box.append(line(expected, 'pane__traj-path'), line(values, 'pane__traj-value'));
  for (const [a, b] of values)
    box.append(svg('circle', { class: 'pane__traj-dot', cx: `${a}`, cy: `${b}`, r: '3' }));
  return box;
}

/** The picture with its caption and key, and the numbers as a table. */
export function trajectoryFigure(t: Trajectory, title: string): HTMLElement {
  const f = (v: number | null) => progressNumber(v, t.share);
  const caption = `${title}: the value at each window against the path to the target, ${f(t.target)}`;
  const rows = t.points.map((p) =>
    el('tr', {}, [
      el('th', { text: p.label, attrs: { scope: 'row' } }),
      el('td', { text: f(p.value) }),
      el('td', { text: f(p.expected) }),
    ]),
  );
  return el('figure', { class: 'pane__chart pane__traj-figure' }, [
    el('figcaption', { class: 'pane__chart-caption', text: caption }),
    picture(t),
    el('p', { class: 'pane__traj-key', attrs: { 'aria-hidden': 'true' } }, [
      el('span', { class: 'pane__traj-key-value', text: '● value' }),
      el('span', { class: 'pane__traj-key-path', text: '- - expected path' }),
      el('span', { class: 'pane__traj-key-target', text: '··· target' }),
    ]),
    el('table', { class: 'pane__traj-table' }, [
      el('caption', { class: 'pane__meta', text: 'The figures of the picture' }),
      el('thead', {}, [
        el('tr', {}, [
          el('th', { text: 'Window', attrs: { scope: 'col' } }),
          el('th', { text: 'Value', attrs: { scope: 'col' } }),
          el('th', { text: 'Expected', attrs: { scope: 'col' } }),
        ]),
      ]),
      el('tbody', {}, rows),
    ]),
  ]);
}
