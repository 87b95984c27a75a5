/**
 * DrawingML parts of a sheet we write: charts (clustered columns and scatters, with titled axes
 * and cached values) and the drawn shapes and connectors of a `DrawingPlan`, all in the sheet's
 * one drawing part. ECMA-376 Part 1, §20.5 (spreadsheet drawing) and §21.2 (charts).
 */
import type {
  ChartPlan,
  ConnectorPlan,
  DrawingPlan,
  PlanCell,
  Rect,
  ShapePlan,
} from '../../../core/plans/types';
import { isFormulaCell } from '../../../core/plans/types';
import { columnLetters, quoteSheetName } from '../../../core/types';
import { xmlText as xmlEscape } from './text';

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const EMU_PER_PIXEL = 9525;

type CellAt = ((row: number, column: number) => PlanCell) | undefined;

function ref(rect: Rect): string {
  const a = `$${columnLetters(rect.column)}$${rect.row}`;
  const b = `$${columnLetters(rect.column + rect.columnCount - 1)}$${rect.row + rect.rowCount - 1}`;
  return `${a}:${b}`;
}

/** Cells of a one-column or one-row rect, in order. */
function rectCells(rect: Rect): { row: number; column: number }[] {
  const out: { row: number; column: number }[] = [];
  for (let r = rect.row; r < rect.row + rect.rowCount; r++)
    for (let c = rect.column; c < rect.column + rect.columnCount; c++)
      out.push({ row: r, column: c });
  return out;
}

function shown(cells: CellAt, row: number, column: number): PlanCell {
  const c = cells?.(row, column) ?? null;
  return isFormulaCell(c) ? c.value : c;
}

function rich(text: string, size?: number): string {
  const rPr = size ? `<a:rPr lang="en-US" sz="${size}" b="0"/>` : '';
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r>${rPr}<a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/>`;
}

function numRef(rect: Rect, sheet: string, cells: CellAt): string {
  const pts = rectCells(rect)
    .map((p, j) => {
      const v = shown(cells, p.row, p.column);
      return typeof v === 'number' && Number.isFinite(v)
        ? `<c:pt idx="${j}"><c:v>${v}</c:v></c:pt>`
        : '';
    })
    .join('');
  return `<c:numRef><c:f>${xmlEscape(`${quoteSheetName(sheet)}!${ref(rect)}`)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${rectCells(rect).length}"/>${pts}</c:numCache></c:numRef>`;
}

function strRef(rect: Rect, sheet: string, cells: CellAt): string {
  const cats = rectCells(rect);
  const pts = cats
    .map(
      (p, i) =>
        `<c:pt idx="${i}"><c:v>${xmlEscape(String(shown(cells, p.row, p.column) ?? ''))}</c:v></c:pt>`,
    )
    .join('');
  return `<c:strRef><c:f>${xmlEscape(`${quoteSheetName(sheet)}!${ref(rect)}`)}</c:f><c:strCache><c:ptCount val="${cats.length}"/>${pts}</c:strCache></c:strRef>`;
}

/** An axis: `kind` cat or val, its id, the crossing axis, position, title and lowest value. */
function axis(
  kind: 'cat' | 'val',
  id: number,
  cross: number,
  pos: 'b' | 'l',
  title: string,
  fromZero = false,
): string {
  const grid = pos === 'l' ? '<c:majorGridlines/>' : '';
  const tail =
    kind === 'cat'
      ? '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
      : '<c:crossBetween val="between"/>';
  return (
    `<c:${kind}Ax><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/>${fromZero ? '<c:min val="0"/>' : ''}</c:scaling><c:delete val="0"/><c:axPos val="${pos}"/>${grid}` +
    `<c:title>${rich(title, 1000)}</c:title><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="low"/>` +
    `<c:crossAx val="${cross}"/><c:crosses val="autoZero"/>${tail}</c:${kind}Ax>`
  );
}

function barSeries(chart: ChartPlan, sheet: string, cells: CellAt): string {
  return chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx><c:invertIfNegative val="0"/>` +
        `<c:cat>${strRef(chart.categories, sheet, cells)}</c:cat><c:val>${numRef(s.values, sheet, cells)}</c:val></c:ser>`,
    )
    .join('');
}

function scatterSeries(chart: ChartPlan, sheet: string, cells: CellAt): string {
  return chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="6"/></c:marker>` +
        `<c:xVal>${numRef(chart.categories, sheet, cells)}</c:xVal><c:yVal>${numRef(s.values, sheet, cells)}</c:yVal><c:smooth val="0"/></c:ser>`,
    )
    .join('');
}

function lineSeries(chart: ChartPlan, sheet: string, cells: CellAt): string {
  return chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:ln w="22225" cap="rnd">${s.dash ? '<a:prstDash val="dash"/>' : ''}<a:round/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="${s.dash ? 'none' : 'circle'}"/>${s.dash ? '' : '<c:size val="6"/>'}</c:marker>` +
        `<c:cat>${strRef(chart.categories, sheet, cells)}</c:cat><c:val>${numRef(s.values, sheet, cells)}</c:val><c:smooth val="0"/></c:ser>`,
    )
    .join('');
}

/** The plot of a chart: its series and its two titled axes. */
function plotXml(chart: ChartPlan, sheet: string, cells: CellAt): string {
  const ids = '<c:axId val="50010001"/><c:axId val="50010002"/>';
  if (chart.type === 'xyScatter')
    return (
      `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${scatterSeries(chart, sheet, cells)}${ids}</c:scatterChart>` +
      axis('val', 50010001, 50010002, 'b', chart.axes.x) +
      axis('val', 50010002, 50010001, 'l', chart.axes.y)
    );
  const series =
    chart.type === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${lineSeries(chart, sheet, cells)}<c:marker val="1"/>${ids}</c:lineChart>`
      : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${barSeries(chart, sheet, cells)}<c:gapWidth val="150"/>${ids}</c:barChart>`;
  return (
    series +
    axis('cat', 50010001, 50010002, 'b', chart.axes.x) +
    axis('val', 50010002, 50010001, 'l', chart.axes.y, chart.axes.yFromZero)
  );
}

/** A chart whose series refer to the plan's cells, with cached values and titled axes. */
export function chartXml(chart: ChartPlan, sheet: string, cells: CellAt): string {
  const plot = plotXml(chart, sheet, cells);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${REL_NS}">` +
    `<c:roundedCorners val="0"/><c:chart><c:title>${rich(chart.title, 1200)}</c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

const emu = (px: number) => Math.round(px * EMU_PER_PIXEL);
const color = (hex: string) => `<a:srgbClr val="${hex.replace('#', '').toUpperCase()}"/>`;
const PRESET: Record<ShapePlan['geometry'], string> = {
  rectangle: 'rect',
  roundRectangle: 'roundRect',
  ellipse: 'ellipse',
};

function absolute(left: number, top: number, width: number, height: number, body: string): string {
  return (
    `<xdr:absoluteAnchor><xdr:pos x="${emu(left)}" y="${emu(top)}"/><xdr:ext cx="${emu(width)}" cy="${emu(height)}"/>` +
    `${body}<xdr:clientData/></xdr:absoluteAnchor>`
  );
}

function shapeXml(s: ShapePlan, id: number): string {
  const dash = s.dashed ? '<a:prstDash val="dash"/>' : '';
  const paragraphs = s.text
    .split('\n')
    .map(
      (line, i) =>
        `<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-US" sz="${i === 0 ? 1000 : 900}" b="${i === 0 ? 1 : 0}"><a:solidFill>${color(s.fontColor)}</a:solidFill></a:rPr><a:t>${xmlEscape(line)}</a:t></a:r></a:p>`,
    )
    .join('');
  return absolute(
    s.left,
    s.top,
    s.width,
    s.height,
    `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="${id}" name="${xmlEscape(s.id)}" descr="${xmlEscape(s.text)}"/><xdr:cNvSpPr/></xdr:nvSpPr>` +
      `<xdr:spPr><a:xfrm><a:off x="${emu(s.left)}" y="${emu(s.top)}"/><a:ext cx="${emu(s.width)}" cy="${emu(s.height)}"/></a:xfrm>` +
      `<a:prstGeom prst="${PRESET[s.geometry]}"><a:avLst/></a:prstGeom><a:solidFill>${color(s.fill)}</a:solidFill>` +
      `<a:ln w="15875"><a:solidFill>${color(s.line)}</a:solidFill>${dash}</a:ln></xdr:spPr>` +
      `<xdr:txBody><a:bodyPr wrap="square" lIns="45720" tIns="27432" rIns="45720" bIns="27432" anchor="ctr"><a:normAutofit/></a:bodyPr><a:lstStyle/>${paragraphs}</xdr:txBody></xdr:sp>`,
  );
}

/** Connection sites of the preset shapes used: 0 top, 2 bottom (ECMA-376 presetShapeDefinitions). */
const TOP = 0;
const BOTTOM = 2;

function connectorXml(
  c: ConnectorPlan,
  id: number,
  ids: Map<string, number>,
  shapes: Map<string, ShapePlan>,
): string {
  const a = shapes.get(c.from)!;
  const b = shapes.get(c.to)!;
  const x1 = a.left + a.width / 2;
  const y1 = a.top + a.height;
  const x2 = b.left + b.width / 2;
  const y2 = b.top;
  const flip = `${x2 < x1 ? ' flipH="1"' : ''}${y2 < y1 ? ' flipV="1"' : ''}`;
  const [left, top] = [Math.min(x1, x2), Math.min(y1, y2)];
  const [width, height] = [Math.abs(x2 - x1), Math.abs(y2 - y1)];
  const dash = c.dashed ? '<a:prstDash val="dash"/>' : '';
  return absolute(
    left,
    top,
    width,
    height,
    `<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="${id}" name="${xmlEscape(`Link ${c.from} - ${c.to}`)}"/>` +
      `<xdr:cNvCxnSpPr><a:stCxn id="${ids.get(c.from)}" idx="${BOTTOM}"/><a:endCxn id="${ids.get(c.to)}" idx="${TOP}"/></xdr:cNvCxnSpPr></xdr:nvCxnSpPr>` +
      `<xdr:spPr><a:xfrm${flip}><a:off x="${emu(left)}" y="${emu(top)}"/><a:ext cx="${emu(width)}" cy="${emu(height)}"/></a:xfrm>` +
      `<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom><a:ln w="19050"><a:solidFill>${color(c.color)}</a:solidFill>${dash}</a:ln></xdr:spPr></xdr:cxnSp>`,
  );
}

function chartAnchor(plan: ChartPlan, rId: string, id: number): string {
  const a = plan.anchor;
  return (
    `<xdr:oneCellAnchor><xdr:from><xdr:col>${a.column - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${emu(a.width)}" cy="${emu(a.height)}"/>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="Chart ${id}" descr="${xmlEscape(plan.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${C_NS}">` +
    `<c:chart xmlns:c="${C_NS}" r:id="${rId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`
  );
}

/** The sheet's drawing part: its charts, then its shapes, then the connectors between them. */
export function drawingXml(
  charts: { plan: ChartPlan; rId: string }[],
  drawing?: DrawingPlan,
): string {
  let next = 2;
  const anchors = charts.map(({ plan, rId }) => chartAnchor(plan, rId, next++));
  const ids = new Map<string, number>();
  const shapes = new Map<string, ShapePlan>();
  for (const s of drawing?.shapes ?? []) {
    ids.set(s.id, next);
    shapes.set(s.id, s);
    anchors.push(shapeXml(s, next++));
  }
  for (const c of drawing?.connectors ?? [])
    if (shapes.has(c.from) && shapes.has(c.to)) anchors.push(connectorXml(c, next++, ids, shapes));
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${A_NS}" xmlns:r="${REL_NS}">${anchors.join('')}</xdr:wsDr>`
  );
}
