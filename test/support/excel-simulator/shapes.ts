/**
 * Excel.ShapeCollection (addGeometricShape, addLine) and the shape properties Throughline sets,
 * recorded on the sheet: position and size in points, text, fill, line, and the shapes a line's
 * ends are connected to (`line.connectBeginShape(shape, site)`, `connectEndShape`). Errors
 * follow Excel's: an unknown geometric type or connector type is an InvalidArgument, and
 * connecting to a shape of another sheet or a deleted one is ItemNotFound.
 */
import type { ContextCore } from './context';
import { ErrorCodes, SimulatedExcelError } from './errors';
import type { SheetModel } from './model';

export interface ShapeModel {
  id: string;
  kind: 'geometric' | 'line';
  /** Geometric shape type ("RoundRectangle") or connector type ("Straight"). */
  type: string;
  name?: string;
  left: number;
  top: number;
  width: number;
  height: number;
  text?: string;
  fontColor?: string;
  fontSize?: number;
  fill?: string;
  lineColor?: string;
  lineWeight?: number;
  dashStyle?: string;
  begin?: { shape: string; site: number };
  end?: { shape: string; site: number };
}

const GEOMETRIC = new Set(['Rectangle', 'RoundRectangle', 'Ellipse']);
const CONNECTORS = new Set(['Straight', 'Elbow', 'Curve']);

function invalid(why: string): SimulatedExcelError {
  return new SimulatedExcelError(
    ErrorCodes.invalidArgument,
    `The argument is invalid or missing or has an incorrect format. (${why})`,
  );
}

/** The proxy of one shape; every setter is queued and applied at the sync. */
function shapeProxy(
  core: ContextCore,
  path: string,
  target: () => ShapeModel,
  sheet: () => SheetModel,
) {
  const set = (prop: string, value: unknown, apply: (s: ShapeModel) => void) =>
    core.enqueue({ json: { path, op: 'set', prop, value }, run: () => apply(target()) });
  const call = (method: string, args: unknown[], apply: (s: ShapeModel) => void) =>
    core.enqueue({ json: { path, op: 'call', method, args }, run: () => apply(target()) });
  const connect =
    (end: 'begin' | 'end') => (other: { resolveShape: () => ShapeModel }, site: number) =>
      call(end === 'begin' ? 'line.connectBeginShape' : 'line.connectEndShape', [site], (s) => {
        if (s.kind !== 'line') throw invalid('only a line connects to shapes');
        const o = other.resolveShape();
        if (!sheet().shapes.includes(o))
          throw new SimulatedExcelError(
            ErrorCodes.itemNotFound,
            "The requested resource doesn't exist. (shape)",
          );
        s[end] = { shape: o.id, site };
      });
  const proxy = {
    resolveShape: target,
    set name(v: string) {
      set('name', v, (s) => void (s.name = v));
    },
    set left(v: number) {
      set('left', v, (s) => void (s.left = v));
    },
    set top(v: number) {
      set('top', v, (s) => void (s.top = v));
    },
    set width(v: number) {
      set('width', v, (s) => void (s.width = v));
    },
    set height(v: number) {
      set('height', v, (s) => void (s.height = v));
    },
    fill: {
      setSolidColor: (c: string) => call('fill.setSolidColor', [c], (s) => void (s.fill = c)),
    },
    lineFormat: {
      set color(v: string) {
        set('lineFormat.color', v, (s) => void (s.lineColor = v));
      },
      set weight(v: number) {
        set('lineFormat.weight', v, (s) => void (s.lineWeight = v));
      },
      set dashStyle(v: string) {
        set('lineFormat.dashStyle', v, (s) => void (s.dashStyle = v));
      },
    },
    textFrame: {
      textRange: {
        set text(v: string) {
          set('textFrame.textRange.text', v, (s) => void (s.text = v));
        },
        font: {
          set color(v: string) {
            set('textFrame.textRange.font.color', v, (s) => void (s.fontColor = v));
          },
          set size(v: number) {
            set('textFrame.textRange.font.size', v, (s) => void (s.fontSize = v));
          },
        },
      },
    },
    line: { connectBeginShape: connect('begin'), connectEndShape: connect('end') },
  };
  return proxy;
}

export class ShapeCollectionProxy {
  constructor(
    readonly core: ContextCore,
    readonly path: string,
    private readonly sheet: () => SheetModel,
  ) {}

  /** Ids are per sheet (a sheet is new on every run), so two runs give the same ids. */
  private nextId(): string {
    return `shape${this.sheet().shapes.length + 1}`;
  }

  private add(method: string, args: unknown[], make: () => ShapeModel) {
    let shape: ShapeModel | null = null;
    this.core.enqueue({
      json: { path: this.path, op: 'call', method, args },
      run: () => {
        shape = make();
        this.sheet().shapes.push(shape);
      },
    });
    const target = () => {
      if (!shape)
        throw new SimulatedExcelError(
          ErrorCodes.itemNotFound,
          "The requested resource doesn't exist. (shape)",
        );
      return shape;
    };
    return shapeProxy(this.core, `${this.path}.${method}`, target, this.sheet);
  }

  addGeometricShape(type: string) {
    return this.add('addGeometricShape', [type], () => {
      if (!GEOMETRIC.has(type)) throw invalid(`geometric shape type ${type}`);
      return {
        id: this.nextId(),
        kind: 'geometric',
        type,
        left: 0,
        top: 0,
        width: 72,
        height: 72,
      };
    });
  }

  addLine(startLeft: number, startTop: number, endLeft: number, endTop: number, type = 'Straight') {
    return this.add('addLine', [startLeft, startTop, endLeft, endTop, type], () => {
      if (!CONNECTORS.has(type)) throw invalid(`connector type ${type}`);
      return {
        id: this.nextId(),
        kind: 'line',
        type,
        left: Math.min(startLeft, endLeft),
        top: Math.min(startTop, endTop),
        width: Math.abs(endLeft - startLeft),
        height: Math.abs(endTop - startTop),
      };
    });
  }
}
