/**
 * A sheet whose rows are each one cell of delimited text: the UCI student file (semicolons)
 * opened in a comma locale and saved as .xlsx puts "school;sex;age;…" in column A. Detection says
 * what the sheet holds and how to split it, and proposes no mapping (it had proposed the whole
 * header cell as a "pre" score column). Tables are hand-made; counts are read off them.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../../src/core/analyze';
import { detectConfig } from '../../../src/core/intake';
import { delimitedText, fieldCount } from '../../../src/core/intake/delimited-text';
import { explainEmptyRun } from '../../../src/core/never-silent';
import { rawTable } from '../../support/raw-table';

const t = rawTable;

// Five fields a row (school, sex, G1, G2, G3), as the UCI file's lines are, quotes kept.
const crammed = t('student-mat', [
  ['school;sex;G1;G2;G3'],
  ['"GP";"F";5;6;6'],
  ['"GP";"F";5;5;6'],
  ['"GP";"M";7;8;10'],
  ['"MS";"M";15;14;15'],
  ['"MS";"F";6;10;10'],
]);

describe('fieldCount', () => {
  it('counts fields at a separator, not one inside double quotes', () => {
    expect(fieldCount('a;b;c', ';')).toBe(3);
    expect(fieldCount('"a;b";c;d', ';')).toBe(3); // "a;b" is one field
    expect(fieldCount('a\tb', '\t')).toBe(2);
    expect(fieldCount('', ';')).toBe(1);
  });
});

describe('delimitedText', () => {
  it('finds the semicolon, the column and the header fields', () => {
    const d = delimitedText(crammed.values, 0, 0, [1, 2, 3, 4, 5]);
    expect(d?.separator.name).toBe('Semicolon');
    expect(d?.column).toBe(0);
    expect(d?.fields).toEqual(['school', 'sex', 'G1', 'G2', 'G3']);
  });

  it('not a header of two fields, nor rows that do not split like the header', () => {
    expect(delimitedText([['Name;Notes'], ['a;b']], 0, 0, [1])).toBeNull();
    // The header splits in three, but only 1 of 3 rows does (under nine in ten).
    const notes = [['ID;Notes;More'], ['a;b;c'], ['plain'], ['also plain']];
    expect(delimitedText(notes, 0, 0, [1, 2, 3])).toBeNull();
  });
});

describe('detection and the empty run', () => {
  it('says what the sheet holds and how to split it; no mapping, not even a hint', () => {
    const d = detectConfig([crammed]);
    expect(d.config.students).toEqual([]);
    expect(d.sheets[0].noMapping).toBe('delimited-text');
    expect(d.sheets[0].unmapped).toBeUndefined();
    const note = d.notes.find((n) => n.sheet === 'student-mat')!.message;
    expect(note).toContain('one cell of column A');
    expect(note).toContain('separated by ";" (5 in the header: "school", "sex", "G1", "G2", …)');
    expect(note).toContain('Text to Columns → Delimited → Semicolon');
  });

  it('the run that used nothing says so, with no config that reads the column as a score', () => {
    const out = analyze({
      tables: [crammed],
      existingSheets: ['student-mat'],
      state: null,
      now: new Date('2026-09-01T00:00:00Z'),
    });
    expect(out.report.dataQuality.rowsUsed).toBe(0);
    const why = explainEmptyRun({ report: out.report, detection: out.detection ?? null })!;
    expect(why).toContain('Text to Columns');
    expect(why).not.toContain('smallest config');
    expect(why).not.toContain('Missing:');
  });

  it('the same rows split into columns are read as usual', () => {
    const split = t(
      'student-mat',
      crammed.values.map((r) =>
        String(r[0])
          .split(';')
          .map((v) => (/^\d+$/.test(v) ? Number(v) : v.replace(/"/g, ''))),
      ),
    );
    const d = detectConfig([split]);
    expect(d.sheets[0].noMapping).toBeUndefined();
    expect(d.config.students[0]?.sheet).toBe('student-mat');
  });
});
