/**
 * Never silent: a run that used no row is a failure with its reason. `explainEmptyRun` says, per
 * sheet, what was seen (detection's reason, its unsure notes, the data-quality errors) and what
 * is missing, and ends with the smallest config that would fix it. The command line prints it
 * (exit 1); the task pane opens the mapping step with the same text.
 *
 * This is the one place that turns detection's findings into that message: when detection gives
 * a per-sheet reason for a sheet that yielded nothing, it slots in at `sheetLines`.
 */
import type { MappingConfig } from './config';
import type { DetectionResult, SheetDetection } from './intake/detect-types';
import type { Report } from './report';

/** The per-sheet facts the message is made of (detection's, when there was a detection). */
export interface EmptyRunInput {
  report: Report;
  detection: Pick<DetectionResult, 'notes' | 'sheets'> | null;
  /** Every data sheet read, in order (default: detection's sheets, else the config's). */
  sheets?: string[];
}

/** The message for a run that used no row, or null when rows were used. */
export function explainEmptyRun({ report, detection, sheets }: EmptyRunInput): string | null {
  if (report.dataQuality.rowsUsed > 0) return null;
  const lines = [
    'No data was analysed: no sheet gave a student or educator with a pre and a post score.',
  ];
  const names = sheets?.length
    ? sheets
    : (detection?.sheets.map((s) => s.sheet) ??
      [...report.config.students, ...(report.config.educators ?? [])].map((s) => s.sheet));
  if (!names.length) lines.push('- No sheet had any data.');
  for (const name of names) lines.push(...sheetLines(name, report, detection));
  const fix = smallestConfig(report.config, detection?.sheets ?? []);
  if (fix)
    lines.push(
      'The smallest config that would fix it (save it, put your headers in, pass it with --config):',
      JSON.stringify(fix),
    );
  return lines.join('\n');
}

/** What was seen on one sheet and what is missing. */
function sheetLines(name: string, report: Report, detection: EmptyRunInput['detection']): string[] {
  const seen = detection?.sheets.find((s) => s.sheet === name);
  const out: string[] = [];
  const mapped =
    report.config.students.some((s) => s.sheet === name) ||
    (report.config.educators ?? []).some((e) => e.sheet === name);
  // A sheet detection proposes no mapping for has its reason in its note, said once (below).
  const head = seen
    ? `${seen.dataRows} data row${seen.dataRows === 1 ? '' : 's'}${seen.headerRow ? ` under a header in row ${seen.headerRow}` : ', no header row found'}${seen.noMapping ? '' : `; ${seen.reason}`}`
    : mapped
      ? 'mapped by the config'
      : 'not mapped';
  out.push(`- Sheet "${name}": ${head}.`.replace(/\.\.$/, '.'));
  if ((report.config.pd ?? []).some((p) => p.sheet === name))
    out.push(
      "  A PD log's hours are added to the educators of an educator sheet (practice ratings before and after); it has no scores of its own. Add that sheet to the run.",
    );
  else if (seen && !mapped && !seen.noMapping) out.push(`  Missing: ${missing(seen)}.`);
  for (const n of detection?.notes ?? [])
    if (n.sheet === name && n.level === 'unsure') out.push(`  Unsure: ${n.message}`);
  const errors = report.dataQuality.issues.filter(
    (i) => i.sheet === name && i.severity === 'error',
  );
  for (const i of errors.slice(0, 3))
    out.push(`  ${i.code}${i.row ? ` (row ${i.row})` : ''}: ${i.message}`);
  if (errors.length > 3) out.push(`  … and ${errors.length - 3} more data-quality errors.`);
  return out;
}

/** What a sheet lacks to be read as students: an ID, two windows, a score on a scale. */
function missing(seen: SheetDetection): string {
  if (seen.kind === 'empty' || seen.dataRows === 0) return 'rows of data under a header';
  const roles = new Set(seen.columns.map((c) => c.role));
  const lacks: string[] = [];
  if (!roles.has('id')) lacks.push('a student ID column');
  if (!(roles.has('pre') && roles.has('post')) && !roles.has('window'))
    lacks.push('a pre and a post score column (two windows of one measure)');
  if (!roles.has('pre') && !roles.has('score') && !roles.has('rating'))
    lacks.push('a column of numeric scores');
  return lacks.length ? lacks.join(', ') : 'a mapping (detection was unsure)';
}

/** A config naming the sheet's likeliest columns (or placeholders) for the first sheet with rows. */
function smallestConfig(config: MappingConfig, seen: SheetDetection[]): MappingConfig | null {
  // Not a sheet detection proposes no mapping for (a config would read groups' counts as one
  // person's scores, or a column of delimited text as one score).
  const sheet = seen.find(
    (s) =>
      s.dataRows > 0 &&
      !s.noMapping &&
      s.kind !== 'goals' &&
      s.kind !== 'template' &&
      s.kind !== 'pd',
  );
  if (!sheet) return null;
  const byRole = (role: string) => sheet.columns.find((c) => c.role === role)?.header;
  // Only columns detection took for a pre and a post are named: two score columns that are not
  // windows of one measure (math, reading) would be read as one score at two times.
  return {
    version: 1,
    ...(config.schoolYearEnd ? { schoolYearEnd: config.schoolYearEnd } : {}),
    students: [
      {
        sheet: sheet.sheet,
        id: byRole('id') ?? '<header of the student ID>',
        measures: [
          {
            name: sheet.columns.find((c) => c.role === 'pre')?.measure ?? 'Score',
            pre: byRole('pre') ?? '<header of the first score>',
            post: byRole('post') ?? '<header of the later score>',
            max: null,
          },
        ],
      },
    ],
  };
}
