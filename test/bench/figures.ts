/**
 * The bench's figures and budgets, recorded once where each is computed: the Markdown tables print the value that
 * `put`/`check` return, and out/bench.json (or out/bench-quick.json) is written from the same records, so there is
 * no second copy of a figure.
 *
 * JSON schema (BENCH_SCHEMA, bump it when a key changes meaning):
 *   { schema, mode: 'quick' | 'full', date (ISO), machine, seconds (the bench's own wall time),
 *     figures: { "<section>.<name>": { value: number | boolean | string, unit, budget?: { op, limit, held } } },
 *     budgetsHeld: boolean, failures: string[] }
 * Keys are dotted, stable between runs of the same mode; a key that names a plan carries it as `<tabs>x<perTab>`
 * (e.g. `rollup.plan.2x10.steady.calls`). `unit` says what the number counts (UNITS). A budget compares the value
 * with its limit (`op`: the value must be `<=` or `<` the limit); a limit measured in the same run (a ratio's
 * reference, a smaller plan's count) is a number like any other. `failures` also holds what failed without a
 * number (a measurement that crashed, Chromium missing).
 */
import type { PlanSize } from './plan';

export const BENCH_SCHEMA = 1;

export const UNITS = {
  calls: 'service calls (or server calls) made',
  'calls/tab': 'service calls per added department tab',
  ms: 'milliseconds of wall time',
  'cpu-ms': 'milliseconds of CPU time of the measuring process',
  s: 'seconds (estimated in Sheets where the key says so)',
  'µs': 'microseconds of wall time',
  bytes: 'bytes',
  cells: 'spreadsheet cells',
  indicators: 'indicators of a plan',
  tabs: 'department tabs',
  ratio: 'a ratio of two figures measured in the same run',
  exponent: 'growth exponent (1 = linear)',
  count: 'things counted (rows, findings, parts …)',
  yes: 'true or false',
  text: 'free text',
} as const;

export type Unit = keyof typeof UNITS;

export type Op = '<=' | '<';

export interface Budget {
  op: Op;
  limit: number;
  held: boolean;
}

export interface Figure {
  value: number | boolean | string;
  unit: Unit;
  budget?: Budget;
}

export interface BenchJson {
  schema: number;
  mode: 'quick' | 'full';
  date: string;
  machine: string;
  seconds: number;
  figures: Record<string, Figure>;
  budgetsHeld: boolean;
  failures: string[];
}

/** `<tabs>x<perTab>`, the plan part of a key. */
export const planKey = (s: PlanSize) => `${s.tabs}x${s.perTab}`;

const KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)+$/;

export class Figures {
  readonly figures: Record<string, Figure> = {};
  private readonly problems: string[] = [];

  /** Records a figure and returns its value (to print it in a table). */
  put<T extends number | boolean | string>(key: string, value: T, unit: Unit): T {
    if (!KEY.test(key)) throw new Error(`bench figure key "${key}" is not dotted camelCase`);
    if (key in this.figures) throw new Error(`bench figure "${key}" recorded twice`);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`bench figure "${key}" is ${value}`);
    this.figures[key] = { value, unit };
    return value;
  }

  /**
   * Records a figure with its budget; when it is missed, `why` (given the value) becomes a failure line.
   * Returns whether the budget held.
   */
  check(key: string, value: number, unit: Unit, op: Op, limit: number, why: (value: number) => string): boolean {
    this.put(key, value, unit);
    // A hair of tolerance for figures computed as slopes of counts (floating point).
    const held = op === '<=' ? value <= limit + 1e-9 : value < limit;
    this.figures[key].budget = { op, limit, held };
    if (!held) this.problems.push(why(value));
    return held;
  }

  /** A failure that has no number (a measurement crashed, a tool is missing). */
  fail(message: string): void {
    this.problems.push(message);
  }

  get failures(): readonly string[] {
    return this.problems;
  }

  json(head: Omit<BenchJson, 'figures' | 'budgetsHeld' | 'failures'>): BenchJson {
    return { ...head, figures: this.figures, budgetsHeld: this.problems.length === 0, failures: [...this.problems] };
  }
}
