#!/usr/bin/env node
/**
 * Writes the data files of the layout corpus, test/fixtures/layouts/<slug>/: SYNTHETIC values
 * from a seeded generator (the same seed writes the same cells), under headers, title blocks,
 * window words, code formats and blank/NA conventions copied from real public export layouts.
 * Each layout's source is in its SOURCE.md; its hand-made expected mapping in expected.json
 * (written by hand before any detection run, never from this script or from detection).
 *
 * Usage: node scripts/make-layout-fixtures.mjs   (rewrites every data file; commit the result)
 *
 * No value here is real student or educator data: names come from a short invented list, IDs
 * are sequential, scores are drawn around plausible means for each scale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { mulberry32 } from '../bench/seeded.cjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/layouts');

// ----- seeded helpers --------------------------------------------------------------------------
let rand = mulberry32(14);
const reseed = (s) => (rand = mulberry32(s));
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const normal = (mean, sd) => {
  const u = Math.max(rand(), 1e-9);
  const v = rand();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const r0 = (x) => Math.round(x);

const LAST = [
  'Abara',
  'Bello',
  'Castro',
  'Dunn',
  'Eriksen',
  'Fofana',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowal',
  'Lopez',
  'Mensah',
  'Nguyen',
  'Okafor',
  'Park',
  'Quinn',
  'Rossi',
  'Sato',
  'Tran',
  'Umar',
  'Vega',
  'Walsh',
  'Xu',
  'Young',
  'Zamora',
];
const FIRST = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'June',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
  'Omar',
  'Pia',
  'Raj',
  'Sol',
  'Tess',
  'Uma',
  'Vik',
  'Wren',
  'Yara',
  'Zed',
];
const person = (i) => ({ last: LAST[i % LAST.length], first: FIRST[(i * 7) % FIRST.length] });
const pct = (z) => clamp(r0(50 + 30 * z), 1, 99);

// ----- writers ---------------------------------------------------------------------------------
const cell = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
function writeCsv(slug, file, rows, { quoteAll = false } = {}) {
  const dir = path.join(ROOT, slug);
  mkdirSync(dir, { recursive: true });
  const q = quoteAll ? (v) => `"${String(v ?? '').replace(/"/g, '""')}"` : cell;
  writeFileSync(path.join(dir, file), rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n');
}
async function writeXlsx(slug, file, sheets) {
  const dir = path.join(ROOT, slug);
  mkdirSync(dir, { recursive: true });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Throughline layout fixtures (synthetic)';
  wb.created = new Date('2024-06-30T00:00:00Z');
  wb.modified = wb.created;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const [col, fmt] of Object.entries(s.formats ?? {}))
      ws.getColumn(Number(col)).numFmt = fmt;
  }
  await wb.xlsx.writeFile(path.join(dir, file));
}
const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
const mdy = (y, m, d) => `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
const iso = (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

// ----- layouts ---------------------------------------------------------------------------------
const layouts = [];
const layout = (fn) => layouts.push(fn);

// 1. NWEA MAP Growth Combined Data File (ComboStudentAssessment.csv): long, a row per student ×
// term × subject; growth summary columns that must not be paired.
layout(() => {
  reseed(101);
  const head = [
    'TermName',
    'DistrictName',
    'SchoolName',
    'StudentLastName',
    'StudentFirstName',
    'StudentID',
    'StudentDateOfBirth',
    'StudentGender',
    'Grade',
    'Subject',
    'Course',
    'GrowthMeasureYN',
    'TestType',
    'TestName',
    'TestStartDate',
    'TestDurationMinutes',
    'TestRITScore',
    'TestStandardError',
    'TestPercentile',
    'AchievementQuintile',
    'FallToWinterObservedGrowth',
    'FallToSpringObservedGrowth',
    'WinterToSpringObservedGrowth',
    'TypicalFallToSpringGrowth',
  ];
  const rows = [head];
  const terms = [
    ['Fall 2023-2024', 9, 14],
    ['Winter 2023-2024', 1, 18],
    ['Spring 2023-2024', 5, 9],
  ];
  const subjects = [
    ['Mathematics', 'Math K-12', 'Growth: Math 2-5 CCSS 2010'],
    ['Reading', 'Reading', 'Growth: Reading 2-5 CCSS 2010'],
  ];
  for (let i = 0; i < 10; i++) {
    const p = person(i);
    const id = String(240100 + i);
    const school = i < 5 ? 'Maple Grove Elementary' : 'Cedar Park Elementary';
    for (const [subj, course, test] of subjects) {
      const base = normal(196, 11);
      const rits = [base, base + normal(5, 3), base + normal(9, 4)].map(r0);
      terms.forEach(([term, m, d], t) => {
        const y = t === 0 ? 2023 : 2024;
        const q = (x) =>
          x < 185 ? 'Low' : x < 195 ? 'LoAvg' : x < 205 ? 'Avg' : x < 212 ? 'HiAvg' : 'High';
        rows.push([
          term,
          'Riverbend USD',
          school,
          p.last,
          p.first,
          id,
          mdy(2014, 1 + (i % 12), 3 + i),
          i % 2 ? 'F' : 'M',
          '4',
          subj,
          course,
          'TRUE',
          'Survey With Goals',
          test,
          mdy(y, m, d + (i % 3)),
          int(25, 60),
          rits[t],
          (3 + rand()).toFixed(1),
          pct((rits[t] - 200) / 14),
          q(rits[t]),
          t === 1 ? rits[1] - rits[0] : '',
          t === 2 ? rits[2] - rits[0] : '',
          t === 2 ? rits[2] - rits[1] : '',
          t === 0 ? 9 : '',
        ]);
      });
    }
  }
  writeCsv('nwea-map-cdf-combined', 'ComboStudentAssessment.csv', rows, { quoteAll: true });
});

// 2. DC PCSB NWEA MAP collection template: Start/End scores, "School Year", codes.
layout(() => {
  reseed(102);
  const head = [
    'Data Type',
    'LEA ID',
    'LEA',
    'Campus ID',
    'Campus',
    'School Year',
    'USI',
    'First Name',
    'Last Name',
    'Assessment Grade',
    'Subject',
    'Testing Window',
    'Start Test Date',
    'Start Score',
    'Start Percentile',
    'End Test Date',
    'End Score',
    'End Percentile',
    'Projected Growth',
    'Conditional Growth Percentile',
    'PMF Numerator',
    'PMF Denominator',
  ];
  const rows = [head];
  for (let i = 0; i < 30; i++) {
    const p = person(i + 3);
    const camp = i < 15 ? [112, 'Anacostia Prep Elementary'] : [118, 'Brookland Prep Elementary'];
    const s = r0(normal(201, 12));
    const e = r0(s + normal(8, 5));
    const partial = i === 7 || i === 22;
    rows.push([
      'NWEA MAP',
      145,
      'Capital Prep PCS',
      camp[0],
      camp[1],
      '2023-2024',
      String(9200300100 + i * 37),
      p.first,
      p.last,
      String(3 + (i % 3)),
      'Math',
      'Fall to Spring',
      mdy(2023, 9, 12 + (i % 5)),
      s,
      pct((s - 200) / 14),
      partial ? '' : mdy(2024, 5, 14 + (i % 4)),
      partial ? '' : e,
      partial ? '' : pct((e - 207) / 14),
      int(7, 11),
      partial ? '' : int(5, 95),
      i < 15 ? 52 : 47,
      partial ? 0 : 1,
    ]);
  }
  writeCsv('nwea-map-dcpcsb-start-end', 'NWEA MAP 2023-2024.csv', rows);
});

// 3. Renaissance Star Reading export: long, one assessment, window in ScreeningPeriodWindowName.
layout(() => {
  reseed(103);
  const head = [
    'DistrictName',
    'SchoolName',
    'StudentRenaissanceID',
    'StudentIdentifier',
    'StudentStateID',
    'StudentLastName',
    'StudentFirstName',
    'Gender',
    'EnrolledGrade',
    'TeacherLastName',
    'ClassName',
    'AssessmentID',
    'CompletedDate',
    'SchoolYear',
    'ScreeningPeriodWindowName',
    'ScaledScore',
    'PercentileRank',
    'NormalCurveEquivalent',
    'GradeEquivalent',
    'BenchmarkCategoryName',
  ];
  const rows = [head];
  const wins = [
    ['Fall', 9, 12],
    ['Winter', 1, 16],
    ['Spring', 5, 14],
  ];
  let a = 88001;
  for (let i = 0; i < 20; i++) {
    const p = person(i + 5);
    const base = normal(430, 70);
    const teacher = i < 10 ? 'Rivera' : 'Okoye';
    wins.forEach(([w, m, d], t) => {
      if (i === 13 && t === 1) return; // absent for the winter window
      const ss = r0(base + t * normal(30, 12));
      const pr = pct((ss - 450) / 90);
      const cat =
        pr >= 40
          ? 'At/Above Benchmark'
          : pr >= 25
            ? 'On Watch'
            : pr >= 10
              ? 'Intervention'
              : 'Urgent Intervention';
      rows.push([
        'Lakeview USD',
        i < 10 ? 'Lincoln Elementary' : 'Garfield Elementary',
        10040 + i,
        `S${String(2301 + i).padStart(5, '0')}`,
        9900100 + i,
        p.last,
        p.first,
        i % 2 ? 'F' : 'M',
        4,
        teacher,
        `4${teacher[0]} Reading`,
        `A${a++}`,
        iso(t === 0 ? 2023 : 2024, m, d + (i % 3)),
        '2023-2024',
        w,
        ss,
        pr,
        clamp(r0(50 + (pr - 50) * 0.9), 1, 99),
        (ss / 110).toFixed(1),
        cat,
      ]);
    });
  }
  writeCsv('star-reading-screening', 'star-reading-export.csv', rows);
});

// 4. i-Ready Diagnostic Results: window only in two Y/N flag columns.
layout(() => {
  reseed(104);
  const head = [
    'Last Name',
    'First Name',
    'Student ID',
    'Student Grade',
    'Academic Year',
    'School',
    'Sex',
    'Hispanic or Latino',
    'Race',
    'English Language Learner',
    'Special Education',
    'Economically Disadvantaged',
    'Class(es)',
    'Class Teacher(s)',
    'Start Date',
    'Completion Date',
    'Baseline Diagnostic (Y/N)',
    'Most Recent Diagnostic YTD (Y/N)',
    'Duration (min)',
    'Overall Scale Score',
    'Overall Placement',
    'Overall Relative Placement',
    'Percentile',
  ];
  const rows = [head];
  const place = (s) =>
    s < 440
      ? ['Level 2', '2 Grade Levels Below']
      : s < 480
        ? ['Level 3', '1 Grade Level Below']
        : s < 520
          ? ['Level 4', 'Early On Grade Level']
          : ['Level 4', 'Mid or Above Grade Level'];
  for (let i = 0; i < 20; i++) {
    const p = person(i + 2);
    const base = normal(470, 30);
    const tests =
      i % 2 === 0
        ? [
            [9, 6, 'Y', 'N', 0],
            [1, 10, 'N', 'N', 18],
            [5, 7, 'N', 'Y', 40],
          ]
        : [
            [9, 6, 'Y', 'N', 0],
            [5, 7, 'N', 'Y', 38],
          ];
    for (const [m, d, b, r, g] of tests) {
      const y = m >= 8 ? 2023 : 2024;
      const s = r0(base + g + normal(0, 6));
      const [pl, rel] = place(s);
      rows.push([
        p.last,
        p.first,
        `S${String(4100 + i).padStart(5, '0')}`,
        4,
        '2023-2024',
        i < 10 ? 'Lincoln Elementary' : 'Garfield Elementary',
        i % 2 ? 'F' : 'M',
        i % 3 ? 'N' : 'Y',
        pick(['White', 'Black or African American', 'Asian', 'Two or More Races']),
        i % 4 ? 'N' : 'Y',
        i % 5 ? 'N' : 'Y',
        i % 2 ? 'Y' : 'N',
        i < 10 ? '4A Reading' : '4B Reading',
        i < 10 ? 'Rivera' : 'Okoye',
        mdy(y, m, d),
        mdy(y, m, d + (i % 2)),
        b,
        r,
        int(30, 55),
        s,
        pl,
        rel,
        pct((s - 490) / 40),
      ]);
    }
  }
  writeCsv('iready-diagnostic-flags', 'diagnostic_results_ela.csv', rows);
});

// 5. Amplify mCLASS DIBELS 8th Edition benchmark export: a row per student × benchmark period,
// subtests as columns (grade 1).
layout(() => {
  reseed(105);
  const subtests = [
    ['Letter Names (LNF)', 40, 12, 6],
    ['Phonemic Awareness (PSF)', 38, 10, 5],
    ['Letter Sounds (NWF-CLS)', 45, 15, 14],
    ['Word Reading (WRF)', 22, 9, 10],
  ];
  const head = [
    'School Year',
    'District Name',
    'School Name',
    'Primary School ID',
    'Student Last Name',
    'Student First Name',
    'Enrollment Grade',
    'Gender',
    'Race',
    'Special Education',
    'Economically Disadvantaged',
    'ELL Status',
    'Reporting Class Name',
    'Official Teacher Name',
    'Official Teacher Staff ID',
    'Assessment',
    'Assessment Edition',
    'Assessment Grade',
    'Benchmark Period',
    'Composite Level',
    'Composite Score',
    'Composite - National Norm Percentile',
  ];
  for (const [n] of subtests)
    head.push(`${n} - Level`, `${n} - Score`, `${n} - National Norm Percentile`);
  head.push('Client Date', 'Student Primary ID', 'Primary ID - Student ID (State ID)');
  const rows = [head];
  const level = (z) =>
    z > 1
      ? 'Above Benchmark'
      : z > -0.2
        ? 'At Benchmark'
        : z > -1
          ? 'Below Benchmark'
          : 'Well Below Benchmark';
  const periods = [
    ['BOY', 9, 18],
    ['MOY', 1, 22],
    ['EOY', 5, 13],
  ];
  for (let i = 0; i < 15; i++) {
    const p = person(i + 9);
    const z = normal(0, 1);
    const teacher = i < 8 ? ['HOLLAND, MAYA', '000418'] : ['PRICE, OWEN', '000427'];
    periods.forEach(([bp, m, d], t) => {
      const zt = z + normal(0, 0.3);
      const comp = r0(360 + t * 35 + 40 * zt);
      const r = [
        '2023-2024',
        'Harbor SD',
        i < 8 ? 'Seaside Elementary' : 'Bayview Elementary',
        i < 8 ? '0412' : '0418',
        p.last,
        p.first,
        '1',
        i % 2 ? 'F' : 'M',
        pick(['W', 'H', 'B', 'A']),
        i % 6 ? 'N' : 'Y',
        i % 2 ? 'Y' : 'N',
        i % 4 ? 'N' : 'Y',
        `Grade 1 - ${teacher[0].split(',')[0]}`,
        teacher[0],
        teacher[1],
        'mCLASS',
        'DIBELS 8th Edition',
        '1',
        bp,
        level(zt),
        comp,
        pct(zt),
      ];
      for (const [, mean, sd, gain] of subtests) {
        const sc = Math.max(0, r0(mean + t * gain + sd * (zt + normal(0, 0.4))));
        r.push(level((sc - mean - t * gain) / sd), sc, pct((sc - mean - t * gain) / sd));
      }
      r.push(
        iso(t === 0 ? 2023 : 2024, m, d + (i % 4)),
        String(5100200 + i),
        String(7700100 + i).padStart(10, '0'),
      );
      rows.push(r);
    });
  }
  writeCsv('mclass-dibels8-benchmark', 'mClass_DIBELS8_BM_Grade1.csv', rows);
});

// 6. mCLASS DIBELS Next (Acadience Reading content) benchmark export, kindergarten:
// "Assessment Measure-<m>-Score" columns, N/A words, a row per student × period.
layout(() => {
  reseed(106);
  const head = [
    'School Year',
    'Roster Option',
    'State',
    'District Name',
    'School Name',
    'Student Last Name',
    'Student First Name',
    'Grade',
    'GENDER',
    'RACE',
    'SPECIAL_ED',
    'ECON_DISADV',
    'ESL',
    'Official Teacher Name',
    'Official Teacher Staff ID',
    'Assessment',
    'Assessment Edition',
    'Assessment Grade',
    'Benchmark Period',
    'Assessment Measure-Composite Score-Levels',
    'Assessment Measure-Composite Score-Score',
    'Assessment Measure-FSF-Levels',
    'Assessment Measure-FSF-Score',
    'Assessment Measure-LNF-Levels',
    'Assessment Measure-LNF-Score',
    'Assessment Measure-PSF-Levels',
    'Assessment Measure-PSF-Score',
    'Assessment Measure-NWF (CLS)-Levels',
    'Assessment Measure-NWF (CLS)-Score',
    'Client Date',
    'Student Primary ID',
    'Student ID (District ID)',
  ];
  const rows = [head];
  const lv = (z) =>
    z > 0.8
      ? 'Above Benchmark'
      : z > -0.3
        ? 'Benchmark'
        : z > -1
          ? 'Below Benchmark'
          : 'Well Below Benchmark';
  for (let i = 0; i < 15; i++) {
    const p = person(i + 1);
    const z = normal(0, 1);
    ['BOY', 'MOY', 'EOY'].forEach((bp, t) => {
      const zt = z + normal(0, 0.3);
      const fsf = t < 2 ? Math.max(0, r0(14 + 10 * t + 8 * zt)) : '';
      const lnf = Math.max(0, r0(12 + 14 * t + 9 * zt));
      const psf = t > 0 ? Math.max(0, r0(18 + 14 * (t - 1) + 10 * zt)) : '';
      const nwf = t > 0 ? Math.max(0, r0(15 + 10 * (t - 1) + 8 * zt)) : '';
      const comp = r0((t === 0 ? 26 : t === 1 ? 120 : 130) + (t === 0 ? 12 : 35) * zt);
      rows.push([
        '2022-2023',
        'On Test Day',
        'OR',
        'Willamette SD',
        i < 8 ? 'Oak Hill Primary' : 'Fern Ridge Primary',
        p.last,
        p.first,
        'K',
        i % 2 ? 'F' : 'M',
        pick(['W', 'H', 'A']),
        i % 7 ? 'N' : 'Y',
        'N/A',
        i % 5 ? 'N' : 'Y',
        i < 8 ? 'MORGAN, LEE' : 'ADAMS, RUTH',
        i < 8 ? 'T0311' : 'T0352',
        'mCLASS:DIBELS',
        'DIBELS Next',
        'K',
        bp,
        lv(zt),
        comp,
        t < 2 ? lv(zt) : '',
        fsf,
        lv(zt),
        lnf,
        t > 0 ? lv(zt) : '',
        psf,
        t > 0 ? lv(zt) : '',
        nwf,
        iso(t === 0 ? 2022 : 2023, [9, 1, 5][t], 10 + (i % 9)),
        String(300100 + i),
        String(300100 + i),
      ]);
    });
  }
  writeCsv('mclass-dibels-next-benchmark', 'DIBELSNext_BM_K.csv', rows);
});

// 7. Istation ISIP export: wide, one group of columns per month; unused months blank.
layout(() => {
  reseed(107);
  const months = [
    'August',
    'September',
    'October',
    'November',
    'December',
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
  ];
  const head = [
    'STUDENT_ID',
    'LNAME',
    'FNAME',
    'DOMAIN',
    'GRADE',
    'ISIP_ACCOM',
    'GENDER',
    'RACE',
    'SPECIAL_ED',
    'CLASS_INSTR',
    'ECON_DISADV',
    'ENG_PROFICIENCY',
    'DISABILITY',
    'ETHNICITY',
  ];
  for (const m of months)
    head.push(`${m}_SCORE`, `${m}_PTILE`, `${m}_OVERFLOW`, `${m}_TIER`, `${m}_ADMIN_DATE`);
  head.push('G/T', 'HOMELESS', 'MIGRANT', 'NATIVE_LANG', 'DOMAIN_AT_TAKE', 'BIRTHDATE', 'ROI');
  const rows = [head];
  for (let i = 0; i < 25; i++) {
    const p = person(i + 4);
    const z = normal(0, 1);
    const dom = i < 12 ? 'school1.riverbend.org' : 'school2.riverbend.org';
    const r = [
      String(1000 + i * 10),
      p.last,
      p.first,
      dom,
      3,
      i % 9 ? 'N' : 'Y',
      i % 2 ? 'F' : 'M',
      '',
      '',
      i < 12 ? 'Ms. Tan' : 'Mr. Ruiz',
      i % 3 ? '' : 'Y',
      '',
      '',
      '',
    ];
    months.forEach((m, k) => {
      const used = k >= 1 && k <= 9 && !(i === 6 && k === 4);
      if (!used) return r.push('', '', '', '', '');
      const s = r0(440 + 4 * (k - 1) + 35 * (z + normal(0, 0.25)));
      const pt = pct(z + normal(0, 0.2));
      const y = k <= 4 ? 2023 : 2024;
      const mm = ((k + 7) % 12) + 1;
      r.push(s, pt, 0, pt >= 40 ? 1 : pt >= 20 ? 2 : 3, `${mm}/${5 + (i % 4)}/${y}`);
    });
    r.push(
      i % 8 ? 'N' : 'Y',
      'N',
      'N',
      'English',
      dom,
      `${1 + (i % 12)}/1/2015`,
      pick(['Low', 'Average', 'High']),
    );
    rows.push(r);
  }
  writeCsv('istation-isip-monthly', 'ISIP_Reading_2023-2024.csv', rows);
});

// 8. FastBridge earlyReading screening export: wide by season, an empty header column,
// growth columns for Fall→Winter, Fall→Spring and Winter→Spring.
layout(() => {
  reseed(108);
  const seas = ['Fall', 'Winter', 'Spring'];
  const head = [
    'Assessment',
    'Assessment Language',
    'State',
    'District',
    'School',
    'Local ID',
    'State ID',
    'FAST ID',
    'First Name',
    'Last Name',
    'Gender',
    'DOB',
    'Race',
    'Special Ed. Status',
    'Grade',
    '',
  ];
  for (const s of seas) {
    head.push(
      `${s} Early Reading English Composite Score`,
      `${s} Early Reading English Percentile at Nation`,
      `${s} Early Reading English Risk Level`,
      `${s} Early Reading English Final Date`,
    );
    if (s === 'Winter')
      head.push(
        'Growth Score from Fall to Winter',
        'National Growth Percentile from Fall to Winter',
      );
    if (s === 'Spring')
      head.push(
        'Growth Score from Fall to Spring',
        'National Growth Percentile from Fall to Spring',
        'Growth Score from Winter to Spring',
        'National Growth Percentile from Winter to Spring',
      );
  }
  const rows = [head];
  for (let i = 0; i < 25; i++) {
    const p = person(i + 11);
    const z = normal(0, 1);
    const c = [0, 1, 2].map((t) => r0(38 + 9 * t + 10 * (z + normal(0, 0.3))));
    const risk = (x, t) =>
      x >= 40 + 9 * t ? 'low risk' : x >= 32 + 9 * t ? 'some risk' : 'high risk';
    const r = [
      'earlyReading',
      'English',
      'MN',
      'North Lakes ISD',
      i < 12 ? 'Birch Elementary' : 'Aspen Elementary',
      String(55000 + i),
      String(1023300 + i),
      String(880000 + i * 3),
      p.first,
      p.last,
      i % 2 ? 'F' : 'M',
      mdy(2017, 1 + (i % 12), 1 + i),
      pick(['White', 'Hispanic', 'Black', 'Asian']),
      i % 6 ? 'General Education' : 'Special Education',
      'KG',
      '',
    ];
    c.forEach((x, t) => {
      const missing = i === 17 && t === 1;
      r.push(
        missing ? '' : x,
        missing ? '' : pct((x - 38 - 9 * t) / 10),
        missing ? '' : risk(x, t),
        missing ? '' : mdy(t === 0 ? 2023 : 2024, [9, 1, 5][t], 20 + (i % 5)),
      );
      if (t === 1) r.push(missing ? '' : c[1] - c[0], missing ? '' : int(5, 95));
      if (t === 2)
        r.push(c[2] - c[0], int(5, 95), missing ? '' : c[2] - c[1], missing ? '' : int(5, 95));
    });
    rows.push(r);
  }
  writeCsv('fastbridge-earlyreading-wide', 'earlyReading_English_2023-2024.csv', rows);
});

// 9. STAAR Interim assessment data file: long by administration window, first header blank,
// PEIMS-ID / TSDS UID / LOCAL-STUDENT-ID, item-count and code columns.
layout(() => {
  reseed(109);
  const head = [
    '',
    'ADMINISTRATION TYPE',
    'ADMINISTRATION',
    'TEST DATE',
    'TIME TAKEN',
    'COUNTY-DISTRICT-CAMPUS NUMBER',
    'DISTRICT-NAME',
    'CAMPUS-NAME',
    'LAST-NAME',
    'FIRST-NAME',
    'PEIMS-ID',
    'TEST CODE',
    'GRADE LEVEL TESTED',
    'Total Scale Score',
    'Predicted STAAR Performance Level',
    'Overall Raw Score',
    'SEX-CODE',
    'DATE-OF-BIRTH (MMDDYYYY)',
    'TSDS UID',
    'ECONOMIC-DISADVANTAGE-CODE',
    'LEP-INDICATOR-CODE',
    'SPECIAL-ED-INDICATOR-CODE',
    'LOCAL-STUDENT-ID',
    'ENROLLED GRADE',
    'Attempt',
  ];
  const rows = [head];
  const lvl = (s) => (s >= 1650 ? 'Meets' : s >= 1500 ? 'Approaches' : 'Did Not Meet');
  for (let i = 0; i < 25; i++) {
    const p = person(i + 6);
    const base = normal(1520, 110);
    ['Window 1', 'Window 2'].forEach((w, t) => {
      if (i === 19 && t === 1) return;
      const s = r0(base + t * normal(60, 30));
      const raw = clamp(r0((s - 1100) / 30), 0, 30);
      rows.push([
        'INT',
        'Interim',
        w,
        t === 0 ? `1101202${3}` : '02062024',
        `00:${30 + (i % 20)}:00`,
        i < 12 ? '101912104' : '101912117',
        'PINE HOLLOW ISD',
        i < 12 ? 'BLUEBONNET EL' : 'MESQUITE EL',
        p.last.toUpperCase(),
        p.first.toUpperCase(),
        String(610000000 + i * 13),
        'I5M',
        '05',
        s,
        lvl(s),
        raw,
        i % 2 ? 'F' : 'M',
        `0${1 + (i % 9)}152013`,
        String(4800000000 + i * 101),
        i % 3 ? '0' : '1',
        i % 4 ? '0' : 'C',
        i % 7 ? '0' : '1',
        String(20500 + i),
        '05',
        1,
      ]);
    });
  }
  writeCsv('staar-interim-windows', 'STAAR_Interim_Gr5_Math.csv', rows, { quoteAll: true });
});

// 10. CAASPP student score data (CERS export layout): a row per student × assessment; two
// school years stacked; the assessment name carries the grade and changes between years.
layout(() => {
  reseed(110);
  const head = [
    'DistrictId',
    'DistrictName',
    'SchoolId',
    'SchoolName',
    'StudentIdentifier',
    'FirstName',
    'LastOrSurname',
    'SubmitDateTime',
    'SchoolYear',
    'AssessmentType',
    'AssessmentName',
    'Subject',
    'GradeLevelWhenAssessed',
    'Completeness',
    'AdministrationCondition',
    'ScaleScoreAchievementLevel',
    'ScaleScore',
    'ScaleScoreStandardError',
    'EnglishLanguageAcquisitionStatus',
    'HispanicOrLatinoEthnicity',
  ];
  const rows = [head];
  for (let i = 0; i < 15; i++) {
    const p = person(i + 8);
    const base = normal(2430, 70);
    [
      [2023, 4],
      [2024, 5],
    ].forEach(([yr, g], t) => {
      for (const subj of ['ELA', 'Math']) {
        const s = r0(base + t * normal(40, 25) + (subj === 'Math' ? normal(-10, 20) : 0));
        const lvl = s >= 2500 ? 4 : s >= 2450 ? 3 : s >= 2400 ? 2 : 1;
        rows.push([
          '19647330000000',
          'Sierra Vista Unified',
          i < 8 ? '19647336011234' : '19647336015678',
          i < 8 ? 'Sunnyslope Elementary' : 'Valley View Elementary',
          String(3100456700 + i * 11),
          p.first,
          p.last,
          `${yr}-04-${String(10 + (i % 15)).padStart(2, '0')} 09:${String(10 + i).padStart(2, '0')}:00.000`,
          yr,
          'Summative',
          `${subj === 'ELA' ? 'ELA' : 'Math'} Summative Grade ${g}`,
          subj === 'ELA' ? 'ELA' : 'MATH',
          `0${g}`,
          'Complete',
          'Valid',
          lvl,
          s,
          (20 + rand() * 15).toFixed(1),
          i % 4 ? 'EO' : 'EL',
          i % 3 ? 'No' : 'Yes',
        ]);
      }
    });
  }
  writeCsv('caaspp-cers-two-years', 'CERS_student_scores.csv', rows);
});

// 11. Georgia Milestones EOG cohort file (xlsx): title block, GTID, grade-named score columns.
layout(async () => {
  reseed(111);
  const rows = [
    ['Georgia Milestones End-of-Grade Assessment — Student Longitudinal Scores'],
    ['System: Piedmont County Schools (0644)   Cohort: Grade 5 in 2023-24   Printed 07/08/2024'],
    [],
    [
      'GTID',
      'Student Name',
      'School Name',
      'Grade 3 ELA Scale Score',
      'Grade 3 ELA Achievement Level',
      'Grade 4 ELA Scale Score',
      'Grade 4 ELA Achievement Level',
      'Grade 5 ELA Scale Score',
      'Grade 5 ELA Achievement Level',
      'Grade 5 Lexile',
    ],
  ];
  const lvl = (s) =>
    s >= 600
      ? 'Distinguished Learner'
      : s >= 525
        ? 'Proficient Learner'
        : s >= 475
          ? 'Developing Learner'
          : 'Beginning Learner';
  for (let i = 0; i < 24; i++) {
    const p = person(i + 13);
    const base = normal(520, 45);
    const s = [0, 1, 2].map((t) => r0(base + t * normal(6, 12)));
    if (i === 9) s[0] = null; // moved in during grade 4
    rows.push([
      String(7201004500 + i * 7),
      `${p.last}, ${p.first}`,
      i < 12 ? 'Magnolia Elementary' : 'Dogwood Elementary',
      s[0] ?? '',
      s[0] == null ? '' : lvl(s[0]),
      s[1],
      lvl(s[1]),
      s[2],
      lvl(s[2]),
      `${r0(700 + 3 * (s[2] - 500))}L`,
    ]);
  }
  await writeXlsx('ga-milestones-cohort', 'Milestones_ELA_cohort.xlsx', [
    { name: 'Student Scores', rows },
  ]);
});

// 12. Florida FAST progress monitoring (xlsx): PM1/PM2/PM3 with the school year in the header.
layout(async () => {
  reseed(112);
  const head = [
    'District',
    'School Number',
    'School Name',
    'Local Student ID',
    'FLEID',
    'Student Name',
    'Enrolled Grade',
    'ELL',
    'SWD',
    'FAST ELA Reading PM1 2023-24 Scale Score',
    'FAST ELA Reading PM1 2023-24 Achievement Level',
    'FAST ELA Reading PM2 2023-24 Scale Score',
    'FAST ELA Reading PM2 2023-24 Achievement Level',
    'FAST ELA Reading PM3 2023-24 Scale Score',
    'FAST ELA Reading PM3 2023-24 Achievement Level',
  ];
  const rows = [head];
  const lv = (s) => (s >= 232 ? 'Level 3' : s >= 221 ? 'Level 2' : 'Level 1');
  for (let i = 0; i < 30; i++) {
    const p = person(i + 15);
    const base = normal(222, 14);
    const s = [0, 1, 2].map((t) => r0(base + t * normal(5, 4)));
    const miss = i === 21;
    rows.push([
      '13 MIAMI-DADE',
      i < 15 ? '0441' : '0562',
      i < 15 ? 'CORAL WAY K-8' : 'PALM SPRINGS ELEM',
      String(10234000 + i),
      `FL${String(300512300 + i * 3).padStart(12, '0')}`,
      `${p.last}, ${p.first}`,
      '04',
      i % 3 ? 'N' : 'Y',
      i % 6 ? 'N' : 'Y',
      s[0],
      lv(s[0]),
      miss ? '' : s[1],
      miss ? '' : lv(s[1]),
      s[2],
      lv(s[2]),
    ]);
  }
  await writeXlsx('fl-fast-pm-school-year', 'FAST_ELA_Reading_PM_Results.xlsx', [
    { name: 'Student Results', rows },
  ]);
});

// 13. aimswebPlus progress-monitoring export: baseline, numbered PM scores, "(Most Recent)".
layout(() => {
  reseed(113);
  const head = [
    'Student ID',
    'Last Name',
    'First Name',
    'School',
    'Grade',
    'Measure',
    'Goal Date',
    'Goal Score',
    'Baseline Date',
    'Baseline Score',
  ];
  for (let k = 1; k <= 6; k++) head.push(`PM ${k} Date`, `PM ${k} Score`);
  head.push('Score (Most Recent)', 'ROI (Most Recent)');
  const rows = [head];
  for (let i = 0; i < 22; i++) {
    const p = person(i + 17);
    const b = r0(normal(62, 14));
    const roi = normal(1.2, 0.4);
    const n = i % 5 === 0 ? 4 : 6;
    const r = [
      String(61200 + i),
      p.last,
      p.first,
      i < 11 ? 'Westside Elementary' : 'Eastside Elementary',
      3,
      'Oral Reading Fluency',
      '05/31/2024',
      b + 30,
      '01/08/2024',
      b,
    ];
    let last = b;
    for (let k = 1; k <= 6; k++) {
      if (k > n) {
        r.push('', '');
        continue;
      }
      last = r0(b + roi * 2 * k + normal(0, 4));
      r.push(mdy(2024, 1 + Math.floor((8 + 14 * k) / 30), 1 + ((8 + 14 * k) % 28)), last);
    }
    r.push(last, roi.toFixed(2));
    rows.push(r);
  }
  writeCsv('aimswebplus-pm-numbered', 'aimswebPlus_ProgressMonitoring_ORF.csv', rows);
});

// 14. Aeries test-score export: YYMM testing-administration codes as windows.
layout(() => {
  reseed(114);
  const head = [
    'School',
    'Student ID',
    'Perm ID',
    'Last Name',
    'First Name',
    'Grade',
    'Test ID',
    'Test Part',
    'Testing Administration',
    'Test Date',
    'Scale Score',
    'Percentile',
    'Teacher Number',
  ];
  const rows = [head];
  const admins = [
    ['2309', 9, 14],
    ['2401', 1, 23],
    ['2405', 5, 21],
  ];
  for (let i = 0; i < 20; i++) {
    const p = person(i + 19);
    const base = normal(205, 12);
    admins.forEach(([ta, m, d], t) => {
      if (i === 4 && t === 2) return;
      const s = r0(base + t * normal(4, 3));
      rows.push([
        i < 10 ? 994 : 995,
        4400 + i,
        88004400 + i,
        p.last,
        p.first,
        5,
        'NWEA',
        'Math',
        ta,
        mdy(t === 0 ? 2023 : 2024, m, d),
        s,
        pct((s - 210) / 14),
        i < 10 ? 317 : 322,
      ]);
    });
  }
  writeCsv('aeries-nwea-yymm', 'Aeries_TestScores_NWEA_Math.csv', rows);
});

// 15. PARCC/New Meridian summative score file, two years stacked: TestCode changes with grade.
layout(() => {
  reseed(115);
  const head = [
    'StateAbbreviation',
    'TestingDistrictCode',
    'TestingSchoolCode',
    'TestingSchoolName',
    'StateStudentIdentifier',
    'LocalStudentIdentifier',
    'LastOrSurname',
    'FirstName',
    'Sex',
    'AssessmentYear',
    'Period',
    'Subject',
    'TestCode',
    'AssessmentGrade',
    'SummativeScaleScore',
    'SummativePerformanceLevel',
    'SummativeReadingScaleScore',
    'SummativeWritingScaleScore',
  ];
  const rows = [head];
  for (let i = 0; i < 15; i++) {
    const p = person(i + 20);
    const base = normal(742, 25);
    ['2022-2023', '2023-2024'].forEach((yr, t) => {
      const s = r0(base + t * normal(6, 10));
      const pl = s >= 750 ? 4 : s >= 725 ? 3 : s >= 700 ? 2 : 1;
      rows.push([
        'NM',
        '0012',
        i < 8 ? '0012041' : '0012057',
        i < 8 ? 'Mesa Verde Elementary' : 'Sandia Elementary',
        String(200034500 + i * 9),
        String(7310 + i),
        p.last,
        p.first,
        i % 2 ? 'F' : 'M',
        yr,
        'Spring',
        'English Language Arts/Literacy',
        `ELA0${3 + t}`,
        `Grade ${3 + t}`,
        s,
        pl,
        r0(45 + (s - 742) / 3),
        r0(35 + (s - 742) / 5),
      ]);
    });
  }
  writeCsv('parcc-summative-two-years', 'PARCC_ELA_student_results.csv', rows);
});

// 16. Ed-Fi flattened StudentAssessment (API extract): long with BOY/MOY/EOY descriptor values.
layout(() => {
  reseed(116);
  const head = [
    'StudentUniqueId',
    'SchoolId',
    'SchoolYear',
    'AssessmentIdentifier',
    'AssessmentTitle',
    'AssessmentPeriodDescriptor',
    'AdministrationDate',
    'ReportingMethodDescriptor',
    'Result',
    'ResultDatatypeTypeDescriptor',
  ];
  const rows = [head];
  const periods = [
    ['uri://ed-fi.org/AssessmentPeriodDescriptor#BOY', 9, 14],
    ['uri://ed-fi.org/AssessmentPeriodDescriptor#MOY', 1, 17],
    ['uri://ed-fi.org/AssessmentPeriodDescriptor#EOY', 5, 15],
  ];
  for (let i = 0; i < 10; i++) {
    const base = normal(180, 15);
    for (const [title, id] of [
      ['Reading Benchmark', 'RB-3-2024'],
      ['Math Benchmark', 'MB-3-2024'],
    ]) {
      periods.forEach(([pd, m, d], t) => {
        rows.push([
          String(604900 + i),
          i < 5 ? 255901001 : 255901044,
          2024,
          id,
          title,
          pd,
          iso(t === 0 ? 2023 : 2024, m, d),
          'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score',
          r0(base + t * normal(8, 4) + (title[0] === 'M' ? -5 : 0)),
          'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer',
        ]);
      });
    }
  }
  writeCsv('edfi-student-assessment-descriptors', 'StudentAssessments.csv', rows);
});

// 17. A program pre/post file with PRE_/POST_ school IDs, staff codes, question counts, year ID.
layout(() => {
  reseed(117);
  const head = [
    'YEAR_ID',
    'STUDENT_ID',
    'STAFF_CODE',
    'PRE_SCHOOL_ID',
    'POST_SCHOOL_ID',
    'PRE_TEST_DATE',
    'POST_TEST_DATE',
    'PRE_NUM_QUESTIONS',
    'POST_NUM_QUESTIONS',
    'PRE_SCORE',
    'POST_SCORE',
  ];
  const rows = [head];
  for (let i = 0; i < 30; i++) {
    const pre = clamp(r0(normal(14, 4)), 0, 25);
    const sch = i < 16 ? 3401 : 3417;
    const moved = i === 12;
    rows.push([
      2024,
      String(90100 + i),
      i < 10 ? 'T112' : i < 20 ? 'T118' : 'T131',
      sch,
      moved ? 3417 : sch,
      iso(2023, 9, 18 + (i % 5)),
      iso(2024, 4, 22 + (i % 5)),
      25,
      25,
      pre,
      clamp(r0(pre + normal(4, 2.5)), 0, 25),
    ]);
  }
  writeCsv('trap-pre-post-codes', 'summer_bridge_prepost.csv', rows);
});

// 18. Ed-Fi TPDM evaluation element ratings (xlsx): a row per educator × element × term.
layout(async () => {
  reseed(118);
  const elements = [
    ['Domain 2: Classroom Environment', '2a Creating an Environment of Respect and Rapport'],
    ['Domain 2: Classroom Environment', '2c Managing Classroom Procedures'],
    ['Domain 3: Instruction', '3b Using Questioning and Discussion Techniques'],
    ['Domain 3: Instruction', '3c Engaging Students in Learning'],
  ];
  const head = [
    'PersonId',
    'SourceSystemDescriptor',
    'SchoolYear',
    'TermDescriptor',
    'EducationOrganizationId',
    'PerformanceEvaluationTitle',
    'EvaluationObjectiveTitle',
    'EvaluationElementTitle',
    'EvaluationDate',
    'Rating',
    'EvaluationElementRatingLevelDescriptor',
  ];
  const rows = [head];
  const words = ['Ineffective', 'Developing', 'Effective', 'Highly Effective'];
  for (let e = 0; e < 6; e++) {
    const z = normal(0, 0.6);
    for (const [term, date] of [
      ['Fall Semester', iso(2023, 10, 16 + e)],
      ['Spring Semester', iso(2024, 3, 11 + e)],
    ]) {
      for (const [obj, el] of elements) {
        const r = clamp(r0(2.6 + z + (term[0] === 'S' ? 0.4 : 0) + normal(0, 0.4)), 1, 4);
        rows.push([
          `STF${String(3300 + e * 17)}`,
          'uri://ed-fi.org/SourceSystemDescriptor#District',
          2024,
          `uri://ed-fi.org/TermDescriptor#${term}`,
          e < 3 ? 255901107 : 255901044,
          'Annual Teacher Evaluation',
          obj,
          el,
          date,
          r,
          words[r - 1],
        ]);
      }
    }
  }
  await writeXlsx('edfi-evaluation-element-rating', 'EvaluationElementRatings.xlsx', [
    { name: 'EvaluationElementRating', rows },
  ]);
});

// 19. Google Forms walkthrough responses: a row per visit, timestamp, text answers.
layout(() => {
  reseed(119);
  const head = [
    'Timestamp',
    'Email Address',
    'Teacher Observed',
    'School',
    'Grade Level / Content',
    'Learning target is posted and referenced',
    'Students are engaged in grade-level tasks',
    'Teacher checks for understanding',
    'Glows and grows (notes)',
  ];
  const rows = [head];
  const teachers = [
    'Ms. Alvarez',
    'Mr. Boateng',
    'Ms. Chen',
    'Mr. Dubois',
    'Ms. Ellis',
    'Mr. Farah',
    'Ms. Gomez',
  ];
  const scale = ['Not Yet', 'Somewhat', 'Mostly', 'Yes'];
  const notes = [
    'Strong routines; exit ticket used.',
    'Target posted but not referenced.',
    'Turn-and-talk kept all students talking.',
    'Pacing slowed in the independent part.',
    'Questions were mostly recall.',
    'Clear modelling with a think-aloud.',
  ];
  let k = 0;
  for (const [m, d0] of [
    [9, 11],
    [10, 9],
    [11, 13],
    [2, 5],
    [3, 11],
    [4, 15],
  ]) {
    for (let t = 0; t < teachers.length; t++) {
      if ((t + m) % 5 === 0) continue;
      const y = m >= 8 ? 2023 : 2024;
      const lift = m < 8 ? 1 : 0;
      const g = () => scale[clamp(r0(1.3 + lift + normal(0, 0.8)), 0, 3)];
      rows.push([
        `${m}/${d0 + (t % 4)}/${y} ${8 + (k % 6)}:${String(10 + ((k * 7) % 50)).padStart(2, '0')}:${String((k * 13) % 60).padStart(2, '0')}`,
        pick(['coach.rana@westfield.k12.us', 'ap.morris@westfield.k12.us']),
        teachers[t],
        'Westfield Middle School',
        pick(['6 Math', '7 ELA', '8 Science', '6 ELA']),
        g(),
        g(),
        g(),
        pick(notes),
      ]);
      k++;
    }
  }
  writeCsv(
    'walkthrough-google-forms',
    'Classroom Walkthrough (Responses) - Form Responses 1.csv',
    rows,
  );
});

// 20. Observation-platform export: a row per observation, rubric levels as words, IDs.
layout(() => {
  reseed(120);
  const head = [
    'Observation ID',
    'Observation Date',
    'Observation Type',
    'Observer Name',
    'Teacher Name',
    'Teacher Employee ID',
    'School',
    'Rubric',
    '1e Designing Coherent Instruction',
    '2b Establishing a Culture for Learning',
    '3b Using Questioning and Discussion Techniques',
    '3d Using Assessment in Instruction',
    'Overall Comments',
  ];
  const rows = [head];
  const lv = ['Unsatisfactory', 'Basic', 'Proficient', 'Distinguished'];
  let id = 70311;
  for (let e = 0; e < 9; e++) {
    const z = normal(0, 0.6);
    const dates = [
      [2023, 10, 4 + e],
      [2024, 1, 9 + e],
      [2024, 4, 2 + e],
    ];
    dates.forEach(([y, m, d], t) => {
      if (e === 5 && t === 1) return;
      const g = () => lv[clamp(r0(1.4 + 0.35 * t + z + normal(0, 0.4)), 0, 3)];
      rows.push([
        id++,
        mdy(y, m, d),
        t === 1 ? 'Informal Walkthrough' : 'Formal Observation',
        e < 5 ? 'Dr. K. Osei' : 'J. Whitfield',
        `${person(e + 30).first} ${person(e + 30).last}`,
        `E${String(10420 + e * 3)}`,
        e < 5 ? 'Harmon High School' : 'Lakeside High School',
        'Danielson FFT 2013 (selected components)',
        g(),
        g(),
        g(),
        g(),
        t === 0 ? 'Baseline visit.' : 'Follow-up on questioning goal.',
      ]);
    });
  }
  writeCsv('observation-platform-export', 'observations_export.csv', rows);
});

// 21. PD sign-in log (xlsx): a row per educator × session, hours, dates as Excel dates.
layout(async () => {
  reseed(121);
  const head = [
    'Session Date',
    'Session Title',
    'Presenter',
    'Location',
    'Employee ID',
    'Participant Name',
    'Building',
    'Sign In',
    'Sign Out',
    'Hours',
    'Credit Type',
  ];
  const rows = [head];
  const sessions = [
    [utc(2023, 8, 22), 'Science of Reading: Phonemic Awareness', 'L. Ortiz', 6],
    [utc(2023, 9, 27), 'Checks for Understanding', 'M. Green', 2],
    [utc(2023, 11, 8), 'Science of Reading: Decoding', 'L. Ortiz', 3],
    [utc(2024, 1, 17), 'Checks for Understanding', 'M. Green', 1.5],
    [utc(2024, 3, 6), 'Data Teams: Reading Benchmarks', 'A. Shah', 2],
  ];
  for (const [date, title, presenter, hours] of sessions) {
    for (let e = 0; e < 10; e++) {
      if ((e + hours * 2) % 4 === 0) continue;
      const p = person(e + 40);
      const left = e === 3 && hours > 2;
      rows.push([
        date,
        title,
        presenter,
        'Central Office Rm 12',
        `E${String(20310 + e * 7)}`,
        `${p.first} ${p.last}`,
        e < 5 ? 'Elm Street Elementary' : 'Hillcrest Elementary',
        '3:45 PM',
        left ? '5:00 PM' : '',
        left ? 1.25 : hours,
        'Clock Hours',
      ]);
    }
  }
  await writeXlsx('pd-signin-log', 'PD_SignIn_2023-24.xlsx', [
    { name: 'Sign-in', rows, formats: { 1: 'm/d/yyyy' } },
  ]);
});

// 22. LMS / PD transcript export (Cornerstone-style): a row per user × training, status, hours.
layout(() => {
  reseed(122);
  const head = [
    'User ID',
    'User Full Name',
    'User Location',
    'User Position',
    'Training Title',
    'Training Type',
    'Transcript Status',
    'Training Record Completed Date',
    'Training Hours',
    'Training Provider',
  ];
  const rows = [head];
  const trainings = [
    ['Restorative Practices 101', 'Online Course', 1.5],
    ['Math Discourse Routines', 'Session', 3],
    ['Writing Across Content Areas', 'Session', 2],
    ['Mandatory Reporter Training', 'Online Course', 1],
  ];
  for (let e = 0; e < 12; e++) {
    const p = person(e + 50);
    for (const [title, type, hrs] of trainings) {
      if ((e * 3 + hrs * 2) % 5 === 0) continue;
      const done = (e + title.length) % 6 !== 0;
      rows.push([
        `u${String(5020 + e)}`,
        `${p.last}, ${p.first}`,
        e < 6 ? 'Pine Ridge MS' : 'Oak Valley MS',
        'Teacher',
        title,
        type,
        done ? 'Completed' : 'In Progress',
        done ? mdy(2024, 1 + (e % 5), 3 + e) : '',
        hrs,
        'District PD Office',
      ]);
    }
  }
  writeCsv('pd-transcript-lms', 'Transcript_Report.csv', rows);
});

// 23. A CSV with an unclosed quote mid-file (Star-like layout with a comment column).
layout(() => {
  reseed(123);
  const head = [
    'StudentIdentifier',
    'StudentLastName',
    'StudentFirstName',
    'SchoolName',
    'ScreeningPeriodWindowName',
    'ScaledScore',
    'TeacherComment',
  ];
  const lines = [head.join(',')];
  for (let i = 0; i < 12; i++) {
    const p = person(i + 23);
    const base = normal(450, 60);
    ['Fall', 'Spring'].forEach((w, t) => {
      const comment =
        i === 8 && t === 0
          ? '"Retested 9/20, see note'
          : i % 4 === 0
            ? '"Read aloud, ""kept focus"""'
            : '';
      lines.push(
        [
          `S${String(5500 + i)}`,
          p.last,
          p.first,
          i < 6 ? 'Jefferson Elementary' : 'Madison Elementary',
          w,
          r0(base + t * normal(40, 15)),
          comment,
        ].join(','),
      );
    });
  }
  const dir = path.join(ROOT, 'csv-unclosed-quote');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'star-export-with-comments.csv'), lines.join('\r\n') + '\r\n');
});

// 24. Acadience Reading Data Management-style wide export: BOY/MOY/EOY columns per measure.
layout(() => {
  reseed(124);
  const head = [
    'School',
    'Class',
    'Student Name',
    'Student ID',
    'Grade',
    'Year',
    'Reading Composite Score BOY',
    'Reading Composite Score MOY',
    'Reading Composite Score EOY',
    'ORF Words Correct BOY',
    'ORF Words Correct MOY',
    'ORF Words Correct EOY',
    'ORF Accuracy BOY',
    'ORF Accuracy MOY',
    'ORF Accuracy EOY',
    'Maze Adjusted Score BOY',
    'Maze Adjusted Score MOY',
    'Maze Adjusted Score EOY',
  ];
  const rows = [head];
  for (let i = 0; i < 26; i++) {
    const p = person(i + 27);
    const z = normal(0, 1);
    const t3 = (a, g, s) =>
      [0, 1, 2].map((t) => Math.max(0, r0(a + g * t + s * (z + normal(0, 0.3)))));
    const comp = t3(220, 45, 60);
    const orf = t3(72, 16, 22);
    const acc = t3(95, 1, 3).map((x) => `${Math.min(100, x)}%`);
    const maze = t3(8, 3, 4);
    if (i === 14) {
      comp[2] = 'NA';
      orf[2] = 'NA';
      acc[2] = 'NA';
      maze[2] = 'NA';
    }
    rows.push([
      i < 13 ? 'Cascade Elementary' : 'Summit Elementary',
      i < 13 ? '3-Nakamura' : '3-Bishop',
      `${p.last}, ${p.first}`,
      String(66100 + i),
      3,
      '2023-2024',
      ...comp,
      ...orf,
      ...acc,
      ...maze,
    ]);
  }
  writeCsv('acadience-wide-boy-moy-eoy', 'Acadience_Reading_Grade3_Scores.csv', rows);
});

// 25. STAAR 3–8 summative file: prior-year and current-year scale scores, TSDS unique ID,
// month-year administration date codes.
layout(() => {
  reseed(125);
  const head = [
    'ADMINISTRATION DATE',
    'GRADE LEVEL TESTED',
    'COUNTY-DISTRICT-CAMPUS NUMBER',
    'CAMPUS-NAME',
    'STUDENT-NAME',
    'TSDS UNIQUE ID',
    'LOCAL-STUDENT-ID',
    'ECONOMIC-DISADVANTAGE-CODE',
    'EMERGENT-BILINGUAL-INDICATOR-CODE',
    'SPECIAL-ED-INDICATOR-CODE',
    'READING PREVIOUS YEAR ADMINISTRATION DATE',
    'READING PREVIOUS YEAR SCALE SCORE',
    'READING SCALE SCORE',
    'READING RAW SCORE',
    'READING MEETS GRADE LEVEL',
    'READING PROGRESS MEASURE',
  ];
  const rows = [head];
  for (let i = 0; i < 28; i++) {
    const p = person(i + 33);
    const prev = r0(normal(1560, 90));
    const cur = r0(prev + normal(45, 40));
    const noPrev = i === 10;
    rows.push([
      '0524',
      '05',
      i < 14 ? '057905112' : '057905118',
      i < 14 ? 'LONE STAR EL' : 'RIO GRANDE EL',
      `${p.last.toUpperCase()}, ${p.first.toUpperCase()}`,
      String(7301220000 + i * 19),
      String(33100 + i),
      i % 3 ? '00' : '01',
      i % 4 ? '0' : '1',
      i % 8 ? '0' : '1',
      noPrev ? '' : '0523',
      noPrev ? '' : prev,
      cur,
      clamp(r0((cur - 1200) / 25), 0, 38),
      cur >= 1611 ? '1' : '0',
      noPrev ? '' : cur - prev > 60 ? 'Accelerated' : cur - prev > 0 ? 'Expected' : 'Limited',
    ]);
  }
  writeCsv('staar-summative-prior-year', 'SF_0524_3-8_Reading.csv', rows);
});

// 26. A screener export with windows only as date-stamped rows and an "Assessment" label that
// changes between windows (a test-type label, not a measure): Lexia RAPID-style screener.
layout(() => {
  reseed(126);
  const head = [
    'Student Number',
    'First Name',
    'Last Name',
    'School Name',
    'Grade',
    'Assessment Period',
    'Assessment Name',
    'Test Date',
    'Reading Success Probability',
    'Word Recognition Percentile',
    'Vocabulary Percentile',
  ];
  const rows = [head];
  for (let i = 0; i < 18; i++) {
    const p = person(i + 35);
    const z = normal(0, 1);
    [
      ['Fall', 'RAPID K-2 Screener (Form A)', iso(2023, 9, 20)],
      ['Winter', 'RAPID K-2 Screener (Form B)', iso(2024, 1, 24)],
      ['Spring', 'RAPID K-2 Screener (Form C)', iso(2024, 5, 8)],
    ].forEach(([per, name, date], t) => {
      rows.push([
        String(81200 + i),
        p.first,
        p.last,
        i < 9 ? 'Brook Elementary' : 'Meadow Elementary',
        2,
        per,
        name,
        date,
        clamp(r0(55 + 5 * t + 25 * (z + normal(0, 0.3))), 1, 99),
        pct(z + normal(0, 0.3)),
        pct(z + normal(0, 0.4)),
      ]);
    });
  }
  writeCsv('screener-form-label-changes', 'RAPID_screener_results.csv', rows);
});

// 27. Ohio's State Tests student results (grade 3 ELA, fall and spring administrations): long by
// administration, one test per file, teacher identification numbers, a promotion-score flag.
layout(() => {
  reseed(127);
  const head = [
    'Assessment type',
    'Administration',
    'SSID',
    'Local ID',
    'Last Name',
    'First Name',
    'Date of birth',
    'Gender',
    'Enrolled Grade',
    'LEP',
    'IEP',
    'Attending district name',
    'Attending district IRN',
    'Attending building name',
    'Attending building IRN',
    'Teacher Identification Number---ELA',
    'Test name',
    'Overall scaled score',
    'Overall performance level',
    'Grade 3 Reading Subscore',
    'Third Grade Reading Guarantee Promotion Score Met',
  ];
  const rows = [head];
  const lvl = (s) =>
    s >= 725
      ? 'Advanced'
      : s >= 700
        ? 'Accelerated'
        : s >= 675
          ? 'Proficient'
          : s >= 650
            ? 'Basic'
            : 'Limited';
  for (let i = 0; i < 25; i++) {
    const p = person(i + 60);
    const base = normal(672, 25);
    [
      ['Fall 2023', 0],
      ['Spring 2024', 1],
    ].forEach(([adm, t]) => {
      if (i === 16 && t === 0) return; // enrolled after the fall administration
      const s = r0(base + t * normal(14, 10));
      rows.push([
        'OST',
        adm,
        `TZ${String(7310450 + i * 3).padStart(9, '0')}`,
        String(43010 + i),
        p.last,
        p.first,
        mdy(2015, 1 + (i % 12), 2 + (i % 25)),
        i % 2 ? 'F' : 'M',
        '03',
        i % 5 ? '' : 'Y',
        i % 6 ? '' : 'Y',
        'Maumee Valley City',
        '044123',
        i < 13 ? 'Fort Meigs Elementary' : 'Wayne Trail Elementary',
        i < 13 ? '012845' : '012867',
        i < 13 ? '0001923' : '0002281',
        'Grade 3 English Language Arts',
        s,
        lvl(s),
        r0(30 + (s - 672) / 3),
        s >= 683 ? 'Y' : 'N',
      ]);
    });
  }
  writeCsv('ohio-ost-fall-spring', 'OST_Gr3_ELA_student_results.csv', rows);
});

// 28. New York State grades 3–8 results from the L2RPT reporting system, two school years:
// Report_School_Year windows, an item description that carries the grade, Numeric_Score.
layout(() => {
  reseed(128);
  const head = [
    'Report_School_Year',
    'district_name',
    'location_key_rsp_sch',
    'location_name',
    'Student ID',
    'last_name',
    'first_name',
    'Item_Description',
    'Numeric_Score',
    'Standard_Achieved',
    'Test_Date',
  ];
  const rows = [head];
  for (let i = 0; i < 24; i++) {
    const p = person(i + 70);
    const base = normal(446, 16);
    [
      ['2022-23', 4, '2023-04-19'],
      ['2023-24', 5, '2024-04-17'],
    ].forEach(([yr, g, date], t) => {
      const s = r0(base + t * normal(3, 8));
      const lvl = s >= 470 ? 'Level 4' : s >= 451 ? 'Level 3' : s >= 430 ? 'Level 2' : 'Level 1';
      rows.push([
        yr,
        'HUDSON VALLEY CSD',
        i < 12 ? '580501060004' : '580501060009',
        i < 12 ? 'RIVERSIDE ELEMENTARY SCHOOL' : 'HILLTOP ELEMENTARY SCHOOL',
        String(100234500 + i * 7),
        p.last.toUpperCase(),
        p.first.toUpperCase(),
        `Grade ${g} ELA`,
        s,
        lvl,
        date,
      ]);
    });
  }
  writeCsv('nys-l2rpt-two-years', 'L2RPT_ELA_3-8_student_scores.csv', rows);
});

for (const make of layouts) await make();
console.log(`wrote ${layouts.length} layouts under ${path.relative(process.cwd(), ROOT)}`);
