/**
 * XmlBytes (src/files/xlsx/write/xml-bytes.ts) writes the bytes the writer wrote before as
 * strings: text as xmlText gives it, in UTF-8, and numbers as JavaScript writes them.
 */
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { XmlBytes } from '../../src/files/xlsx/write/xml-bytes';
import { xmlText } from '../../src/files/xlsx/write/text';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** What the writer wrote for the pieces, as one string (text escaped, numbers as `${n}`). */
function asString(pieces: (string | number)[]): string {
  return pieces.map((p) => (typeof p === 'number' ? `${p}` : xmlText(p))).join('');
}

function asBytes(pieces: (string | number)[], size: number): Buffer {
  const out = new XmlBytes(size);
  const taken: Uint8Array[] = [];
  for (const p of pieces) {
    if (typeof p === 'number') out.number(p);
    else out.text(p);
    if (out.at > size) taken.push(out.take());
  }
  taken.push(out.take());
  return Buffer.concat(taken);
}

describe('XmlBytes', () => {
  it('writes hand-picked text and numbers as the strings were', () => {
    const pieces = [
      'IF(L2="","",IF(L2>=K2,"Y","N"))',
      'a & b < c > d',
      'tab\tline\nreturn\r',
      'bell\u0007 and \u001f dropped, \uFFFE\uFFFF too',
      'é€ — 𝄞 "quoted" & more',
      '\uD800 lone',
      0,
      -0,
      7,
      -12,
      2147483647,
      -2147483647,
      2147483648,
      0.1 + 0.2,
      1e21,
      -1.5e-7,
      123456789012345,
    ];
    for (const size of [1, 8, 1 << 16]) {
      const bytes = asBytes(pieces, size);
      expect(bytes.equals(utf8(asString(pieces))), `buffer of ${size}`).toBe(true);
    }
    expect(asBytes([-0, 2147483648, 0.5], 64).toString()).toBe('021474836480.5');
  });

  it('writes any text and any number as the strings were', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('&', '<', '>', '"', 'a', '\u0001', '\r', 'é', '\uFFFF') }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.integer({ min: 1, max: 64 }), (p, n) => {
        expect(asBytes(p, n).equals(utf8(asString(p)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes bytes written earlier again (a row number in each cell reference), as it grows', () => {
    const out = new XmlBytes(4); // too small: every write past it grows the buffer
    out.ascii('<row r="');
    const at = out.at;
    out.number(1048576);
    const n = out.at - at;
    out.ascii('">');
    for (const col of ['A', 'B', 'AA']) {
      out.ascii(`<c r="${col}`);
      out.again(at, n);
      out.ascii('"/>');
    }
    expect(Buffer.from(out.take()).toString('latin1')).toBe(
      '<row r="1048576"><c r="A1048576"/><c r="B1048576"/><c r="AA1048576"/>',
    );
  });

  it('copies byte arrays of any length (short ones one by one, longer by set), as it grows', () => {
    const bytes = fc.uint8Array({ maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(bytes, { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        (arrays, n) => {
          const out = new XmlBytes(n);
          for (const a of arrays) out.put(a);
          expect(Buffer.from(out.take()).equals(Buffer.concat(arrays))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("writes pieces around the marked row's digits (a RowFormula at its own row), as it grows", () => {
    const long = new TextEncoder().encode('="","",IF(L'.replace(/"/g, '&quot;')); // 31 bytes
    const pieces = [
      new TextEncoder().encode('IF(L'),
      long,
      new TextEncoder().encode('>=K'),
      new Uint8Array(0),
    ];
    const out = new XmlBytes(2);
    out.ascii('<row r="');
    out.markedNumber(1048576);
    out.ascii('">');
    out.aroundMarked(pieces);
    expect(Buffer.from(out.take()).toString('latin1')).toBe(
      '<row r="1048576">IF(L1048576=&quot;&quot;,&quot;&quot;,IF(L1048576>=K1048576',
    );
  });
});
