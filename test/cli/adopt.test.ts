/**
 * Adopting a suggested goal, as a principal would on the command line: run once, type Y in
 * "Adopt" on the Suggested Goals sheet of the analysed workbook, run again on that workbook.
 * The second report marks the goal adopted and the alignment takes it in as a goal; the edited
 * sheet is kept (it is the person's now) and is not read as data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/core/report';
import { Capture } from '../support/capture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-adopt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = path.join(__dirname, '../../examples/district-sample.xlsx');
const config = path.join(__dirname, '../../examples/district-sample.config.json');
const now = () => new Date('2026-11-23T10:00:00Z');

async function run(args: string[]): Promise<Report> {
  const stderr = new Capture();
  const json = path.join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const code = await main(['analyze', ...args, '--config', config, '--json', json], {
    stdout: new Capture(),
    stderr,
    now,
  });
  expect(code, stderr.text).toBe(0);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

describe('adopting a suggested goal in the workbook', () => {
  it('is read back on the next run and joins the alignment', async () => {
    const first = path.join(dir, 'first.xlsx');
    const r1 = await run([example, '--out', first]);
    expect(r1.goals.length).toBeGreaterThan(1);
    expect(r1.goals.every((g) => !g.adopted)).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first);
    const ws = wb.getWorksheet('Suggested Goals')!;
    // The instruction above the table, the header below it, a Y/N drop-down on Adopt.
    expect(String(ws.getCell('A1').value)).toMatch(/^Pick Y in "Adopt"/);
    expect(ws.getCell('A2').value).toBe('Adopt');
    expect(ws.getCell('B3').value).toBe(r1.goals[0].id);
    const dv = (ws as unknown as { dataValidations: { model: Record<string, unknown> } })
      .dataValidations.model as Record<string, { type: string; formulae: string[] } | undefined>;
    const lastGoal = r1.goals.length + 2;
    expect(Object.keys(dv).filter((k) => dv[k])).toEqual(
      Array.from({ length: r1.goals.length }, (_, i) => `A${i + 3}`),
    );
    expect([dv.A3?.type, dv.A3?.formulae, dv[`A${lastGoal}`]?.formulae]).toEqual([
      'list',
      ['"Y,N"'],
      ['"Y,N"'],
    ]);
    ws.getCell('A3').value = 'Y';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);

    const second = path.join(dir, 'second.xlsx');
    const r2 = await run([edited, '--out', second]);
    const adopted = r2.goals.filter((g) => g.adopted);
    expect(adopted.map((g) => [g.level, g.team, g.measure])).toEqual([
      [r1.goals[0].level, r1.goals[0].team, r1.goals[0].measure],
    ]);
    // In the alignment under its own ID, or "Suggested S1" when the goals sheet has an "S1" too.
    const ids = r2.alignment!.goals.map((g) => g.id);
    expect(ids.some((id) => id === adopted[0].id || id === `Suggested ${adopted[0].id}`)).toBe(
      true,
    );
    expect(r2.alignment!.goals.length).toBe(r1.alignment!.goals.length + 1);
    // The edited sheet is not data: the same rows are read as in the first run.
    expect(r2.dataQuality.rowsRead).toBe(r1.dataQuality.rowsRead);

    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(second);
    expect(out.getWorksheet('Suggested Goals')!.getCell('A3').value).toBe('Y');
    // The new sheet writes Y beside the adopted goal (and nowhere else), so the choice lasts.
    const fresh = out.getWorksheet('Suggested Goals (2)')!;
    const marked: string[] = [];
    for (let r = 3; r <= r2.goals.length + 2; r++)
      if (fresh.getCell(`A${r}`).value === 'Y') marked.push(String(fresh.getCell(`B${r}`).value));
    expect(marked).toEqual([adopted[0].id]);

    // A third run on that workbook, nobody typing anything: still adopted.
    const r3 = await run([second, '--out', path.join(dir, 'third.xlsx')]);
    expect(r3.goals.filter((g) => g.adopted).map((g) => [g.level, g.team, g.measure])).toEqual([
      [r1.goals[0].level, r1.goals[0].team, r1.goals[0].measure],
    ]);
  });
});
