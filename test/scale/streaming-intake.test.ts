/**
 * The streaming intake (issue 9): a CSV streamed in small chunks, its mapping chosen on a few
 * first rows, gives the same Datasets and the same data-quality issues (codes, rows, values) as
 * the whole table read by readDatasets. Small samples and 1 KB chunks make every sheet stream.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../src/core/config';
import {
  detectConfig,
  readDatasets,
  startStreamingIntake,
  validateConfig,
} from '../../src/core/intake';
import type { RawTable } from '../../src/core/types';
import { decodeCsvBytes, parseCsvText } from '../../src/files/csv/csv-read';
import { readCsvStreaming } from '../../src/files/csv/csv-stream-intake';
import { plain } from '../support/plain';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wholeTable(file: string, sheet: string): RawTable {
  return parseCsvText(sheet, decodeCsvBytes(readFileSync(file)).text);
}

async function both(file: string, config: MappingConfig, sampleRows = 40) {
  const sheet = path.basename(file, '.csv');
  const whole = readDatasets([wholeTable(file, sheet)], config);
  const streamed = await readCsvStreaming(
    [{ csv: file }],
    (tables) => {
      validateConfig(config, tables);
      return { config, detection: null };
    },
    { sampleRows, chunkSize: 1024 },
  );
  return { whole, streamed: streamed.intake, sample: streamed.tables[0] };
}

const WIDE: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'wide',
      id: 'ID',
      team: 'Team',
      subgroups: ['EL'],
      measures: [{ name: 'Reading', pre: 'Pre', post: 'Post', max: 100 }],
    },
  ],
};

describe('streaming intake = whole-table intake', () => {
  it('gives the same Datasets and issues for 3,000 rows with bad cells throughout', async () => {
    const lines = ['ID,Team,EL,Pre,Post'];
    for (let i = 1; i <= 3000; i++) {
      // Bad cells on fixed rows (Excel row = i + 1), spread before and after the 40-row sample.
      const id = i % 997 === 0 ? `S${i - 1}` : i % 1499 === 0 ? '' : `S${i}`;
      const pre =
        i % 250 === 0
          ? 'abc'
          : i % 333 === 0
            ? ''
            : i % 401 === 0
              ? '85%'
              : i % 503 === 0
                ? '-4'
                : String(40 + (i % 50));
      const post =
        i % 277 === 0
          ? 'NA'
          : i % 611 === 0
            ? '140'
            : i % 719 === 0
              ? '#N/A'
              : i % 7 === 0
                ? `${50 + (i % 40)}.0`
                : String(45 + (i % 50));
      const team = i % 1201 === 0 ? '' : i % 2 ? `Team ${i % 9}` : `team ${i % 9} `;
      lines.push(`${id},${team},${i % 5 === 0 ? 'Y' : ''},${pre},${post}`);
      if (i === 1700) lines.push(',,,,');
    }
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, `${lines.join('\n')}\n\n\n`);
    const { whole, streamed } = await both(file, WIDE);
    expect(plain(streamed)).toEqual(plain(whole));
    // The rows named are the file's rows, found by hand from the rules above: Excel row = i + 1
    // up to i = 1700, i + 2 after the blank line that follows it.
    const at = (code: string) =>
      streamed.dataQuality.issues.filter((x) => x.code === code).map((x) => x.row);
    expect(at('NOT_A_NUMBER')).toEqual([
      251, 501, 751, 1001, 1251, 1501, 1752, 2002, 2252, 2502, 2752, 3002,
    ]);
    expect(at('DUPLICATE_ID')).toEqual([998, 1996, 2993]);
    expect(at('MISSING_ID')).toEqual([1500, 3000]);
    expect(at('OUT_OF_RANGE')).toEqual([612, 1223, 1835, 2446]);
    expect(at('BLANK_ROWS')).toEqual([1702]);
    expect(streamed.dataQuality.rowsRead).toBe(3000);
  });

  it('reads a semicolon CSV with a BOM whose decimal commas start after the sample', async () => {
    const rows = ['ID;Team;EL;Pre;Post'];
    for (let i = 1; i <= 60; i++)
      rows.push(`${i};T${i % 3};N;${i < 50 ? 50 + i : `${50 + i},5`};${60 + i}`);
    const file = path.join(dir, 'semi.csv');
    writeFileSync(file, `\uFEFF${rows.join('\r\n')}\r\n`);
    const config: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'semi',
          id: 'ID',
          team: 'Team',
          subgroups: ['EL'],
          measures: [{ name: 'Reading', pre: 'Pre', post: 'Post', max: 200 }],
        },
      ],
    };
    const { whole, streamed, sample } = await both(file, config, 10);
    expect(sample.values).toHaveLength(10);
    expect(sample.values[0]).toEqual(['ID', 'Team', 'EL', 'Pre', 'Post']);
    expect(plain(streamed)).toEqual(plain(whole));
    const ds = streamed.datasets[0];
    expect(ds.size).toBe(60);
    // Row 51 (i = 50): "100,5" → 100.5; row 61 (i = 60): "110,5" → 110.5.
    expect(ds.measures[0].pre[49]).toBe(100.5);
    expect(ds.measures[0].pre[59]).toBe(110.5);
    const dc = streamed.dataQuality.issues.find((x) => x.code === 'DECIMAL_COMMA');
    expect(dc).toMatchObject({ row: 51, column: 'Pre' });
    expect(dc?.message).toContain('11 numbers');
  });

  it('reads a file that is not UTF-8 after its sample as Windows-1252, as the whole-file reader does', async () => {
    const head = Buffer.from(
      'ID,Team,EL,Pre,Post\n' +
        Array.from({ length: 80 }, (_, i) => `${i + 1},T1,N,${50 + i},${60 + i}`).join('\n') +
        '\n',
    );
    const tail = Buffer.from([...Buffer.from('81,L'), 0xf3, ...Buffer.from('pez,N,x,70\n')]); // "López" in Windows-1252
    const file = path.join(dir, 'latin.csv');
    writeFileSync(file, Buffer.concat([head, tail]));
    const config: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'latin',
          id: 'ID',
          team: 'Team',
          subgroups: ['EL'],
          measures: [{ name: 'R', pre: 'Pre', post: 'Post' }],
        },
      ],
    };
    const { whole, streamed } = await both(file, config, 20);
    expect(plain(streamed)).toEqual(plain(whole));
    expect(streamed.datasets[0].team?.labels).toContain('López');
    expect(streamed.dataQuality.issues.find((x) => x.code === 'NOT_A_NUMBER')).toMatchObject({
      row: 82,
      value: 'x',
    });
  });

  it('reports a header with no data rows only when no row follows anywhere', () => {
    const config: MappingConfig = {
      version: 1,
      students: [{ sheet: 's', id: 'ID', measures: [{ name: 'R', pre: 'Pre', post: 'Post' }] }],
    };
    const head: RawTable = {
      sheet: 's',
      values: [
        ['ID', 'Pre', 'Post'],
        [null, null, null],
      ],
      firstRow: 1,
      firstColumn: 1,
    };
    const a = startStreamingIntake([head], config, ['s']);
    a.push('s', [['7', '50', '61']], 3);
    const ra = a.finish();
    expect(ra.dataQuality.issues.map((i) => i.code)).not.toContain('HEADER_ONLY');
    expect(ra.datasets[0].rows[0]).toBe(3);
    const b = startStreamingIntake([head], config, ['s']);
    expect(b.finish().dataQuality.issues.map((i) => i.code)).toContain('HEADER_ONLY');
  });

  it('detects the same mapping on the first rows as on the whole of a regular export', async () => {
    const { generateBenchCsv } = (await import('../../bench/generate.cjs')) as {
      generateBenchCsv: (n: number, out: string, seed?: number) => Promise<void>;
    };
    const file = path.join(dir, 'bench.csv');
    await generateBenchCsv(8000, file, 7);
    const whole = wholeTable(file, 'bench');
    const detected = detectConfig([whole]).config;
    const streamed = await readCsvStreaming(
      [{ csv: file }],
      (tables) => ({ config: detectConfig(tables).config, detection: null }),
      { chunkSize: 4096 },
    );
    expect(streamed.config).toEqual(detected);
    expect(plain(streamed.intake)).toEqual(plain(readDatasets([whole], detected)));
  });
});

describe('a goals CSV longer than the sample', () => {
  it('is read whole (not cut to its first rows), as the whole-table path reads it', async () => {
    // 30 goals under the documented goals-sheet header; the sample is 10 rows.
    const goalsFile = path.join(dir, 'Goals.csv');
    const lines = ['ID,Level,Team,Goal,Parent,Measure'];
    for (let k = 1; k <= 30; k++)
      lines.push(`T${k},team,Team ${k},Raise reading for team ${k},D1,Reading`);
    writeFileSync(goalsFile, `${lines.join('\n')}\n`);
    const students = path.join(dir, 'Kids.csv');
    const rows = ['ID,Team,Reading Fall,Reading Spring'];
    for (let k = 1; k <= 40; k++) rows.push(`S${k},Team ${1 + (k % 3)},${40 + k},${45 + k}`);
    writeFileSync(students, `${rows.join('\n')}\n`);
    const config: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'Kids',
          id: 'ID',
          team: 'Team',
          measures: [{ name: 'Reading', pre: 'Reading Fall', post: 'Reading Spring', max: 100 }],
        },
      ],
      goals: { sheet: 'Goals' },
    };
    const streamed = await readCsvStreaming(
      [{ csv: students }, { csv: goalsFile }],
      (tables) => {
        validateConfig(config, tables);
        return { config, detection: null };
      },
      { sampleRows: 10, chunkSize: 256 },
    );
    const goals = streamed.tables.find((t) => t.sheet === 'Goals')!;
    expect(goals.values).toHaveLength(31);
    expect(goals).toEqual(wholeTable(goalsFile, 'Goals'));
    expect(streamed.intake.goalsTable?.values).toHaveLength(31);
  });
});
