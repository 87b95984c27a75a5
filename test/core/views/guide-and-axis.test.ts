/**
 * Brief B, item 4, on the example district: the front sheet's "How to read this workbook" lists
 * the role dashboards and their data sheet, each linked to its sheet; and the dashboards' bar
 * charts have a value axis that starts at 0 (bars whose lengths compare), in the .xlsx the file
 * writer makes (<c:min val="0"/> in the chart part) and through Office.js (the simulator records
 * chart.axes.valueAxis.minimum).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { Capture } from '../../support/capture';
import { main } from '../../../src/cli/main';
import { analyze } from '../../../src/core/analyze';
import { SAMPLE } from '../../examples/workbook';
import { paneWorkbook } from '../../e2e/pane-workbook';
import { STATE, adapterFor, newSim } from '../../excel/fixtures';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-guide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = path.join(dir, 'district.xlsx');
const VIEWS = ['Educator View', 'Team View', 'School View', 'District View', 'View Data'];

beforeAll(async () => {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--out', out], { stdout, stderr });
  expect(code, stderr.text).toBe(0);
}, 120_000);

const unzipped = path.join(dir, 'unzipped');

/** The part of a sheet, by its name (workbook.xml and its relationships). */
function sheetFile(name: string): string {
  const wbXml = readFileSync(path.join(unzipped, 'xl/workbook.xml'), 'utf8');
  const rels = readFileSync(path.join(unzipped, 'xl/_rels/workbook.xml.rels'), 'utf8');
  const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wbXml)![1];
  const rel = [...rels.matchAll(/<Relationship [^>]*>/g)].find((m) =>
    m[0].includes(`Id="${rid}"`),
  )![0];
  const target = /Target="([^"]+)"/.exec(rel)![1];
  return path.join(unzipped, 'xl', target.replace(/^\/?xl\//, ''));
}

describe('the front sheet', () => {
  it('"How to read this workbook" lists each view sheet, linked to it', async () => {
    execFileSync('unzip', ['-q', '-o', out, '-d', unzipped]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Throughline')!;
    let guide = 0;
    ws.eachRow((row, r) => {
      if (String(row.getCell(1).value ?? '') === 'How to read this workbook') guide = r;
    });
    expect(guide).toBeGreaterThan(0);
    // Internal links are <hyperlink ref="A50" location="'Educator View'!A1"/> in the sheet part.
    const xml = readFileSync(sheetFile('Throughline'), 'utf8');
    const links = new Map(
      [...xml.matchAll(/<hyperlink ref="A(\d+)" location="([^"]+)"/g)].map((m) => [
        Number(m[1]),
        m[2].replace(/&apos;/g, "'"),
      ]),
    );
    for (const name of VIEWS) {
      expect(wb.getWorksheet(name), name).toBeDefined();
      let row = 0;
      for (let r = guide + 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === name) row = r;
      expect([name, row > guide]).toEqual([name, true]);
      expect(links.get(row), name).toBe(`'${name}'!A1`);
    }
  });
});

describe('the dashboards’ charts start their value axis at 0', () => {
  it('in the written .xlsx: every chart of the Educator View has <c:min val="0"/> on its value axis', () => {
    const sheetXml = sheetFile('Educator View');
    const relsOf = (file: string) =>
      readFileSync(path.join(path.dirname(file), '_rels', `${path.basename(file)}.rels`), 'utf8');
    const drawing = /Target="([^"]*drawing[^"]*\.xml)"/.exec(relsOf(sheetXml))![1];
    const drawingFile = path.resolve(path.dirname(sheetXml), drawing);
    const charts = [...relsOf(drawingFile).matchAll(/Target="([^"]*chart[^"]*\.xml)"/g)].map((m) =>
      path.resolve(path.dirname(drawingFile), m[1]),
    );
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) {
      const xml = readFileSync(c, 'utf8');
      const valAx = /<c:valAx>.*?<\/c:valAx>/s.exec(xml)![0];
      expect(valAx).toContain(
        '<c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>',
      );
    }
    // (The search can fail: a chart part without the minimum exists elsewhere, Impact Chain.)
    const all = readdirSync(path.join(unzipped, 'xl/charts')).filter((f) => f.endsWith('.xml'));
    expect(all.length).toBeGreaterThan(charts.length);
  });

  it('through Office.js: chart.axes.valueAxis.minimum = 0 on the dashboards', async () => {
    const { tables } = await paneWorkbook();
    const plans = analyze({
      tables,
      existingSheets: tables.map((t) => t.sheet),
      state: null,
      now: new Date('2026-05-01T10:00:00Z'),
    }).plans.filter((p) => p.key === 'educator-view' || p.key === 'view-data');
    const sim = newSim();
    await adapterFor(sim).render(plans, { state: STATE });
    const charts = sim.details('Educator View').charts;
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c.axisMinimum?.valueAxis).toBe(0);
  }, 120_000);
});
