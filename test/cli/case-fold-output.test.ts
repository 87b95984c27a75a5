/**
 * Issue 16, defect 1: an output that is an input by another letter case. On a disk that folds
 * case, `--json SCORES.CSV` names the input `scores.csv` and must be refused before anything is
 * read; on a disk that does not fold case it is another file and the run goes ahead.
 *
 * The folding disk is made for real: an ext4 image with the casefold feature, loop-mounted, a
 * folder marked case-insensitive (chattr +F). Where that cannot be done (no root, no loop
 * devices, a kernel built without CONFIG_UNICODE) the test says so in one line and skips.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import { Capture } from '../support/capture';

const root = mkdtempSync(path.join(os.tmpdir(), 'tl-casefold-'));

function studentsCsv(): string {
  const lines = ['id,team,pre,post'];
  for (let i = 1; i <= 30; i++) lines.push(`s${i},T${i % 3},${40 + (i % 23)},${52 + (i % 23)}`);
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A case-folding folder on a loop-mounted casefold ext4 image, or why there is none. */
function foldingFolder(): { dir: string; unmount: () => void } | { why: string } {
  const image = path.join(root, 'casefold.img');
  const mnt = path.join(root, 'mnt');
  mkdirSync(mnt);
  const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
  writeFileSync(image, Buffer.alloc(0));
  const steps: [string, string[]][] = [
    ['truncate', ['-s', '8M', image]],
    ['mkfs.ext4', ['-q', '-F', '-O', 'casefold', image]],
    ['mount', ['-o', 'loop', image, mnt]],
  ];
  for (const [cmd, args] of steps) {
    const r = sh(cmd, args);
    if (r.status !== 0)
      return {
        why: `${cmd} failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`,
      };
  }
  const unmount = () => void sh('umount', [mnt]);
  const dir = path.join(mnt, 'folded');
  mkdirSync(dir);
  const f = sh('chattr', ['+F', dir]);
  if (f.status !== 0) {
    unmount();
    return { why: `chattr +F failed: ${f.stderr.trim()}` };
  }
  return { dir, unmount };
}

const folding = foldingFolder();
afterAll(() => {
  if ('unmount' in folding) folding.unmount();
  rmSync(root, { recursive: true, force: true });
});

describe('an output named as an input in other letters', () => {
  it('on a disk that does not fold case: another file, written; the input unchanged', async () => {
    const d = path.join(root, 'plain');
    mkdirSync(d);
    const input = path.join(d, 'scores.csv');
    writeFileSync(input, studentsCsv());
    const before = hash(input);
    const out = path.join(d, 'SCORES.CSV');
    const r = await run(['analyze', input, '--json', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(hash(input)).toBe(before);
    expect(JSON.parse(readFileSync(out, 'utf8')).dataQuality.rowsRead).toBe(30);
  });

  if ('why' in folding) {
    it.skip(`on a disk that folds case (skipped: ${folding.why})`, () => {});
    console.log(`SKIPPED case-folding disk test: ${folding.why}`);
    return;
  }

  it('on a disk that folds case (casefold ext4): refused before anything is read', async () => {
    const d = folding.dir;
    const input = path.join(d, 'scores.csv');
    writeFileSync(input, studentsCsv());
    // The disk folds case for real: the other spelling finds the same file.
    expect(existsSync(path.join(d, 'SCORES.CSV'))).toBe(true);
    const before = hash(input);
    const r = await run(['analyze', input, '--json', path.join(d, 'SCORES.CSV')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^throughline: --json .*SCORES\.CSV is the input .*scores\.csv; Throughline never writes its inputs/,
    );
    expect(hash(input)).toBe(before);
  });
});
