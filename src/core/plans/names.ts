/**
 * Output sheets: the stable key of each (ownership, formulas across sheets) and the name it
 * wants. `SheetNames` maps a key to the final name (resolveSheetNames in ../workbook-run.ts), so a
 * formula that references another output sheet uses the name that sheet will really have.
 */
export const OUTPUT_SHEETS = {
  summary: 'Throughline',
  'data-quality': 'Data Quality',
  'impact-data': 'Impact Data',
  'impact-view': 'Impact Summary',
  impact: 'Impact',
  'impact-chain': 'Impact Chain',
  progress: 'Progress',
  'suggested-goals': 'Suggested Goals',
  'student-targets': 'Student Targets',
  'goal-template': 'Goal Template',
  'alignment-matrix': 'Alignment Matrix',
  'alignment-map': 'Alignment Map',
  'educator-view': 'Educator View',
  'coach-view': 'Coach View',
  'team-view': 'Team View',
  'school-view': 'School View',
  'district-view': 'District View',
  'view-data': 'View Data',
} as const;

export type OutputSheetKey = keyof typeof OUTPUT_SHEETS;

/** Final sheet name of each output key. */
export type SheetNames = Record<OutputSheetKey, string>;
