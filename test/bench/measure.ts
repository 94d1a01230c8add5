/**
 * Timing and memory. Each heavy measurement runs in a child process of its own (the bench bundle started again
 * with `--child <task>`), so one measurement's garbage and heap growth never weigh on the next, and the child's
 * peak resident memory (maxRSS) is that measurement's peak.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/**
 * Peak resident set size of this process so far, in bytes: VmHWM, which belongs to the memory map this process's exec
 * made. getrusage's maxRSS is carried over fork and exec on Linux, so a child would report its parent's size.
 */
export function peakRss(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // No /proc (not Linux): maxRSS, which is this process's own there.
  }
  return process.resourceUsage().maxRSS * 1024;
}

const MARK = '@@bench-result ';

/** Heap for children: the in-memory floor write of the 50 × 1,000 plan alone needs ≈ 6.5 GB, past Node's default. */
const CHILD_HEAP_MB = 16384;

/** Runs `task` in a fresh child process and returns what the child reported. */
export function inChild<T>(task: unknown): T {
  const arg = Buffer.from(JSON.stringify(task)).toString('base64url');
  const r = spawnSync(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, '--expose-gc', process.argv[1], '--child', arg], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  if (r.stderr) process.stderr.write(r.stderr);
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(MARK));
  if (r.status !== 0 || !line) {
    const errorLine = (r.stderr ?? '').split('\n').find((l) => /Error/.test(l));
    const why = errorLine?.trim().replace(/^bench: (Error: )?/, '') ?? `exit ${r.status}${r.signal ? ` ${r.signal}` : ''}`;
    throw new ChildError(why, task);
  }
  return JSON.parse(line.slice(MARK.length)) as T;
}

/** A measurement that failed in its child; `reason` is the child's error line. */
export class ChildError extends Error {
  constructor(readonly reason: string, readonly task: unknown) {
    super(`bench child failed (${JSON.stringify(task)}): ${reason}`);
  }
}

/** inChild, or the failure's reason when the measured code itself failed. */
export function tryInChild<T>(task: unknown): T | ChildError {
  try {
    return inChild<T>(task);
  } catch (e) {
    if (e instanceof ChildError) return e;
    throw e;
  }
}

/**
 * Runs a small standalone script (`node -e`) in a fresh process: for measurements that the bench's own code, loaded
 * in every bench child, would disturb (a cold start). The script prints its result with `report(...)`.
 */
export function inScript<T>(code: string, env: Record<string, string>): T {
  const prelude = `const report = (r) => process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify(r) + '\\n');\n`;
  const r = spawnSync(process.execPath, ['-e', prelude + code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(MARK));
  if (r.status !== 0 || !line) throw new Error(`bench script failed: exit ${r.status}`);
  return JSON.parse(line.slice(MARK.length)) as T;
}

/** In the child: prints the result where inChild finds it. */
export function report(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
