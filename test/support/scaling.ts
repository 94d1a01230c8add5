/**
 * For tests that a job stays about linear on big hostile inputs, without comparing a time with a constant (which
 * fails when the machine is busy or slow): the job's CPU time at n rows against the same job at n / 10 rows, each
 * less what it costs at 0 rows, all measured in this process. CPU time of this process barely moves when other
 * processes keep the cores busy, and a ratio does not move with the machine's speed.
 */

/** Work growing linearly gives ≈ 10, quadratically ≈ 100: the limit is the geometric middle. */
export const TENFOLD_LIMIT = 30;

/** Runs of the two smaller sizes; the fastest counts (the first ones also pay for the JIT). */
const SMALL_RUNS = 3;
/**
 * Runs at full size; the faster counts. One run alone can take a collection or a recompilation that the tenth-size
 * runs (best of three) never show: on a loaded CI machine that once made plain linear work read 54×.
 */
const FULL_RUNS = 2;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Growth<T> {
  /** (cost at n − cost at 0) ÷ (cost at n / 10 − cost at 0). */
  growth: number;
  /** What the job returned at n rows. */
  result: T;
  /** CPU ms at 0, n / 10 and n rows. */
  costs: [number, number, number];
}

function growthOf<T>(zero: number, tenth: number, full: number, result: T): Growth<T> {
  // A floor of 1 ms keeps a tenth-size run that costs next to nothing beyond the empty one from dividing by ~0.
  return { growth: (full - zero) / Math.max(tenth - zero, 1), result, costs: [zero, tenth, full] };
}

/** `prepare(rows)` builds a fresh input (untimed) and returns the job to time on it. */
export function tenfoldGrowth<T>(prepare: (rows: number) => () => T, n: number): Growth<T> {
  const time = (rows: number): [number, T] => {
    const job = prepare(rows);
    const t = cpuNow();
    const r = job();
    return [cpuNow() - t, r];
  };
  const best = (rows: number) => Math.min(...Array.from({ length: SMALL_RUNS }, () => time(rows)[0]));
  const zero = best(0);
  const tenth = best(Math.round(n / 10));
  let [full, result] = time(n);
  for (let i = 1; i < FULL_RUNS; i++) full = Math.min(full, time(n)[0]);
  return growthOf(zero, tenth, full, result);
}

/** tenfoldGrowth for a job that returns a promise (`prepare` may too). */
export async function tenfoldGrowthAsync<T>(prepare: (rows: number) => Promise<() => Promise<T>>, n: number): Promise<Growth<T>> {
  const time = async (rows: number): Promise<[number, T]> => {
    const job = await prepare(rows);
    const t = cpuNow();
    const r = await job();
    return [cpuNow() - t, r];
  };
  const best = async (rows: number) => {
    const costs: number[] = [];
    for (let i = 0; i < SMALL_RUNS; i++) costs.push((await time(rows))[0]);
    return Math.min(...costs);
  };
  const zero = await best(0);
  const tenth = await best(Math.round(n / 10));
  let [full, result] = await time(n);
  for (let i = 1; i < FULL_RUNS; i++) full = Math.min(full, (await time(n))[0]);
  return growthOf(zero, tenth, full, result);
}
