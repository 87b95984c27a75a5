/** What every proxy shares: a path (for the request JSON), lazy resolution, load and strict reads. */
import type { ContextCore } from './context';
import { SimulatedExcelError, ErrorCodes, propertyNotLoaded } from './errors';

export type LoadSpec = string | string[] | { select?: string | string[] } | undefined;

export function loadNames(spec: LoadSpec, all: readonly string[]): string[] {
  let names: string[];
  if (spec === undefined) names = [...all];
  else if (typeof spec === 'string') names = spec.split(',');
  else if (Array.isArray(spec)) names = spec;
  else names = typeof spec.select === 'string' ? spec.select.split(',') : (spec.select ?? [...all]);
  return names.map((n) => n.trim()).filter((n) => n.length > 0);
}

/**
 * A client object. `locate` finds its model object when an operation runs (null for a null
 * object); the first result is kept, as Excel tracks an object once it has found it.
 */
export abstract class ClientObject<T> {
  protected loaded = new Map<string, unknown>();
  private bound: { target: T | null } | null = null;
  abstract readonly loadable: readonly string[];

  constructor(
    readonly core: ContextCore,
    readonly path: string,
    private readonly locateTarget: () => T | null,
    readonly nullable = false,
  ) {
    if (nullable) {
      // isNullObject is known after the next sync, without a load.
      this.core.enqueue({
        json: { path, op: 'resolve' },
        run: () => {
          this.tryResolve();
        },
        after: () => this.loaded.set('isNullObject', this.bound?.target === null),
      });
    }
  }

  /** Bind to a model object created by an operation (worksheets.add, tables.add, …). */
  bind(target: T): void {
    this.bound = { target };
  }

  protected tryResolve(): T | null {
    if (!this.bound) this.bound = { target: this.locateTarget() };
    if (this.bound.target !== null) this.checkAlive(this.bound.target);
    return this.bound.target;
  }

  /** Throws ItemNotFound when the object was deleted since it was found. */
  protected checkAlive(_target: T): void {}

  /** The model object; a null object or a missing one throws ItemNotFound. */
  resolve(): T {
    const t = this.tryResolve();
    if (t === null)
      throw new SimulatedExcelError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist. (${this.path})`,
      );
    return t;
  }

  get isNullObject(): boolean {
    return this.prop('isNullObject');
  }

  protected prop<V>(name: string): V {
    if (!this.loaded.has(name)) throw propertyNotLoaded(name);
    return this.loaded.get(name) as V;
  }

  /** The value of a loadable property, read from the model when the load runs. */
  protected abstract read(name: string, target: T): unknown;

  load(spec?: LoadSpec): this {
    const names = loadNames(spec, this.loadable);
    for (const n of names) {
      if (!this.loadable.includes(n)) {
        throw new SimulatedExcelError(
          ErrorCodes.invalidArgument,
          `The argument is invalid or missing or has an incorrect format. (the simulator cannot load '${n}' of ${this.path})`,
        );
      }
    }
    let result: Record<string, unknown> | null = null;
    let isNull = false;
    this.core.enqueue({
      json: { path: this.path, op: 'load', names },
      run: () => {
        const t = this.nullable ? this.tryResolve() : this.resolve();
        if (t === null) {
          isNull = true;
          return;
        }
        result = {};
        for (const n of names) result[n] = this.read(n, t);
      },
      response: () => result,
      after: () => {
        if (this.nullable) this.loaded.set('isNullObject', isNull);
        if (result) for (const [k, v] of Object.entries(result)) this.loaded.set(k, v);
      },
    });
    return this;
  }

  /** Queue a change to the model object. */
  protected queueSet(
    prop: string,
    value: unknown,
    apply: (target: T, value: unknown) => void,
  ): void {
    const copy = structuredCloneSafe(value);
    this.core.enqueue({
      json: { path: this.path, op: 'set', prop, value: copy },
      run: () => apply(this.resolve(), copy),
    });
    this.loaded.delete(prop);
  }

  /** Queue a method call on the model object. */
  protected queueCall(method: string, args: unknown[], apply: (target: T) => void): void {
    this.core.enqueue({
      json: { path: this.path, op: 'call', method, args: args.map(jsonArg) },
      run: () => apply(this.resolve()),
    });
  }

  toJSON(): unknown {
    return Object.fromEntries(this.loaded);
  }
}

function jsonArg(a: unknown): unknown {
  return a instanceof ClientObject ? { ref: a.path } : a;
}

/** Values are copied when queued, as Office.js serialises them at the time of the call. */
export function structuredCloneSafe<V>(value: V): V {
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as V;
}

const VALUE = 'value';
export type SettingsSchema = { [prop: string]: typeof VALUE | SettingsSchema };
export const V = VALUE;

/**
 * Write-only nested settings (conditional format details, chart title…): each assignment is
 * queued and applied to a plain object in the model. Reading a setting back, or writing one
 * the simulator does not know, throws — strict, so a typo cannot pass silently.
 */
export function settingsProxy(
  core: ContextCore,
  path: string,
  target: () => Record<string, unknown>,
  schema: SettingsSchema,
): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get(_o, prop) {
        if (typeof prop !== 'string') return undefined;
        if (prop === 'toJSON') return () => ({});
        const kind = schema[prop];
        if (kind === undefined)
          throw new TypeError(`The Excel simulator does not support '${prop}' of ${path}`);
        if (kind === VALUE) throw propertyNotLoaded(prop);
        return settingsProxy(
          core,
          `${path}.${prop}`,
          () => {
            const t = target();
            if (!t[prop] || typeof t[prop] !== 'object') t[prop] = {};
            return t[prop] as Record<string, unknown>;
          },
          kind,
        );
      },
      set(_o, prop, value) {
        if (typeof prop !== 'string' || schema[prop] !== VALUE)
          throw new TypeError(
            `The Excel simulator does not support setting '${String(prop)}' of ${path}`,
          );
        const copy = structuredCloneSafe(value);
        core.enqueue({
          json: { path, op: 'set', prop, value: copy },
          run: () => void (target()[prop] = copy),
        });
        return true;
      },
    },
  );
}
