/**
 * Issue 18's acceptance on the example district: the workbook a careful analyst would hand
 * over. Through the command line (file adapter): the summary sheet first of ours and active,
 * the drawn Alignment Map (one shape per goal, one connector per link, each connector joined to
 * its two goals), every chart naming its axes and series, and — through LibreOffice, rendered
 * to PDF and PNG — the page counts and no header or name cut by its neighbour. Through the
 * add-in path (Excel simulator): the same shapes and connectors, the summary activated.
 *
 * The PNGs are kept under out/handover/ (git-ignored) for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/core/report';
import type { RawTable } from '../../src/core/types';
import { openWorkbookFiles } from '../../src/files/source';
import { readZipEntries } from '../support/zip';
import { Capture } from '../support/capture';
import { runInSimulator } from '../support/full-run';
import { keepSheets, pagePng, renderPdf, renderSkipReason } from '../support/render-pages';
import { ROOT, SAMPLE } from './workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-handover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OUT = path.join(dir, 'district-throughline.xlsx');
const JSON_OUT = path.join(dir, 'district-report.json');
const ARTIFACTS = path.join(ROOT, 'out', 'handover');
const INPUT_SHEETS = ['Students', 'Educators', 'Goals', 'SMART Goal Form', 'Read me'];
const OURS = [
  'Throughline',
  'Data Quality',
  'Impact Data',
  'Impact Summary',
  'Impact',
  'Impact Chain',
  'Suggested Goals',
  'Student Targets',
  'Goal Template',
  'Alignment Matrix',
  'Alignment Map',
  'Educator View',
  'Coach View',
  'Team View',
  'School View',
  'District View',
  'View Data',
];

const hasR = () => spawnSync('sh', ['-c', 'command -v Rscript']).status === 0;

let report: Report;
let parts: Map<string, Buffer>;
const text = (name: string) => parts.get(name)!.toString('utf8');

beforeAll(async () => {
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--out', OUT, '--json', JSON_OUT], {
    stdout: new Capture(),
    stderr,
  });
  expect(code, stderr.text).toBe(0);
  report = JSON.parse(readFileSync(JSON_OUT, 'utf8')) as Report;
  parts = readZipEntries(readFileSync(OUT));
}, 120_000);

/** Sheet name → its part, in workbook order, with its state. */
function sheets(): { name: string; part: string; state: string }[] {
  const rels = new Map(
    [...text('xl/_rels/workbook.xml.rels').matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map(
      (m) => [m[1], `xl/${m[2].replace(/^\/?xl\//, '')}`],
    ),
  );
  return [...text('xl/workbook.xml').matchAll(/<sheet\b[^>]*\/>/g)].map((m) => ({
    name: /name="([^"]+)"/.exec(m[0])![1],
    part: rels.get(/r:id="([^"]+)"/.exec(m[0])![1])!,
    state: /state="([^"]+)"/.exec(m[0])?.[1] ?? 'visible',
  }));
}

/** The drawing part of a sheet (through its rels), or null. */
function drawingOf(part: string): string | null {
  const rels = parts.get(part.replace(/([^/]+)$/, '_rels/$1.rels'))?.toString('utf8') ?? '';
  const target = /Type="[^"]*\/drawing" Target="\.\.\/drawings\/([^"]+)"/.exec(rels);
  return target ? text(`xl/drawings/${target[1]}`) : null;
}

/** The chart parts drawn on a sheet (sheet → drawing → charts, through their rels). */
function chartsOf(part: string): string[] {
  const rels = parts.get(part.replace(/([^/]+)$/, '_rels/$1.rels'))?.toString('utf8') ?? '';
  const drawing = /Type="[^"]*\/drawing" Target="\.\.\/drawings\/([^"]+)"/.exec(rels);
  if (!drawing) return [];
  const dRels = parts.get(`xl/drawings/_rels/${drawing[1]}.rels`)?.toString('utf8') ?? '';
  return [...dRels.matchAll(/Target="\.\.\/charts\/([^"]+)"/g)].map((m) => `xl/charts/${m[1]}`);
}

describe('the example district workbook (file adapter)', () => {
  it('"Throughline" comes first of our sheets, after the inputs, and is the sheet shown on opening', () => {
    const list = sheets().filter((s) => s.state === 'visible');
    expect(list.map((s) => s.name)).toEqual([...INPUT_SHEETS, ...OURS]);
    const active = Number(/activeTab="(\d+)"/.exec(text('xl/workbook.xml'))![1]);
    expect(sheets()[active].name).toBe('Throughline');
    // Only that tab is selected (two selected tabs would group the sheets in Excel).
    const selected = sheets().filter((s) => /tabSelected="1"/.test(text(s.part)));
    expect(selected.map((s) => s.name)).toEqual(['Throughline']);
  });

  it('the Alignment Map drawing has one shape per goal and one connector per link, joined to its two goals', () => {
    const a = report.alignment!;
    expect(a.goals.length).toBe(24);
    expect(a.links.length).toBe(17);
    const map = sheets().find((s) => s.name === 'Alignment Map')!;
    const xml = drawingOf(map.part)!;
    const shapes = [...xml.matchAll(/<xdr:sp\b.*?<\/xdr:sp>/gs)].map((m) => ({
      id: /<xdr:cNvPr id="(\d+)" name="([^"]*)"/.exec(m[0])![1],
      name: /<xdr:cNvPr id="(\d+)" name="([^"]*)"/.exec(m[0])![2],
      dashed: /<a:ln\b[^>]*>.*?<a:prstDash val="dash"\/>.*?<\/a:ln>/s.test(m[0]),
    }));
    expect(shapes.map((s) => s.name).sort()).toEqual(a.goals.map((g) => g.id).sort());
    // Orphans are outlined dashed, and only they.
    expect(
      shapes
        .filter((s) => s.dashed)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...a.orphans].sort());
    const nameOf = new Map(shapes.map((s) => [s.id, s.name]));
    const connectors = [...xml.matchAll(/<xdr:cxnSp\b.*?<\/xdr:cxnSp>/gs)].map((m) => ({
      from: nameOf.get(/<a:stCxn id="(\d+)"/.exec(m[0])![1]),
      to: nameOf.get(/<a:endCxn id="(\d+)"/.exec(m[0])![1]),
      dashed: /prstDash val="dash"/.test(m[0]),
    }));
    // A connector runs from the parent (above) to the goal that serves it.
    expect(connectors.map((c) => `${c.to}→${c.from}`).sort()).toEqual(
      a.links.map((l) => `${l.from}→${l.to}`).sort(),
    );
    // Solid where the goal names its parent (strength 2), dashed where inferred.
    for (const l of a.links) {
      const c = connectors.find((x) => x.to === l.from && x.from === l.to)!;
      expect(c.dashed, `${l.from}→${l.to}`).toBe(l.strength === 1);
    }
  });

  it('every chart names its axes and its series', () => {
    const charts = [...parts.keys()].filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k));
    for (const name of charts) {
      const xml = text(name);
      const axes = [...xml.matchAll(/<c:(catAx|valAx)>.*?<\/c:\1>/gs)];
      expect(axes.length, name).toBe(2);
      for (const ax of axes) expect(ax[0], name).toMatch(/<c:title>.*<a:t>[^<]+<\/a:t>/s);
      const series = [...xml.matchAll(/<c:ser>.*?<\/c:ser>/gs)];
      expect(series.length, name).toBeGreaterThan(0);
      for (const s of series) expect(s[0], name).toMatch(/<c:tx><c:v>[^<]+<\/c:v><\/c:tx>/);
    }
    // Impact Chain: practice bars, student bars, PD hours scatter; each dashboard has its own.
    const kinds = (sheet: string) =>
      chartsOf(sheets().find((s) => s.name === sheet)!.part).map(
        (c) => /<c:(barChart|scatterChart|lineChart)>/.exec(text(c))![1],
      );
    expect(kinds('Impact Chain').sort()).toEqual(['barChart', 'barChart', 'scatterChart']);
    for (const view of ['Educator View', 'Coach View', 'Team View', 'School View', 'District View'])
      expect(kinds(view).length, view).toBeGreaterThan(0);
  });

  (!hasR() ? it.skip : it)(
    'r between PD hours and practice change is what R computes from the Educators sheet (0.76)',
    async () => {
      // The input sheet read by exceljs (not by Throughline), handed to R as a CSV.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(SAMPLE);
      const ws = wb.getWorksheet('Educators')!;
      const lines: string[] = [];
      ws.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1).map((v) => JSON.stringify(v ?? ''));
        lines.push(cells.join(','));
      });
      const csv = path.join(dir, 'educators.csv');
      writeFileSync(csv, lines.join('\n'));
      const r = spawnSync(
        'Rscript',
        [
          '-e',
          `d <- read.csv("${csv}", check.names = FALSE); pre <- grep("Fall", names(d)); post <- grep("Spring", names(d)); ` +
            `ch <- rowMeans(sapply(d[, post], as.numeric) - sapply(d[, pre], as.numeric)); h <- as.numeric(d[["PD Hours"]]); ` +
            `ok <- !is.na(ch) & !is.na(h); cat(sprintf("%.10f %d", cor(h[ok], ch[ok]), sum(ok)))`,
        ],
        { encoding: 'utf8' },
      );
      const [rValue, n] = r.stdout.trim().split(' ').map(Number);
      expect(n).toBe(60);
      expect(rValue).toBeCloseTo(0.76, 2);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(OUT);
      const chain = book.getWorksheet('Impact Chain')!;
      let correl: number | null = null;
      chain.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value as { formula?: string; result?: number } | null;
          if (v && typeof v === 'object' && v.formula?.startsWith('CORREL(')) correl = v.result!;
        }),
      );
      expect(correl).toBeCloseTo(rValue, 10);
      const scatter = [...parts.keys()]
        .filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k))
        .map(text)
        .find((x) => x.includes('<c:scatterChart>'))!;
      expect(scatter).toContain(
        `PD hours and practice change, per educator (r = ${rValue.toFixed(2)})`,
      );
    },
  );

  it('prints every sheet of ours: orientation, fit to pages, header and footer set', () => {
    for (const s of sheets().filter((x) => OURS.includes(x.name))) {
      const xml = text(s.part);
      expect(xml, s.name).toMatch(/<pageSetup\b[^>]*orientation="(landscape|portrait)"/);
      expect(xml, s.name).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
      expect(xml, s.name).toMatch(/<oddHeader>&amp;L&amp;A/);
    }
    const template = text(sheets().find((s) => s.name === 'Goal Template')!.part);
    expect(template).toMatch(/fitToWidth="1"/);
    expect(template).toMatch(/fitToHeight="1"/);
  });
});

describe('the example district through the add-in path (Excel simulator)', () => {
  it('records the same shapes and connectors, titled chart axes, page setup, and shows the summary', async () => {
    const source = await openWorkbookFiles([SAMPLE]);
    const tables: RawTable[] = [];
    for (const name of INPUT_SHEETS) tables.push(await source.readSheet(name));
    const run = await runInSimulator(tables);
    const { sim } = run;
    const a = run.output!.report.alignment!;
    const map = sim.details('Alignment Map');
    const boxes = map.shapes.filter((x) => x.kind === 'geometric');
    const lines = map.shapes.filter((x) => x.kind === 'line');
    expect(boxes.map((b) => b.name).sort()).toEqual(a.goals.map((g) => g.id).sort());
    expect(lines).toHaveLength(a.links.length);
    const nameOf = new Map(boxes.map((b) => [b.id, b.name]));
    // Each line's ends are connected: the parent's bottom (site 2) to the child's top (site 0).
    expect(
      lines.map((l) => `${nameOf.get(l.end!.shape)}→${nameOf.get(l.begin!.shape)}`).sort(),
    ).toEqual(a.links.map((l) => `${l.from}→${l.to}`).sort());
    expect(lines.every((l) => l.begin!.site === 2 && l.end!.site === 0)).toBe(true);
    expect(lines.filter((l) => l.dashStyle === 'Dash')).toHaveLength(
      a.links.filter((l) => l.strength === 1).length,
    );
    // The same positions as the file adapter's drawing, in points (0.75 a pixel).
    const plan = run.output!.plans.find((p) => p.key === 'alignment-map')!;
    const d1 = plan.drawing!.shapes.find((x) => x.id === 'D1')!;
    expect(boxes.find((b) => b.name === 'D1')).toMatchObject({
      left: d1.left * 0.75,
      top: d1.top * 0.75,
      width: 150,
      height: 72,
    });

    const chain = sim.details('Impact Chain');
    expect(chain.charts.map((c) => c.type).sort()).toEqual([
      'ColumnClustered',
      'ColumnClustered',
      'XYScatter',
    ]);
    for (const c of chain.charts) {
      expect(c.axisTitles?.categoryAxis?.text, c.title).toBeTruthy();
      expect(c.axisTitles?.valueAxis?.text, c.title).toBeTruthy();
      expect(
        c.series.every((x) => x.name && !/^Series\d/.test(x.name)),
        c.title,
      ).toBe(true);
    }
    expect(sim.details('Goal Template').pageLayout).toMatchObject({
      orientation: 'Portrait',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 1 },
    });
    expect(sim.details('Suggested Goals').pageLayout).toMatchObject({
      orientation: 'Landscape',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: '$2:$2',
    });
    const active = sim.model.sheets.find((x) => x.id === sim.model.activeSheetId);
    expect(active?.name).toBe('Throughline');
  }, 120_000);
});

/** Width of a text in Calibri 11 "characters" (the maximum digit width): narrow and wide letters. */
function textChars(text: string, bold: boolean): number {
  let w = 0;
  for (const ch of text) {
    if (/[ilIjtf.,;:!|'()[\] ]/.test(ch)) w += 0.5;
    else if (/[A-Zmw@%]/.test(ch)) w += 1.2;
    else w += 1;
  }
  return bold ? w * 1.08 : w;
}

/**
 * Cells whose text is cut by a non-empty right neighbour: in the header row (the frozen row)
 * and in the name columns below it (the frozen columns, or A). Wrapped cells and
 * numbers (Excel shows ### rather than cutting them) are not counted.
 */
function cutCells(ws: ExcelJS.Worksheet): string[] {
  const headerRow = (ws.views[0] as { ySplit?: number } | undefined)?.ySplit ?? 0;
  const width = (c: number) => ws.getColumn(c).width ?? 8.43;
  const out: string[] = [];
  const check = (cell: ExcelJS.Cell) => {
    if (typeof cell.value !== 'string' || !cell.value || cell.alignment?.wrapText) return;
    const right = ws.getCell(Number(cell.row), Number(cell.col) + 1);
    if (right.value === null || right.value === undefined || right.value === '') return;
    const need = textChars(cell.value, !!cell.font?.bold);
    if (need > width(Number(cell.col)) + 0.5)
      out.push(
        `${ws.name}!${cell.address} "${cell.value}" needs ${need.toFixed(1)}, has ${width(Number(cell.col)).toFixed(1)}`,
      );
  };
  // The name columns: the frozen ones (Impact Summary's Population, Measure, Group), else A.
  const nameColumns = Math.max(1, (ws.views[0] as { xSplit?: number } | undefined)?.xSplit ?? 0);
  if (headerRow > 0) ws.getRow(headerRow).eachCell((cell) => check(cell));
  for (let r = Math.max(headerRow, 1) + 1; r <= ws.rowCount; r++)
    for (let c = 1; c <= nameColumns; c++) check(ws.getCell(r, c));
  return out;
}

describe('the example district as printed (LibreOffice)', () => {
  it('no header or name is cut by its neighbour in the written file', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(OUT);
    const cut = OURS.flatMap((name) => cutCells(wb.getWorksheet(name)!));
    expect(cut).toEqual([]);
  });

  (renderSkipReason() !== null ? it.skip : it)(
    'renders each sheet of ours to PDF and PNG: Goal Template on 1 page, Suggested Goals one page across',
    async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const printed = OURS.filter((n) => n !== 'Impact Data' && n !== 'Student Targets');
      const copy = path.join(ARTIFACTS, 'district-ours.xlsx');
      await keepSheets(OUT, printed, copy);
      const pages = await renderPdf(copy, ARTIFACTS, printed);
      for (const name of printed)
        expect(pages.pagesBySheet.get(name)!.length, name).toBeGreaterThan(0);
      // Every page belongs to one of our sheets.
      const counted = [...pages.pagesBySheet.values()].reduce((n, p) => n + p.length, 0);
      expect(counted).toBe(pages.pageCount);
      expect(pages.pagesBySheet.get('Goal Template')).toHaveLength(1);
      // The summary prints first: it is the first sheet of ours and the one shown.
      expect(pages.pagesBySheet.get('Throughline')![0]).toBe(1);
      // One page across: each Suggested Goals page repeats the header row, from its first
      // column ("Adopt") to its last ("Flags"); a page cut between columns would miss one.
      for (const p of pages.pagesBySheet.get('Suggested Goals')!) {
        const t = spawnSync(
          'pdftotext',
          ['-f', String(p), '-l', String(p), '-layout', pages.pdf, '-'],
          {
            encoding: 'utf8',
          },
        ).stdout;
        expect(t, `page ${p}`).toMatch(/Flags/);
        expect(t, `page ${p}`).toMatch(/Adopt/);
      }
      // p prints as "<0.001", never "0.000"; percentages with their sign.
      const impact = pages.pagesBySheet.get('Impact')!.map(
        (p) =>
          spawnSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pages.pdf, '-'], {
            encoding: 'utf8',
          }).stdout,
      );
      expect(impact.join('\n')).toContain('<0.001');
      expect(impact.join('\n')).not.toMatch(/\s0\.000\s/);
      for (const name of printed) {
        const first = pages.pagesBySheet.get(name)![0];
        const png = pagePng(
          pages.pdf,
          first,
          path.join(ARTIFACTS, name.replace(/ /g, '-').toLowerCase()),
        );
        expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      }
    },
    600_000,
  );
});
