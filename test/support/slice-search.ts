/**
 * Issue 20's search of a shared slice (test/cli/slice.test.ts for `--slice`, and the pane's
 * "Share a slice"): the .xlsx is unzipped by the system's unzip and every part searched — every
 * cell (shared and inline strings), every sheet name and defined name (workbook.xml), charts'
 * caches, drawing text and the document properties — for any student ID, educator, team or coach
 * name outside the slice. The people come from the example district's input itself (exceljs
 * reading the file), not through the engine.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';

export interface Student {
  id: string;
  school: string;
  team: string;
  teacher: string;
}
export interface Educator {
  name: string;
  team: string;
  school: string;
  coach: string;
}
export interface People {
  students: Student[];
  educators: Educator[];
  goals: { id: string; owner: string }[];
}

/** The example district's people, read from the input itself (not through the engine). */
export async function districtPeople(file: string): Promise<People> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows = (sheet: string) =>
    (wb.getWorksheet(sheet)!.getSheetValues() as unknown[][])
      .slice(2)
      .filter(Boolean)
      .map((r) => r.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  return {
    students: rows('Students').map(([id, school, team, teacher]) => ({
      id,
      school,
      team,
      teacher,
    })),
    // Educators: A name, B team, C school, D role, E instructional coach.
    educators: rows('Educators').map(([name, team, school, , coach]) => ({
      name,
      team,
      school,
      coach,
    })),
    goals: rows('Goals').map(([id, , owner]) => ({ id, owner })),
  };
}

/**
 * Every file of the zip (unzipped into `dir`), as text with XML entities decoded (text nodes
 * and attributes alike).
 */
export function partsText(xlsx: string, dir: string): Map<string, string> {
  const out = path.join(dir, `${path.basename(xlsx)}.unzipped`);
  execFileSync('unzip', ['-q', '-o', xlsx, '-d', out]);
  const texts = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else
        texts.set(
          path.relative(out, p),
          readFileSync(p, 'utf8')
            .replace(/&quot;/g, '"')
            .replace(/&apos;|&#39;/g, "'")
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&'),
        );
    }
  };
  walk(out);
  return texts;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as a whole word (Grade 2 is not Grade 20); an ID not inside a longer number. */
const pattern = (s: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}.])${escape(s)}(?![\\p{L}\\p{N}])`, 'u');

/** Which of `names` occur in any part: name → the first part holding it. */
export function found(texts: Map<string, string>, names: string[]): Map<string, string> {
  const hits = new Map<string, string>();
  for (const n of new Set(names)) {
    const re = pattern(n);
    for (const [part, text] of texts)
      if (re.test(text)) {
        hits.set(n, part);
        break;
      }
  }
  return hits;
}

export interface Case {
  inStudent: (s: Student) => boolean;
  inEducator: (e: Educator) => boolean;
}

/** The slice's names and every name outside it. */
export function split(people: People, c: Case) {
  const { students, educators } = people;
  const inside = {
    ids: students.filter(c.inStudent).map((s) => s.id),
    educators: educators.filter(c.inEducator).map((e) => e.name),
    teams: [...new Set(educators.filter(c.inEducator).map((e) => e.team))],
    coaches: [...new Set(educators.filter(c.inEducator).map((e) => e.coach))],
  };
  const outside = {
    ids: students.filter((s) => !c.inStudent(s)).map((s) => s.id),
    educators: educators.filter((e) => !c.inEducator(e)).map((e) => e.name),
    teams: educators.map((e) => e.team).filter((t) => !inside.teams.includes(t)),
    coaches: educators.map((e) => e.coach).filter((t) => !inside.coaches.includes(t)),
  };
  // Outside IDs can also be inside ones (the double-entered row): those are the slice's.
  outside.ids = outside.ids.filter((id) => !inside.ids.includes(id));
  return { inside, outside };
}

/** Names outside the slice found in the written parts, as "name in part". */
export function leaksIn(texts: Map<string, string>, outside: ReturnType<typeof split>['outside']) {
  return [
    ...found(texts, outside.ids),
    ...found(texts, outside.educators),
    ...found(texts, outside.teams),
    ...found(texts, outside.coaches),
  ].map(([name, part]) => `${name} in ${part}`);
}
