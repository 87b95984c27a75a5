/**
 * Small pictures for the pane, drawn with DOM and SVG attributes only (the CSP allows no inline
 * style attributes): bars of change per team, and the alignment map in miniature. Every figure
 * carries its numbers as text too; the bars themselves are hidden from screen readers.
 */
import { el } from '../dom';
import type { ChangeChart, MapNode } from '../logic';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** One bar on a scale from min to max (min ≤ 0 ≤ max), 0 marked; width in % of the track. */
function bar(value: number, min: number, max: number): SVGElement {
  const span = max - min || 1;
  const zero = ((0 - min) / span) * 100;
  const end = ((value - min) / span) * 100;
  const box = svg('svg', {
    class: 'pane__bar',
    width: '100%',
    height: '14',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  box.append(
    svg('rect', {
      class: value < 0 ? 'pane__bar-fill pane__bar-fill--down' : 'pane__bar-fill',
      x: `${Math.min(zero, end)}%`,
      y: '1',
      width: `${Math.max(Math.abs(end - zero), 0.5)}%`,
      height: '12',
    }),
    svg('line', { class: 'pane__bar-zero', x1: `${zero}%`, x2: `${zero}%`, y1: '0', y2: '14' }),
  );
  return box;
}

/**
 * A chart of mean change per team: a figure with a caption, and per team its name, a bar and
 * the number (the text alternative is the list itself).
 */
export function changeChart(chart: ChangeChart, unit: string): HTMLElement {
  const who = chart.population === 'educators' ? 'educators' : 'students';
  const caption = `${chart.measure}: mean change of ${who} per team, ${unit}`;
  const rows = chart.bars.map((b) =>
    el('li', { class: 'pane__bars-row' }, [
      el('span', { class: 'pane__bars-team', text: b.team }),
      bar(b.value, chart.min, chart.max),
      el('span', { class: 'pane__bars-value', text: `${b.text} (n = ${b.n})` }),
    ]),
  );
  const figure = el('figure', { class: 'pane__chart' }, [
    el('figcaption', { class: 'pane__chart-caption', text: caption }),
    el('ul', { class: 'pane__bars', attrs: { 'aria-label': caption } }, rows),
  ]);
  if (chart.missing.length)
    figure.append(
      el('p', { class: 'pane__meta', text: `No figure: ${chart.missing.join('; ')}.` }),
    );
  return figure;
}

const LEVEL_WORD: Record<string, string> = {
  district: 'District',
  school: 'School',
  team: 'Team',
  individual: 'Individual',
};

function mapNode(node: MapNode): HTMLElement {
  const marks: string[] = [];
  if (node.orphan) marks.push('no path to a district goal');
  if (node.unsupported) marks.push('no school or team goal supports it');
  const cls = [
    'pane__map-goal',
    `pane__map-goal--${node.level}`,
    node.link ? `pane__map-goal--${node.link}` : '',
    node.orphan || node.unsupported ? 'pane__map-goal--flag' : '',
  ]
    .filter((x) => x)
    .join(' ');
  const linkText =
    node.link === 'named'
      ? 'names its parent goal'
      : node.link === 'inferred'
        ? 'link inferred'
        : '';
  const item = el('li', { class: cls }, [
    el('div', { class: 'pane__map-card' }, [
      el('span', {}, [
        el('span', {
          class: 'pane__map-id',
          text: `${LEVEL_WORD[node.level] ?? node.level} ${node.id}`,
        }),
        linkText ? el('span', { class: 'pane__map-link', text: ` · ${linkText}` }) : null,
      ]),
      el('span', { class: 'pane__map-text', text: node.statement }),
      marks.length
        ? el('strong', { class: 'pane__map-flag', text: `⚠ ${marks.join('; ')}` })
        : null,
    ]),
  ]);
  if (node.children.length)
    item.append(el('ul', { class: 'pane__map-children' }, node.children.map(mapNode)));
  return item;
}

/** The alignment map in miniature: a tree of goals, district at the top (nested lists). */
export function alignmentMap(nodes: MapNode[]): HTMLElement {
  return el('figure', { class: 'pane__map' }, [
    el('figcaption', {
      class: 'pane__chart-caption',
      text: 'Goals under the goals they serve. Solid line: the goal names its parent; dashed: the link is inferred.',
    }),
    el(
      'ul',
      { class: 'pane__map-tree', attrs: { 'aria-label': 'Alignment map' } },
      nodes.map(mapNode),
    ),
  ]);
}
