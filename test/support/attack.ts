/**
 * The attack suite's table (issue 13): each attack runs a number of tries and records one row — attack, tries,
 * outcome — which `npm run attack` prints (scripts/attack-table.mjs) and the README's reliability section shows.
 * A try returns undefined when the attack held, or a short description of what went wrong (a try that throws — a
 * failed expect — did not hold either); the test fails when any try did not hold, so a row reading "held" is one
 * the test proved.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AttackRow {
  /** The attack report's number (docs/attack-report.md), e.g. "1.2". */
  id: string;
  /** What was done, in a few words. */
  attack: string;
  tries: number;
  /** Tries that held. */
  held: number;
  /** What went wrong in the tries that did not hold (first few). */
  failures: string[];
}

/** Where rows are appended (one JSON line each); the folder is out/, which is not committed. */
export const ATTACK_ROWS = resolve(__dirname, '..', '..', 'out', 'attack', 'rows.jsonl');

export function recordAttack(row: AttackRow): void {
  mkdirSync(join(ATTACK_ROWS, '..'), { recursive: true });
  appendFileSync(ATTACK_ROWS, `${JSON.stringify(row)}\n`);
}

/**
 * Runs `once` `tries` times (in order; a try may itself start concurrent work), records the row and asserts every
 * try held. Returns the row for extra assertions.
 */
export async function attack(id: string, description: string, tries: number, once: (i: number) => Promise<string | undefined>): Promise<AttackRow> {
  const failures: string[] = [];
  let held = 0;
  for (let i = 0; i < tries; i++) {
    const failure = await once(i).catch((e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200));
    if (failure === undefined) held++;
    else failures.push(`try ${i + 1}: ${failure}`);
  }
  const row: AttackRow = { id, attack: description, tries, held, failures: failures.slice(0, 5) };
  recordAttack(row);
  expect(row.failures).toEqual([]);
  return row;
}
