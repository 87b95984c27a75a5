/**
 * Jest's `expect` with an optional message as its second argument, as Vitest's has:
 * `expect(value, 'sheet Impact, row 4').toBe(3)` fails with the message above Jest's own.
 * jest-expect-message does this for the global `expect` of @types/jest, not for the `expect`
 * that @jest/globals exports (whose type cannot be augmented), hence this small wrapper.
 */
import { expect as jestExpect } from '@jest/globals';

type Matchers<T> = ReturnType<typeof jestExpect<T>>;

function prefixed(error: unknown, message: string): unknown {
  if (!(error instanceof Error)) return error;
  const original = error.message;
  error.message = `${message}\n\n${original}`;
  if (error.stack) error.stack = error.stack.replace(original, error.message);
  return error;
}

/** The matchers (and .not, .resolves, .rejects) with every failure prefixed by `message`. */
function withMessage<M extends object>(matchers: M, message: string): M {
  return new Proxy(matchers, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value === 'function')
        return (...args: unknown[]) => {
          try {
            const result: unknown = value.apply(target, args);
            if (result instanceof Promise)
              return result.catch((e: unknown) => Promise.reject(prefixed(e, message)));
            return result;
          } catch (e) {
            throw prefixed(e, message);
          }
        };
      if (value !== null && typeof value === 'object') return withMessage(value, message);
      return value;
    },
  });
}

function expectWithMessage<T>(actual: T, message?: string): Matchers<T> {
  const matchers = jestExpect(actual);
  return message === undefined ? matchers : withMessage(matchers, message);
}

export const expect: typeof expectWithMessage & typeof jestExpect = Object.assign(
  expectWithMessage,
  jestExpect,
);
