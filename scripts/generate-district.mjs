#!/usr/bin/env node
/**
 * Writes the example district workbook examples/district-sample.xlsx: SYNTHETIC data from a
 * seeded generator (the same seed writes the same cell values), with real structure (team
 * effects, subgroup gaps, growth that differs by team, collective and individual practice
 * needs, PD hours that relate to practice change) and planted, documented data flaws.
 *
 * Usage: node scripts/generate-district.mjs [--seed N] [--out FILE.xlsx]
 *        (npm run example:generate rewrites the committed file with the default seed)
 *
 * Sheets: "Students" (wide: one row per student), "Educators" (one row per educator),
 * "Goals" (the documented goal layout), "SMART Goal Form" (a principal's template), "Read me".
 * Tests in test/examples/ read the written workbook and check what this header promises.
 *
 * ---------------------------------------------------------------------------------------------
 * Planted data flaws in "Students" (Excel rows as a person sees them; header on row 1, data on
 * rows 2..1502: 1,500 students plus one double-entered row). Expected data-quality codes:
 *
 *   row   column                  cell            expected issue(s)
 *   57    Reading/Math Spring     blank, blank    UNPAIRED_PRE ×2 (moved away mid-year)
 *   130   Reading/Math Fall       blank, blank    UNPAIRED_POST ×2 (arrived after the fall window)
 *   214   FRL                     "FRL"           spelling variant of Y (CATEGORY_MERGED with 688/1012/1399)
 *   403   Student ID              = row 402's ID  DUPLICATE_ID (row 403 excluded, row 402 kept)
 *   611   Reading Spring          "NA"            UNPAIRED_PRE (missing word)
 *   688   FRL                     "frl "          spelling variant (trailing space)
 *   777   Math Fall               "NA"            UNPAIRED_POST (missing word)
 *   905   Math Spring             "absent"        UNPAIRED_PRE (missing word)
 *   1012  FRL                     "Free/Reduced"  spelling variant
 *   1088  Reading Spring          105             OUT_OF_RANGE (max 100), then UNPAIRED_PRE
 *   1240  Math Fall               "7O" (letter O) NOT_A_NUMBER, then UNPAIRED_POST
 *   1333  Reading Fall/Winter/Spring blank ×3    MISSING_SCORE (not tested in reading)
 *   1399  FRL                     "FRL"           spelling variant
 *   1420  Reading Fall            blank           UNPAIRED_POST
 * Level cells of a missing or unreadable score are blank; row 1088's level is "Advanced".
 *
 * ---------------------------------------------------------------------------------------------
 * Goals sheet, by design (other helpers compute alignment by hand from this table):
 *
 *   D1 District Reading   ← S1, S2, S5 (explicit)
 *   D2 District Math      ← S3, S4 (explicit); T11 links to D2 directly (explicit)
 *   D3 District "Instructional practice" (Focus "Questioning and discussion"):
 *        UNSUPPORTED: no school or team goal names it as parent or shares its focus.
 *   S1 Cedar Ridge "Literacy" → D1: T1 (Reading), T2 (Literacy) → S1
 *   S2 Lakeside "ELA" → D1: T5 (ELA), T8 (Reading) → S2
 *   S3 Lakeside "Math" → D2: T6 (Math) → S3
 *   S4 Northview "Math" → D2: T9 (Math) → S4
 *   S5 Northview "Reading" → D1: T12 (Reading) → S5
 *   T3 Cedar Grade 4 "Math", no parent: ORPHAN under the alignment rules (docs/alignment.md):
 *        inference links adjacent levels only, Cedar has no math school goal, and D2 is two
 *        levels up — the school-level gap is what the matrix should show
 *   T7 Lakeside Grade 4 "Reading" for FRL students, no parent: ORPHAN (S2 "ELA" is the same
 *        focus through the synonyms but for English learners, a different student group);
 *        with T8 (Reading → S2) it is also a DUPLICATED EFFORT in Lakeside
 *   T4 Cedar Grade 5 "Attendance", no parent: ORPHAN (no attendance goal anywhere)
 *   T10 Northview Grade 7 "Social-emotional learning", no parent: ORPHAN
 *   T9 (Northview Grade 6, Math → S4) and T11 (Northview Grade 8, Math → D2): DUPLICATED EFFORT
 *        (same school, same focus, no shared parent goal)
 *   Individual goals: I1 → T2 (Literacy), I2 → T6 (Math), I3 → T9 (Math), I4 → T12 (Reading)
 *   Focus words vary on purpose: "Reading", "Literacy", "ELA" all mean reading.
 *
 * Educators, by design: teams Cedar Grade 3, Lakeside Grade 3, Lakeside Grade 4 and Northview
 * Grade 6 share a weak Questioning score (collective need); Cedar Grade 4 shares weak
 * Discussion; eight educators (INDIVIDUAL_NEEDS below) have one weak component of their own.
 * Spring ratings rise more with more PD hours. Three instructional coaches (COACHES below) hold
 * four, five and three teams; Theo Lindqvist's span two schools.
 */
import ExcelJS from 'exceljs';
import { mulberry32 } from '../bench/seeded.cjs';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The seed of the committed examples/district-sample.xlsx. */
export const DEFAULT_SEED = 20260901;
/** Fixed document dates so a regenerated file differs only where the data differs. */
const FIXED_DATE = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));

/** Score scale and cut of the synthetic district assessment. */
const MAX_SCORE = 100;
const LEVELS = [
  { from: 90, label: 'Advanced' },
  { from: 70, label: 'Proficient' },
  { from: 50, label: 'Approaching' },
  { from: 0, label: 'Below' },
];

const SCHOOLS = [
  { name: 'Cedar Ridge Elementary', principal: 'Dr. Rosa Martinez', frl: 0.3, el: 0.1, swd: 0.12 },
  { name: 'Lakeside Elementary', principal: 'James Whitfield', frl: 0.65, el: 0.3, swd: 0.14 },
  { name: 'Northview Middle School', principal: "Karen O'Neill", frl: 0.45, el: 0.15, swd: 0.13 },
];

/**
 * Teams: reading/math fall level and growth (points), the collective weak practice component
 * (or null), and the team's typical PD hours. Low growth goes with a weak Questioning score.
 */
// prettier-ignore
const TEAMS = [
  { school: 0, name: 'Cedar Grade 2', grades: [2], rb: 68, rg: 8, mb: 66, mg: 7, weak: null, pd: 18 },
  { school: 0, name: 'Cedar Grade 3', grades: [3], rb: 64, rg: 3, mb: 67, mg: 8, weak: 'Questioning', pd: 8 },
  { school: 0, name: 'Cedar Grade 4', grades: [4], rb: 66, rg: 7, mb: 60, mg: 2, weak: 'Discussion', pd: 10 },
  { school: 0, name: 'Cedar Grade 5', grades: [5], rb: 70, rg: 6, mb: 68, mg: 6, weak: null, pd: 20 },
  { school: 1, name: 'Lakeside Grade 2', grades: [2], rb: 58, rg: 9, mb: 60, mg: 8, weak: null, pd: 30 },
  { school: 1, name: 'Lakeside Grade 3', grades: [3], rb: 55, rg: 4, mb: 58, mg: 3, weak: 'Questioning', pd: 12 },
  { school: 1, name: 'Lakeside Grade 4', grades: [4], rb: 57, rg: 2, mb: 59, mg: 7, weak: 'Questioning', pd: 6 },
  { school: 1, name: 'Lakeside Grade 5', grades: [5], rb: 60, rg: 8, mb: 56, mg: 9, weak: null, pd: 24 },
  { school: 2, name: 'Northview Grade 6', grades: [6], rb: 63, rg: 5, mb: 58, mg: 1, weak: 'Questioning', pd: 6 },
  { school: 2, name: 'Northview Grade 7', grades: [7], rb: 62, rg: 6, mb: 61, mg: 5, weak: null, pd: 16 },
  { school: 2, name: 'Northview Grade 8', grades: [8], rb: 65, rg: 4, mb: 63, mg: 6, weak: null, pd: 14 },
  { school: 2, name: 'Northview Literacy Lab', grades: [6, 7, 8], rb: 50, rg: 10, mb: 52, mg: 4, weak: null, pd: 28 },
];
/**
 * Instructional coaches (the Educators sheet's "Instructional Coach" column): each holds
 * several teams, one across two schools; every educator's row names her team's coach. Their
 * names are no educator's, principal's or goal owner's.
 */
const COACHES = [
  {
    name: 'Renata Sokolova',
    teams: ['Cedar Grade 2', 'Cedar Grade 3', 'Cedar Grade 4', 'Cedar Grade 5'],
  },
  {
    name: 'Theo Lindqvist',
    teams: [
      'Lakeside Grade 2',
      'Lakeside Grade 3',
      'Lakeside Grade 4',
      'Lakeside Grade 5',
      'Northview Literacy Lab',
    ],
  },
  { name: 'Mirela Achebe', teams: ['Northview Grade 6', 'Northview Grade 7', 'Northview Grade 8'] },
];
const coachOf = (team) => COACHES.find((c) => c.teams.includes(team)).name;

/**
 * The middle (winter) window: the share of a team's fall-to-spring growth its students show by
 * winter, [reading, math]; 0.5 (half-way, on a linear path) unless planted here. Planted for
 * progress monitoring (docs/progress.md; test/examples/progress.test.ts): Cedar Grade 2 reading
 * and Lakeside Grade 2 math are well ahead (0.9: on track); Cedar Grade 3 reading and Lakeside
 * Grade 4 reading have stalled since fall (0: off track); Northview Grade 7 reading (a small
 * year's growth, about 4 points) is 0.6 of the way: on watch against a 6-point goal. Winter scores come from their own seeded stream, so fall and spring are
 * the same as before the winter window was added.
 */
const WINTER_SHARE = {
  'Cedar Grade 2': [0.9, 0.5],
  'Cedar Grade 3': [0, 0.5],
  'Lakeside Grade 2': [0.5, 0.9],
  'Lakeside Grade 4': [0, 0.5],
  'Northview Grade 7': [0.6, 0.5],
};
/** Added to every team's fall level: sets the district's overall proficiency (about 35-40%). */
const LIFT = 4;
const EDUCATORS_PER_TEAM = 5;
const STUDENTS_PER_EDUCATOR = 25;
const COMPONENTS = ['Questioning', 'Discussion', 'Feedback', 'Classroom Environment'];
/** Educator index (0..59) → a weak component of their own (not their team's). */
const INDIVIDUAL_NEEDS = {
  3: 'Feedback',
  11: 'Classroom Environment',
  17: 'Feedback',
  24: 'Discussion',
  33: 'Classroom Environment',
  41: 'Feedback',
  48: 'Discussion',
  56: 'Feedback',
};

// prettier-ignore
const FIRST = [
  'Ana', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hector', 'Irene', 'Jamal',
  'Keiko', 'Liam', 'Maya', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rafael', 'Sara', 'Tomas',
  'Uma', 'Victor', 'Wendy', 'Xavier', 'Yara', 'Zoe', 'Aaron', 'Beatriz', 'Caleb', 'Dana',
  'Emil', 'Fatima', 'Gavin', 'Hana', 'Ivan', 'Julia', 'Kevin', 'Lucia', 'Marcus', 'Nora',
  'Oscar', 'Paula', 'Ruth', 'Samuel', 'Tanya', 'Ulises', 'Vera', 'Will', 'Ximena', 'Yusuf',
  'Zara', 'Alan', 'Bianca', 'Chris', 'Delia', 'Eric', 'Flor', 'George', 'Holly', 'Isaac',
];
// prettier-ignore
const LAST = [
  'Alvarez', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ibrahim', 'Jensen',
  'Kim', 'Lopez', 'Morgan', 'Nguyen', 'Okafor', 'Patel', 'Quintero', 'Reyes', 'Shah', 'Torres',
  'Underwood', 'Vargas', 'Walsh', 'Xu', 'Young', 'Zimmer', 'Abbott', 'Bauer', 'Castro', 'Dunn',
  'Ellis', 'Flores', 'Grant', 'Hoang', 'Iqbal', 'Jones', 'Kowalski', 'Lee', 'Mendez', 'Novak',
  'Ortiz', 'Price', 'Ramos', 'Silva', 'Tran', 'Usman', 'Vance', 'Ward', 'Yilmaz', 'Zhou',
  'Adams', 'Bishop', 'Cruz', 'Doyle', 'Estrada', 'Ford', 'Gomez', 'Hart', 'Ito', 'Khan',
];

function makeRandom(seed) {
  const u = mulberry32(seed);
  const normal = () => {
    // Box–Muller; 1 - u() keeps log away from 0.
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    return r * Math.cos(2 * Math.PI * u());
  };
  return { u, normal, bern: (p) => u() < p, pick: (xs) => xs[Math.floor(u() * xs.length)] };
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const score = (x) => clamp(Math.round(x), 0, MAX_SCORE);
const levelOf = (s) => (typeof s === 'number' ? LEVELS.find((l) => s >= l.from).label : null);
const yn = (b) => (b ? 'Y' : 'N');

/** Build every sheet's rows (arrays of cell values) for one seed. */
export function buildDistrict(seed = DEFAULT_SEED) {
  const rnd = makeRandom(seed);

  // Educators: five per team; the first of each team leads it.
  const educators = [];
  TEAMS.forEach((team, t) => {
    for (let k = 0; k < EDUCATORS_PER_TEAM; k++) {
      const i = t * EDUCATORS_PER_TEAM + k;
      const name = `${FIRST[i]} ${LAST[(i * 7) % LAST.length]}`;
      const role =
        k === 0 ? 'Team Lead' : team.name.includes('Lab') ? 'Interventionist' : 'Teacher';
      const pd = Math.max(0, Math.round(team.pd + 5 * rnd.normal()));
      const skill = 0.3 * rnd.normal();
      const fall = {};
      const spring = {};
      for (const c of COMPONENTS) {
        let latent = 2.75 + skill + 0.35 * rnd.normal();
        if (team.weak === c) latent -= 1.0;
        if (INDIVIDUAL_NEEDS[i] === c) latent -= 1.2;
        // Practice change grows with PD hours (about a rubric point per 45 hours).
        const gain = pd / 45 + 0.3 * rnd.normal();
        fall[c] = clamp(Math.round(latent), 1, 4);
        spring[c] = clamp(Math.round(latent + gain), 1, 4);
      }
      educators.push({ i, name, team, role, pd, fall, spring, growthEffect: 1.5 * rnd.normal() });
    }
  });

  // Students: 25 per educator, with school, team, teacher and subgroup effects.
  const students = [];
  const winter = makeRandom(seed + 1);
  for (const ed of educators) {
    const school = SCHOOLS[ed.team.school];
    const lab = ed.team.name.includes('Lab');
    const teacherLevel = 2 * rnd.normal();
    for (let k = 0; k < STUDENTS_PER_EDUCATOR; k++) {
      const el = rnd.bern(lab ? 0.35 : school.el);
      const swd = rnd.bern(lab ? 0.4 : school.swd);
      const frl = rnd.bern(school.frl);
      const a = rnd.normal();
      const am = 0.7 * a + 0.71 * rnd.normal();
      const gap = (e, s, f) => -e * el - s * swd - f * frl;
      const rTrue = LIFT + ed.team.rb + teacherLevel + 10 * a + gap(9, 12, 6);
      const mTrue = LIFT + ed.team.mb + teacherLevel + 10 * am + gap(6, 11, 7);
      const rGrow = ed.team.rg + ed.growthEffect + gap(1.5, 2, 1);
      const mGrow = ed.team.mg + ed.growthEffect + gap(0.5, 2, 1.5);
      const [rw, mw] = WINTER_SHARE[ed.team.name] ?? [0.5, 0.5];
      students.push({
        school: school.name,
        team: ed.team.name,
        teacher: ed.name,
        grade: rnd.pick(ed.team.grades),
        gender: rnd.bern(0.5) ? 'F' : 'M',
        el: yn(el),
        swd: yn(swd),
        frl: yn(frl),
        readFall: score(rTrue + 4 * rnd.normal()),
        readSpring: score(rTrue + rGrow + 4 * rnd.normal()),
        readWinter: score(rTrue + rw * rGrow + 4 * winter.normal()),
        mathWinter: score(mTrue + mw * mGrow + 4 * winter.normal()),
        mathFall: score(mTrue + 4 * rnd.normal()),
        mathSpring: score(mTrue + mGrow + 4 * rnd.normal()),
      });
    }
  }
  // IDs increase with random gaps; a district export is sorted by ID, mixing schools.
  const order = students.map((s, i) => ({ s, key: rnd.u(), i }));
  order.sort((x, y) => x.key - y.key || x.i - y.i);
  let next = 100;
  const rows = order.map(({ s }) => {
    next += 1 + Math.floor(rnd.u() * 6);
    return { id: String(next).padStart(6, '0'), ...s };
  });
  plantFlaws(rows);

  return {
    students: rows,
    educators,
    goals: goalRows(educators),
  };
}

/** Excel row → data index (header on row 1). */
const at = (excelRow) => excelRow - 2;

/** Plant the flaws listed in this file's header (Excel rows after the duplicate is inserted). */
function plantFlaws(rows) {
  // The double-entered row goes in first, so every other row number below is final.
  rows.splice(at(403), 0, { ...rows[at(402)] });
  const set = (row, patch) => Object.assign(rows[at(row)], patch);
  set(57, { readSpring: null, mathSpring: null });
  set(130, { readFall: null, mathFall: null });
  set(214, { frl: 'FRL' });
  set(611, { readSpring: 'NA' });
  set(688, { frl: 'frl ' });
  set(777, { mathFall: 'NA' });
  set(905, { mathSpring: 'absent' });
  set(1012, { frl: 'Free/Reduced' });
  set(1088, { readSpring: 105 });
  set(1240, { mathFall: '7O' });
  set(1333, { readFall: null, readWinter: null, readSpring: null });
  set(1399, { frl: 'FRL' });
  set(1420, { readFall: null });
}

/** The Goals sheet rows (see the by-design table in this file's header). */
function goalRows(educators) {
  const lead = (team) => educators.find((e) => e.team.name === team && e.role === 'Team Lead').name;
  const member = (team, k) => educators.filter((e) => e.team.name === team)[k].name;
  const [cedar, lakeside, northview] = SCHOOLS;
  const g = (id, level, owner, school, team, goal, focus, group, parent, pl, pd, cost, status) => [
    id,
    level,
    owner,
    school,
    team,
    goal,
    focus,
    group,
    parent,
    pl,
    pd,
    cost,
    status,
  ];
  const dist = 'District Office';
  // prettier-ignore
  return [
    g('D1', 'District', 'Chief Academic Officer', dist, null,
      'Increase the share of students proficient in reading (70+ on the district assessment) by 10 points by June 2027.',
      'Reading', 'All students', null, 'Structured literacy institute', 24, 60000, 'Active'),
    g('D2', 'District', 'Chief Academic Officer', dist, null,
      'Raise spring math proficiency by 8 points, and by 12 points for students with disabilities, by June 2027.',
      'Math', 'All students; SWD', null, 'Math coaching cycles', 18, 45000, 'Active'),
    g('D3', 'District', 'Director of Professional Learning', dist, null,
      'Every classroom shows effective questioning and discussion (3+ on the observation rubric) by spring.',
      'Questioning and discussion', 'All educators', null, 'Observation and feedback cycles', 12, 30000, 'Active'),
    g('S1', 'School', cedar.principal, cedar.name, null,
      'Grow the share of Cedar Ridge students reading at or above proficiency from 39% to 50%.',
      'Literacy', 'All students', 'D1', 'Guided reading PLC', 10, 8000, 'Active'),
    g('S2', 'School', lakeside.principal, lakeside.name, null,
      'Raise ELA proficiency at Lakeside, closing half the gap for English learners.',
      'ELA', 'English learners', 'D1', 'Language-rich instruction', 12, 9500, 'Active'),
    g('S3', 'School', lakeside.principal, lakeside.name, null,
      'Increase math proficiency at Lakeside from 10% to 20%.',
      'Math', 'All students', 'D2', 'Number talks training', 8, 6000, 'Active'),
    g('S4', 'School', northview.principal, northview.name, null,
      'Increase Northview math proficiency by 10 points with a focus on grade 6.',
      'Math', 'All students', 'D2', 'Math coaching cycles', 10, 7000, 'Active'),
    g('S5', 'School', northview.principal, northview.name, null,
      'Every Northview student gains at least 5 points in reading.',
      'Reading', 'All students', 'D1', 'Disciplinary literacy', 8, 5000, 'Draft'),
    g('T1', 'Team', lead('Cedar Grade 2'), cedar.name, 'Cedar Grade 2',
      'Grade 2 students read grade-level text fluently: 45% proficient in spring.',
      'Reading', 'All students', 'S1', 'Fluency routines', 6, 1200, 'Active'),
    g('T2', 'Team', lead('Cedar Grade 3'), cedar.name, 'Cedar Grade 3',
      'Grade 3 literacy: raise spring reading proficiency from 33% to 45%.',
      'Literacy', 'All students', 'S1', 'Guided reading PLC', 10, 1500, 'Active'),
    g('T3', 'Team', lead('Cedar Grade 4'), cedar.name, 'Cedar Grade 4',
      'Grade 4 math: every student grows at least 6 points from fall to spring.',
      'Math', 'All students', null, 'Number talks training', 6, 900, 'Active'),
    g('T4', 'Team', lead('Cedar Grade 5'), cedar.name, 'Cedar Grade 5',
      'Improve attendance: fewer than 8% of students chronically absent.',
      'Attendance', 'All students', null, null, null, 500, 'Active'),
    g('T5', 'Team', lead('Lakeside Grade 2'), lakeside.name, 'Lakeside Grade 2',
      'Grade 2 ELA: English learners gain 10 points in reading.',
      'ELA', 'English learners', 'S2', 'Language-rich instruction', 8, 1100, 'Active'),
    g('T6', 'Team', lead('Lakeside Grade 3'), lakeside.name, 'Lakeside Grade 3',
      'Grade 3 math proficiency from 14% to 25%.',
      'Math', 'All students', 'S3', 'Number talks training', 8, 1000, 'Active'),
    g('T7', 'Team', lead('Lakeside Grade 4'), lakeside.name, 'Lakeside Grade 4',
      'Grade 4 reading: students below 50 in the fall reach 60 by spring.',
      'Reading', 'FRL', null, 'Small-group reading intervention', 6, 800, 'Draft'),
    g('T8', 'Team', lead('Lakeside Grade 5'), lakeside.name, 'Lakeside Grade 5',
      'Grade 5 reading comprehension: 25% proficient in spring.',
      'Reading', 'All students', 'S2', 'Close reading PLC', 6, 900, 'Active'),
    g('T9', 'Team', lead('Northview Grade 6'), northview.name, 'Northview Grade 6',
      'Grade 6 math: raise proficiency from 10% to 25%.',
      'Math', 'All students', 'S4', 'Math coaching cycles', 10, 1500, 'Active'),
    g('T10', 'Team', lead('Northview Grade 7'), northview.name, 'Northview Grade 7',
      "Build students' social-emotional skills through advisory.",
      'Social-emotional learning', 'All students', null, 'SEL advisory curriculum', 6, 2000, 'Active'),
    g('T11', 'Team', lead('Northview Grade 8'), northview.name, 'Northview Grade 8',
      'Grade 8 math: 45% proficient in spring, ready for algebra.',
      'Math', 'All students', 'D2', 'Algebra readiness workshop', 6, 1200, 'Active'),
    g('T12', 'Team', lead('Northview Literacy Lab'), northview.name, 'Northview Literacy Lab',
      'Literacy Lab students gain 10 points in reading.',
      'Reading', 'SWD; English learners', 'S5', 'Structured literacy institute', 24, 3000, 'Active'),
    g('I1', 'Individual', member('Cedar Grade 3', 2), cedar.name, 'Cedar Grade 3',
      'Use text-dependent questions in every guided reading group.',
      'Literacy', 'All students', 'T2', 'Coaching cycle', 6, null, 'Active'),
    g('I2', 'Individual', member('Lakeside Grade 3', 1), lakeside.name, 'Lakeside Grade 3',
      'Run a daily number talk; my students gain 8 points in math.',
      'Math', 'All students', 'T6', 'Number talks training', 4, null, 'Active'),
    g('I3', 'Individual', member('Northview Grade 6', 3), northview.name, 'Northview Grade 6',
      'My grade 6 math students with IEPs reach 55 by spring.',
      'Math', 'SWD', 'T9', 'Co-teaching training', 4, null, 'Draft'),
    g('I4', 'Individual', member('Northview Literacy Lab', 1), northview.name, 'Northview Literacy Lab',
      'Each of my intervention groups gains 12 points in reading.',
      'Reading', 'SWD', 'T12', 'Structured literacy institute', 12, null, 'Active'),
  ];
}

// prettier-ignore
const STUDENT_HEADERS = [
  'Student ID', 'School', 'Team', 'Teacher', 'Grade', 'Gender', 'EL', 'SWD', 'FRL',
  'Reading Fall (0-100)', 'Reading Fall Level', 'Reading Winter (0-100)', 'Reading Spring (0-100)',
  'Reading Spring Level', 'Math Fall (0-100)', 'Math Fall Level', 'Math Winter (0-100)',
  'Math Spring (0-100)', 'Math Spring Level',
];
// prettier-ignore
const GOAL_HEADERS = [
  'Goal ID', 'Level', 'Owner', 'School', 'Team', 'Goal', 'Focus', 'Student group', 'Parent goal',
  'Professional learning', 'PD hours', 'Cost', 'Status',
];
// prettier-ignore
const TEMPLATE_LABELS = [
  'School:', 'Team:', 'Goal:', 'Measure:', 'Baseline:', 'Target:', 'Timeline:', 'Strategies:',
  'Professional learning:', 'Evidence of impact:', 'Owner:',
];

function header(ws, names, widths) {
  ws.addRow(names);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  names.forEach((_, j) => (ws.getColumn(j + 1).width = widths[j] ?? 14));
}

/** The workbook for one seed (not yet written). */
export function buildWorkbook(seed = DEFAULT_SEED) {
  const d = buildDistrict(seed);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Throughline example generator';
  wb.lastModifiedBy = 'Throughline example generator';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;

  const st = wb.addWorksheet('Students');
  header(st, STUDENT_HEADERS, [11, 24, 22, 18, 7, 8, 5, 5, 14]);
  st.getColumn(1).numFmt = '@'; // IDs keep their leading zeros
  for (const s of d.students) {
    const lv = (v) => (typeof v === 'number' ? levelOf(v) : null);
    st.addRow([
      s.id,
      s.school,
      s.team,
      s.teacher,
      s.grade,
      s.gender,
      s.el,
      s.swd,
      s.frl,
      s.readFall,
      lv(s.readFall),
      s.readWinter,
      s.readSpring,
      lv(s.readSpring),
      s.mathFall,
      lv(s.mathFall),
      s.mathWinter,
      s.mathSpring,
      lv(s.mathSpring),
    ]);
  }

  const ed = wb.addWorksheet('Educators');
  const practice = COMPONENTS.flatMap((c) => [`${c} Fall (out of 4)`, `${c} Spring (out of 4)`]);
  // Team before School: detection maps the first team-or-school column of an educator sheet.
  header(
    ed,
    ['Educator Name', 'Team', 'School', 'Role', 'Instructional Coach', 'PD Hours', ...practice],
    [18, 22, 24, 15, 20, 9],
  );
  for (const e of d.educators) {
    ed.addRow([
      e.name,
      e.team.name,
      SCHOOLS[e.team.school].name,
      e.role,
      coachOf(e.team.name),
      e.pd,
      ...COMPONENTS.flatMap((c) => [e.fall[c], e.spring[c]]),
    ]);
  }

  const go = wb.addWorksheet('Goals');
  header(go, GOAL_HEADERS, [8, 11, 26, 24, 22, 70, 24, 20, 11, 30, 9, 9, 9]);
  for (const r of d.goals) go.addRow(r);

  const form = wb.addWorksheet('SMART Goal Form');
  form.getCell('A1').value = 'SMART Goal Form (principal’s template)';
  form.getCell('A1').font = { bold: true, size: 14 };
  form.mergeCells('A1:D1');
  TEMPLATE_LABELS.forEach((label, k) => {
    form.getCell(`A${k + 3}`).value = label;
    form.getCell(`A${k + 3}`).font = { bold: true };
  });
  form.getColumn(1).width = 24;
  form.getColumn(2).width = 70;

  const me = wb.addWorksheet('Read me');
  const lines = [
    'Throughline example district (SYNTHETIC data)',
    '',
    `Made by scripts/generate-district.mjs with seed ${seed}: no real student or educator is in it.`,
    'Regenerate with: npm run example:generate (the same seed writes the same values).',
    '',
    'Students: one row per student (1,500, three schools, 12 teams): reading and math scores',
    '  in fall, winter and spring on a 0-100 scale; 70 or more is Proficient (the Level columns).',
    '  It holds planted data flaws (blanks, "NA", "absent", a duplicate ID, 105, a typo,',
    '  FRL spellings) so the Data Quality sheet has something to show.',
    'Educators: 60 educators with their instructional coach (three coaches, several teams each),',
    '  PD hours and observation rubric ratings (1-4) per component, fall and spring.',
    'Goals: district, school, team and individual goals with their parent goals.',
    'SMART Goal Form: a template to fill for one goal.',
  ];
  for (const l of lines) me.addRow([l]);
  me.getCell('A1').font = { bold: true, size: 14 };
  me.getColumn(1).width = 100;
  return wb;
}

async function main(argv) {
  let seed = DEFAULT_SEED;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  let out = join(root, 'examples', 'district-sample.xlsx');
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--seed') seed = Number(argv[++k]);
    else if (argv[k] === '--out') out = resolve(argv[++k]);
    else {
      process.stderr.write(
        `Unknown argument "${argv[k]}". Usage: generate-district.mjs [--seed N] [--out FILE.xlsx]\n`,
      );
      return 2;
    }
  }
  if (!Number.isInteger(seed)) {
    process.stderr.write('--seed takes a whole number.\n');
    return 2;
  }
  mkdirSync(dirname(out), { recursive: true });
  await buildWorkbook(seed).xlsx.writeFile(out);
  process.stdout.write(`Wrote ${out} (seed ${seed}).\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
