/**
 * The goals of the figures, read from bench/goals.json (the one place they live; scripts/bench-table.mjs reads the
 * same file for the README's table), and the judgement of a figure's numbers against its goal.
 */
import goalsJson from './goals.json';

export interface Check {
  /** Which of the figure's judged numbers: `ratio` or a name the figure gives. */
  of: string;
  op: '<' | '<=' | '==';
  limit: number;
}
export interface Goal {
  text: string;
  /** The goal is on a ratio against a baseline of the same run (otherwise the table says it is not a ratio). */
  ratio: boolean;
  checks: Check[];
}

const { $comment: _comment, ...entries } = goalsJson as unknown as Record<string, Goal> & { $comment: string };
export const GOALS: Readonly<Record<string, Goal>> = entries;

export type Verdict = 'met' | 'missed' | 'reported';

export function goalOf(id: string): Goal {
  const goal = GOALS[id];
  if (!goal) throw new Error(`bench/goals.json has no goal for figure '${id}'`);
  return goal;
}

function holds({ op, limit }: Check, value: number): boolean {
  if (op === '<') return value < limit;
  if (op === '<=') return value <= limit;
  return value === limit;
}

/** Met when every check holds; a goal without checks is only reported; a missing or NaN number misses. */
export function judge(id: string, judged: Record<string, number>): Verdict {
  const { checks } = goalOf(id);
  if (checks.length === 0) return 'reported';
  return checks.every((c) => Number.isFinite(judged[c.of]) && holds(c, judged[c.of])) ? 'met' : 'missed';
}
