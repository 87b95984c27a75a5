/** Typed arrays as plain arrays (NaN kept visible) so toEqual compares every value. */
export function plain(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x, (_k, v) =>
      ArrayBuffer.isView(v)
        ? Array.from(v as unknown as ArrayLike<number>, (n) => (Number.isNaN(n) ? 'NaN' : n))
        : v,
    ),
  );
}
