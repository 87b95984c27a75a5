/**
 * Printed pages of a written workbook, through LibreOffice headless (PDF) and poppler
 * (pdftotext for which sheet a page belongs to, pdftoppm for PNGs). Sheets not asked for are
 * hidden in a copy first (hidden sheets do not print), so a 1,500-row input sheet does not
 * cost a hundred pages. Each of our sheets prints its name at the left of its header
 * (PRINT_HEADER), which is how a page is matched to its sheet.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readZipEntries, writeZip } from './zip';
import { findSoffice } from './libreoffice';

/** Why page rendering cannot run here (no LibreOffice, no poppler), or null. */
export function renderSkipReason(): string | null {
  if (!findSoffice()) return 'LibreOffice (soffice) is not installed';
  const r = spawnSync('sh', ['-c', 'command -v pdftoppm && command -v pdftotext'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? null : 'poppler-utils (pdftoppm, pdftotext) is not installed';
}

/** A copy of the workbook where only `keep` sheets are visible. */
export async function keepSheets(xlsx: string, keep: string[], out: string): Promise<void> {
  const entries = readZipEntries(await fs.readFile(xlsx));
  const wb = entries.get('xl/workbook.xml')!.toString('utf8');
  const wanted = new Set(keep);
  const next = wb.replace(/<sheet\b[^>]*\/>/g, (tag) => {
    const name = /name="([^"]*)"/.exec(tag)![1].replace(/&amp;/g, '&');
    if (/state="veryHidden"/.test(tag)) return tag;
    const bare = tag.replace(/\sstate="[^"]*"/, '');
    return wanted.has(name) ? bare : bare.replace('<sheet ', '<sheet state="hidden" ');
  });
  entries.set('xl/workbook.xml', Buffer.from(next, 'utf8'));
  await fs.writeFile(out, writeZip(new Map(entries)));
}

export interface RenderedPages {
  pdf: string;
  /** Sheet name → its pages (1-based page numbers in the PDF). */
  pagesBySheet: Map<string, number[]>;
  pageCount: number;
}

const LOCK_FREE_PROFILE = 'throughline-render-profile';

/** Convert the workbook to PDF with LibreOffice and match every page to its sheet. */
export async function renderPdf(
  xlsx: string,
  outDir: string,
  sheets: string[],
): Promise<RenderedPages> {
  await fs.mkdir(outDir, { recursive: true });
  const profile = path.join(path.dirname(outDir), LOCK_FREE_PROFILE);
  const r = spawnSync(
    findSoffice()!,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      xlsx,
    ],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const pdf = path.join(outDir, path.basename(xlsx).replace(/\.xlsx$/, '.pdf'));
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const pageCount = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const pagesBySheet = new Map<string, number[]>(sheets.map((s) => [s, []]));
  const byLength = [...sheets].sort((a, b) => b.length - a.length);
  for (let p = 1; p <= pageCount; p++) {
    const text = spawnSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdf, '-'], {
      encoding: 'utf8',
    }).stdout;
    const first = text.split('\n').find((l) => l.trim()) ?? '';
    const sheet = byLength.find((s) => first.trimStart().startsWith(s));
    if (sheet) pagesBySheet.get(sheet)!.push(p);
  }
  return { pdf, pagesBySheet, pageCount };
}

/** PNG of one PDF page at `dpi` (written as `<prefix>.png`); returns its path. */
export function pagePng(pdf: string, page: number, prefix: string, dpi = 80): string {
  const r = spawnSync(
    'pdftoppm',
    ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', pdf, prefix],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  return `${prefix}.png`;
}
