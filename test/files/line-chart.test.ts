/**
 * The trajectory chart of the Progress sheet (issue 19 item 3) is a line chart, drawn from one
 * ChartPlan by both adapters: the file writer's DrawingML (a lineChart LibreOffice opens and keeps
 * when it saves the workbook again) and the Office.js adapter (LineMarkers on the strict
 * simulator). Series and axes are named; the expected path and the target are dashed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { SheetPlan } from '../../src/core/plans/types';
import { openWorkbookFiles } from '../../src/files/source';
import { createXlsxWriter } from '../../src/files/xlsx/write/xlsx-write';
import { readZipEntries } from '../support/zip';
import { libreOfficeRoundTrip, noLibreOffice } from '../support/libreoffice';
import { adapterFor, newSim, STATE } from '../excel/fixtures';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A goal's rows as the Progress sheet lays them out: a blank value where spring is not in yet. */
function plan(): SheetPlan {
  return {
    key: 'progress',
    name: 'Progress',
    cells: [
      ['Window', 'Value', 'Expected', 'Target'],
      ['Fall', 52, 52, 69],
      ['Winter', 62, 60.5, 69],
      ['Spring', '', 69, 69],
    ],
    charts: [
      {
        type: 'line',
        title: 'G1: Blue, Reading (All students)',
        categories: { row: 2, column: 1, rowCount: 3, columnCount: 1 },
        series: [
          { name: 'Value', values: { row: 2, column: 2, rowCount: 3, columnCount: 1 } },
          {
            name: 'Expected (path)',
            values: { row: 2, column: 3, rowCount: 3, columnCount: 1 },
            dash: true,
          },
          {
            name: 'Target',
            values: { row: 2, column: 4, rowCount: 3, columnCount: 1 },
            dash: true,
          },
        ],
        axes: { x: 'Window', y: 'Mean score' },
        anchor: { row: 1, column: 6, width: 480, height: 260 },
      },
    ],
  };
}

let out: string;
beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Students').addRow(['Student ID', 'Reading Fall']);
  const input = path.join(dir, 'in.xlsx');
  writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
  const source = await openWorkbookFiles([input]);
  out = path.join(dir, 'out.xlsx');
  const writer = createXlsxWriter({
    outPath: out,
    inputs: source.sheets,
    inputFiles: source.files,
    previousState: null,
    now: () => new Date('2027-01-20T10:00:00Z'),
  });
  await writer.render([plan()], {
    state: { version: 1, sheets: [], config: { version: 1, students: [] } },
  });
});

function chartPart(entries: Map<string, Buffer>): string {
  const name = [...entries.keys()].find((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
  expect(name).toBeDefined();
  return entries.get(name!)!.toString('utf8');
}

describe('the file adapter', () => {
  it('writes a lineChart: three named series, the path and the target dashed, both axes titled', () => {
    const xml = chartPart(readZipEntries(readFileSync(out)));
    expect(xml).toContain('<c:lineChart><c:grouping val="standard"/>');
    expect(xml).not.toContain('<c:barChart>');
    const names = [...xml.matchAll(/<c:ser>.*?<c:tx><c:v>([^<]*)<\/c:v><\/c:tx>/g)].map(
      (m) => m[1],
    );
    expect(names).toEqual(['Value', 'Expected (path)', 'Target']);
    expect(xml.match(/<a:prstDash val="dash"\/>/g)).toHaveLength(2);
    expect(xml).toContain("<c:f>'Progress'!$B$2:$B$4</c:f>");
    for (const title of ['Window', 'Mean score', 'G1: Blue, Reading (All students)'])
      expect(xml).toContain(`<a:t>${title}</a:t>`);
    // The blank value of spring is a gap in the line, not a zero.
    expect(xml).toContain('<c:dispBlanksAs val="gap"/>');
  });

  (noLibreOffice() ? it.skip : it)(
    'LibreOffice opens it and keeps the line chart with its series when it saves the workbook again',
    async () => {
      const xml = chartPart(readZipEntries(await libreOfficeRoundTrip(out)));
      expect(xml).toContain('<c:lineChart>');
      expect(xml.match(/<c:ser>/g)).toHaveLength(3);
      for (const name of ['Value', 'Expected (path)', 'Target']) expect(xml).toContain(name);
    },
    120_000,
  );
});

describe('the Office.js adapter', () => {
  it('adds a LineMarkers chart with the same series, the path and the target dashed, axes titled', async () => {
    const sim = newSim();
    await adapterFor(sim).render([plan()], { state: STATE });
    const [chart] = sim.details('Progress').charts;
    expect(chart).toMatchObject({
      type: 'LineMarkers',
      title: 'G1: Blue, Reading (All students)',
      series: [
        { name: 'Value', values: 'B2:B4', xAxisValues: 'A2:A4' },
        {
          name: 'Expected (path)',
          values: 'C2:C4',
          xAxisValues: 'A2:A4',
          format: { line: { lineStyle: 'Dash' } },
        },
        {
          name: 'Target',
          values: 'D2:D4',
          xAxisValues: 'A2:A4',
          format: { line: { lineStyle: 'Dash' } },
        },
      ],
      axisTitles: { categoryAxis: { text: 'Window' }, valueAxis: { text: 'Mean score' } },
    });
    expect(chart.series[0]).not.toHaveProperty('format');
  });
});
