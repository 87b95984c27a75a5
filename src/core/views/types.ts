/**
 * The four roles' views of one analysis (issue 20; docs/contracts.md, report `views`). Every
 * figure is the engine's, from the same Datasets, impact rows, goals and alignment.
 */

/** A pre/post mean over the records with both scores (null means without a pair). */
export interface PairedMeans {
  n: number;
  preMean: number | null;
  postMean: number | null;
  meanDiff: number | null;
}

/** The learner: her ratings, her students, her goals, her learning. */
export interface EducatorView {
  educator: string;
  team: string | null;
  school: string | null;
  pdHours: number | null;
  /** Her rating per practice component, before and after (null: no rating). */
  practice: { component: string; pre: number | null; post: number | null; change: number | null }[];
  /** Her students (the students' teacher column) per measure, and per student group. */
  students: (PairedMeans & { measure: string; group: { column: string; value: string } | null })[];
  /** Her weakest components: shared by most of her team (team learning) or hers alone. */
  needs: { component: string; kind: 'team learning' | 'individual learning'; peers: number }[];
  /** Goals she owns, and the goals of her team and school (IDs, in the alignment's order). */
  goals: { own: string[]; team: string[]; school: string[] };
}

/** The coach's unit: a team, practice and student change side by side. */
export interface TeamView {
  team: string;
  school: string | null;
  educators: number;
  practice: (PairedMeans & { component: string })[];
  students: (PairedMeans & { measure: string; relative: string | null })[];
  /** Components most of the team shares among its weakest (collective learning). */
  sharedNeeds: string[];
  /** Educators whose weakest component is theirs alone: who to support, on what. */
  support: { educator: string; component: string }[];
  goals: string[];
}

/** A team goal's progress as a coach reads it: the latest window with data against the target. */
export interface TeamGoalProgress {
  goal: string;
  measure: string;
  metric: 'pctProficient' | 'mean';
  baseline: number | null;
  target: number;
  /** The latest window with data, and the goal's figure there (null when no window has data). */
  window: string | null;
  value: number | null;
  status: string | null;
  final: boolean;
}

/**
 * The coach: her teams (from the data's coach column), each the `teams` entry itself (its
 * figures are not recomputed) with the progress of the team's tracked goals.
 */
export interface CoachView {
  coach: string;
  schools: string[];
  teams: (TeamView & { progress: TeamGoalProgress[] })[];
}

export interface SchoolView {
  school: string;
  students: (PairedMeans & {
    measure: string;
    avgNormalizedGain: number | null;
    pctProficientPre: number | null;
    pctProficientPost: number | null;
  })[];
  teams: string[];
  goals: string[];
  /** School goals with no path to a district goal. */
  orphans: string[];
}

export interface DistrictView {
  schools: string[];
  unsupported: string[];
  orphans: string[];
  duplicates: { goals: string[]; focus: string }[];
  coherence: number | null;
  /** Per district priority: goals that carry it, PD hours and cost, need (share not proficient). */
  resources: { id: string; goals: number; hours: number; cost: number; need: number | null }[];
}

export interface Views {
  educators: EducatorView[];
  teams: TeamView[];
  /** Present only when the data names coaches (an educator sheet's `coach` column). */
  coaches?: CoachView[];
  schools: SchoolView[];
  district: DistrictView;
}
