/**
 * The parts of a plan drawn over the sheet or about its pages, as Office.js calls: charts with
 * titled axes (clustered columns, scatters), the Alignment Map's shapes and connectors (a line
 * whose ends are connected to the two goals' shapes, so it follows them when a person moves
 * one), and page setup. Plan sizes are pixels; Office.js takes points (0.75 point a pixel).
 */
import { PRINT_FOOTER, PRINT_HEADER } from '../core/plans/print';
import type { ChartPlan, DrawingPlan, PrintPlan, Rect, ShapePlan } from '../core/plans/types';

const PT = 0.75;

function rangeOf(ws: Excel.Worksheet, rect: Rect): Excel.Range {
  return ws.getRangeByIndexes(rect.row - 1, rect.column - 1, rect.rowCount, rect.columnCount);
}

const CHART_TYPE: Record<ChartPlan['type'], string> = {
  columnClustered: 'ColumnClustered',
  xyScatter: 'XYScatter',
  line: 'LineMarkers',
};

/** A dashed series of a line chart (the plan's `dash`). */
function dashed(series: Excel.ChartSeries, on: boolean | undefined): void {
  if (on) series.format.line.lineStyle = 'Dash' as Excel.ChartLineStyle;
}

/** Queue one chart. */
export function addChart(sheet: Excel.Worksheet, c: ChartPlan): void {
  const [first, ...rest] = c.series;
  if (!first) return;
  const type = CHART_TYPE[c.type];
  const chart = sheet.charts.add(
    type as Excel.ChartType,
    rangeOf(sheet, first.values),
    'Columns' as Excel.ChartSeriesBy,
  );
  chart.title.text = c.title;
  const s0 = chart.series.getItemAt(0);
  s0.name = first.name;
  s0.setXAxisValues(rangeOf(sheet, c.categories));
  dashed(s0, first.dash);
  for (const s of rest) {
    const series = chart.series.add(s.name);
    series.setValues(rangeOf(sheet, s.values));
    series.setXAxisValues(rangeOf(sheet, c.categories));
    dashed(series, s.dash);
  }
  chart.axes.categoryAxis.title.text = c.axes.x;
  chart.axes.valueAxis.title.text = c.axes.y;
  if (c.axes.yFromZero) chart.axes.valueAxis.minimum = 0;
  chart.setPosition(sheet.getRangeByIndexes(c.anchor.row - 1, c.anchor.column - 1, 1, 1));
  chart.width = c.anchor.width * PT;
  chart.height = c.anchor.height * PT;
}

const GEOMETRY: Record<ShapePlan['geometry'], string> = {
  rectangle: 'Rectangle',
  roundRectangle: 'RoundRectangle',
  ellipse: 'Ellipse',
};
/** Connection sites of Excel's rectangles: 0 top, 1 left, 2 bottom, 3 right. */
const TOP = 0;
const BOTTOM = 2;

function addShape(sheet: Excel.Worksheet, s: ShapePlan): Excel.Shape {
  const shape = sheet.shapes.addGeometricShape(GEOMETRY[s.geometry] as Excel.GeometricShapeType);
  shape.name = s.id;
  shape.left = s.left * PT;
  shape.top = s.top * PT;
  shape.width = s.width * PT;
  shape.height = s.height * PT;
  shape.fill.setSolidColor(s.fill);
  shape.lineFormat.color = s.line;
  if (s.dashed) shape.lineFormat.dashStyle = 'Dash' as Excel.ShapeLineDashStyle;
  shape.textFrame.textRange.text = s.text;
  shape.textFrame.textRange.font.color = s.fontColor;
  shape.textFrame.textRange.font.size = 9;
  return shape;
}

/** Queue the drawing: every shape, then every connector joined to its two shapes. */
export function addDrawing(sheet: Excel.Worksheet, d: DrawingPlan): void {
  const shapes = new Map<string, { plan: ShapePlan; shape: Excel.Shape }>();
  for (const s of d.shapes) shapes.set(s.id, { plan: s, shape: addShape(sheet, s) });
  for (const c of d.connectors) {
    const a = shapes.get(c.from);
    const b = shapes.get(c.to);
    if (!a || !b) continue;
    const line = sheet.shapes.addLine(
      (a.plan.left + a.plan.width / 2) * PT,
      (a.plan.top + a.plan.height) * PT,
      (b.plan.left + b.plan.width / 2) * PT,
      b.plan.top * PT,
      'Straight' as Excel.ConnectorType,
    );
    line.name = `Link ${c.from} - ${c.to}`;
    line.lineFormat.color = c.color;
    line.lineFormat.weight = 1.5;
    if (c.dashed) line.lineFormat.dashStyle = 'Dash' as Excel.ShapeLineDashStyle;
    line.line.connectBeginShape(a.shape, BOTTOM);
    line.line.connectEndShape(b.shape, TOP);
  }
}

/** Queue the page setup: orientation, fit to pages, print title rows, header and footer. */
export function setPrint(sheet: Excel.Worksheet, p: PrintPlan): void {
  const layout = sheet.pageLayout;
  layout.orientation = (
    p.orientation === 'landscape' ? 'Landscape' : 'Portrait'
  ) as Excel.PageOrientation;
  if (p.fitWidth !== undefined || p.fitHeight !== undefined)
    layout.zoom = { horizontalFitToPages: p.fitWidth ?? 0, verticalFitToPages: p.fitHeight ?? 0 };
  if (p.titleRows) layout.setPrintTitleRows(`$${p.titleRows.first}:$${p.titleRows.last}`);
  // Excel's codes: "&L…&R…" is the file format's; Office.js takes each part on its own.
  const [, left, right] = /^&L(.*)&R(.*)$/.exec(PRINT_HEADER) ?? [];
  const all = layout.headersFooters.defaultForAllPages;
  if (left !== undefined) all.leftHeader = left;
  if (right !== undefined) all.rightHeader = right;
  all.centerFooter = PRINT_FOOTER.replace(/^&C/, '');
}
