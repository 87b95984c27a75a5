/**
 * The header words detection knows, grouped by the role they suggest. Matching is on folded
 * tokens (see names.ts), so "Student ID", "student_id", "StudentID", "ID#" and "Stu Id" all hit.
 */
import { foldName, headerTokens } from './names';

export type HeaderHint =
  | 'id'
  | 'weak-id'
  | 'educator-id'
  | 'team'
  | 'school'
  | 'teacher'
  | 'coach'
  | 'subgroup'
  | 'grade'
  | 'level'
  | 'pd-hours'
  | 'date'
  | 'measure-name'
  | 'window'
  | 'score'
  | 'text'
  | null;

const ID_FOLDED = new Set([
  'id',
  'id#',
  'sid',
  'studentid',
  'studentnumber',
  'studentno',
  'studentnum',
  'stuid',
  'stunum',
  'pupilid',
  'learnerid',
  'localid',
  'stateid',
  'ssid',
  'lasid',
  'sasid',
  'permid',
  'permnum',
  'studentidnumber',
  'studentlocalid',
  'studentstateid',
  'districtid',
  'studentuniqueid',
  'uniqueid',
  'personid',
  'userid',
  'studentusi',
  'studentkey',
  // State and vendor exports (issue 14)
  'studentidentifier',
  'statestudentidentifier',
  'localstudentidentifier',
  'statestudentid',
  'localstudentid',
  'studentidlocal',
  'studentidstate',
  'studentprimaryid',
  'primaryid',
  'epicid',
  'tsdsid',
  'tsdsuid',
  'mosisid',
  'gtid',
  'nysstudentid',
  'fastid',
  'studentrenaissanceid',
]);
const PERSON = new Set(['student', 'stu', 'pupil', 'learner', 'person', 'user', 'child']);
const EDUCATOR = new Set([
  'teacher',
  'teachers',
  'educator',
  'staff',
  'employee',
  'observee',
  'instructor',
  'faculty',
]);
const SUBGROUP_FOLDED = new Set([
  'el',
  'ell',
  'lep',
  'esl',
  'esol',
  'ml',
  'englishlearner',
  'englishlanguagelearner',
  'elstatus',
  'ellstatus',
  'lepstatus',
  'swd',
  'iep',
  'sped',
  '504',
  'section504',
  'disability',
  'specialeducation',
  'specialed',
  'studentswithdisabilities',
  'frl',
  'frpl',
  'lunch',
  'lunchstatus',
  'freereducedlunch',
  'freeandreducedlunch',
  'freereduced',
  'econdis',
  'ecodis',
  'economicallydisadvantaged',
  'econdisadvantaged',
  'econdisadv',
  'econdis',
  'ecodisadv',
  'lowincome',
  'ses',
  'fr',
  'gender',
  'sex',
  'race',
  'ethnicity',
  'raceethnicity',
  'ethnic',
  'hispanic',
  'homeless',
  'migrant',
  'foster',
  'gifted',
  'gt',
  'tag',
  'military',
  'title1',
  'titlei',
]);
const SUBGROUP_WORDS = new Set([
  'ell',
  'lep',
  'esl',
  'esol',
  'swd',
  'iep',
  'sped',
  '504',
  'frl',
  'frpl',
  'lunch',
  'gender',
  'sex',
  'race',
  'ethnicity',
  'ethnic',
  'disability',
  'disadvantaged',
  'homeless',
  'migrant',
  'gifted',
  'learner',
  'learners',
]);

/** What a header's words suggest, before looking at any value. */
export function headerHint(header: string): HeaderHint {
  const f = foldName(header);
  const tokens = headerTokens(header);
  const has = (...w: string[]) => w.some((x) => tokens.includes(x));
  if (has('date', 'timestamp', 'dob', 'birthdate', 'birthday')) return 'date';
  if (has('email', 'notes', 'note', 'comment', 'comments') && !has('id')) return 'text';
  // A long question (a Google Forms header) names its topic, not a role.
  if (tokens.length > 8) return null;
  if (
    has('pd', 'pl', 'training', 'credit', 'clock', 'contact', 'ceu') &&
    has('hours', 'hrs', 'hour')
  )
    return 'pd-hours';
  if (/professional(learning|development)hours?/.test(f) || f === 'pdhours' || f === 'hours')
    return 'pd-hours';
  if (
    tokens.some((t) => EDUCATOR.has(t)) &&
    has('id', 'name', 'first', 'last', 'number', '#', 'code')
  )
    return 'educator-id';
  // "Educator" or "Observee" alone names the person ("Teacher" alone is a student's teacher).
  if (['educator', 'observee', 'employee', 'staff', 'staffmember'].includes(f))
    return 'educator-id';
  if (ID_FOLDED.has(f)) return 'id';
  if (has('id', '#', 'number', 'no', 'num') && tokens.some((t) => PERSON.has(t))) return 'id';
  if (
    f === 'student' ||
    f === 'name' ||
    f === 'studentname' ||
    f === 'fullname' ||
    (has('name') && tokens.some((t) => PERSON.has(t)))
  ) {
    return 'weak-id';
  }
  if (
    SUBGROUP_FOLDED.has(f) ||
    tokens.some((t) => SUBGROUP_WORDS.has(t)) ||
    /economicallydisadvantaged|englishlearner|specialeducation|freereduced/.test(f)
  ) {
    return 'subgroup';
  }
  // "Coach", "Instructional Coach", "Literacy Coach": the educator's coach (not a team).
  if (has('coach', 'coaches') && !has('id', '#', 'hours', 'hrs')) return 'coach';
  if (has('team', 'plc', 'department', 'dept')) return 'team';
  // New York's files name the school a "location" (location_name, location_key_rsp_sch).
  if (
    has('school', 'building', 'campus', 'site') ||
    f === 'schoolid' ||
    f === 'schid' ||
    (has('location') && has('name', 'key', 'code'))
  )
    return 'school';
  if (has('teacher', 'homeroom', 'class', 'section', 'group', 'cohort', 'advisory', 'hr'))
    return 'teacher';
  if (
    has('level', 'proficiency', 'proficient', 'performance', 'achievement', 'band') &&
    !has('score')
  ) {
    if (has('grade') && !has('proficiency', 'performance', 'achievement', 'proficient'))
      return 'grade';
    return 'level';
  }
  if (has('grade', 'gr', 'yr') && tokens.length <= 2) return 'grade';
  if (
    !has('id', '#', 'date', 'number') &&
    has('subject', 'measure', 'assessment', 'test', 'content', 'course') &&
    has('name', 'area', 'type', 'subject', 'measure', 'assessment', 'test', 'title')
  ) {
    if (tokens.length <= 3 && !has('score')) return 'measure-name';
  }
  if (
    [
      'subject',
      'measure',
      'assessment',
      'test',
      'contentarea',
      'testname',
      'assessmentname',
      'subjectarea',
    ].includes(f)
  )
    return 'measure-name';
  if (
    [
      'window',
      'term',
      'season',
      'administration',
      'testperiod',
      'testingwindow',
      'windowname',
      'period',
      'testwindow',
      'termname',
      'timepoint',
      'wave',
    ].includes(f)
  ) {
    return 'window';
  }
  if (
    has(
      'score',
      'scaled',
      'scale',
      'rit',
      'points',
      'result',
      'value',
      'percentile',
      'lexile',
      'raw',
    )
  )
    return 'score';
  return null;
}

/** Ordinal words that say a level is proficient or better (checked after NOT_PROFICIENT). */
export const PROFICIENT_WORDS =
  /\b(proficient|advanced|exceeds?|meets?|mastery|mastered|distinguished|above|on grade|at grade|level [345]|yes|y|true|met|passed?)\b/i;
export const NOT_PROFICIENT_WORDS =
  /\b(not|non|nearly|almost|below|approach(es|ing)?|basic|partial(ly)?|does not|did not|minimal|limited|beginning|emerging|developing|level [12]|no|n|false|fail(ed)?|well below|remedial|unsatisfactory)\b/i;

/** Template (form) labels: a goal-setting template sheet lists these down a column. */
export const TEMPLATE_LABELS = new Set([
  'goal',
  'goalstatement',
  'smartgoal',
  'baseline',
  'target',
  'timeline',
  'strategies',
  'strategy',
  'evidenceofimpact',
  'evidence',
  'owner',
  'owners',
  'actionsteps',
  'measure',
  'measures',
  'resources',
  'progressmonitoring',
  'rationale',
  'responsible',
  'personresponsible',
  'dueby',
  'deadline',
  'data',
  'measureofsuccess',
]);
