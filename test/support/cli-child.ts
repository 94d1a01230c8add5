/**
 * The command line in a child process, for what one process cannot show about itself: its peak memory, a file size
 * limit (`ulimit -f`) or another user. The sources are bundled once per test run (esbuild, packages left to
 * node_modules) into out/test-bin/, which is not committed.
 */
import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'out', 'test-bin', 'cli-child.js');

/** `--copy <from> <to>` opens and saves through XlsxWorkbook alone (no command, no lock); anything else is the CLI. */
const DRIVER = `
import { run } from './src/node/cli';
import { XlsxWorkbook } from './src/node/xlsx-workbook';
let err = '';
const args = process.argv.slice(2);
const copy = async () => {
  try {
    await (await XlsxWorkbook.open(args[1])).save(args[2]);
    return 0;
  } catch (e) {
    err = e.message;
    return 2;
  }
};
// This process's own peak: VmHWM belongs to the memory map exec made. getrusage's maxRSS is not: Linux carries it
// over fork and exec, so it would report the (large) jest worker this child was forked from.
const peakRss = () => {
  const m = /^VmHWM:\\s+(\\d+) kB$/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
};
(args[0] === '--copy' ? copy() : run(args, { stdout: () => undefined, stderr: (s) => void (err += s), isTTY: false })).then((code) => {
  process.stdout.write(JSON.stringify({ code, err, peakRss: peakRss() }));
});
`;

let built = false;

function bundle(): string {
  if (built && existsSync(BIN)) return BIN;
  mkdirSync(join(BIN, '..'), { recursive: true });
  buildSync({ stdin: { contents: DRIVER, resolveDir: ROOT, loader: 'ts' }, bundle: true, platform: 'node', packages: 'external', outfile: BIN, logLevel: 'error' });
  chmodSync(BIN, 0o644);
  built = true;
  return BIN;
}

export interface ChildRun {
  code: number;
  /** What the command printed for people (its Io.stderr). */
  err: string;
  /** Everything else the process wrote to its stderr (libraries' console output). */
  stderr: string;
  peakRss: number;
  ms: number;
}

/**
 * Runs `shinchoku …args` in a fresh process. `shell` wraps the node command line (e.g. `ulimit -f 40; exec`), `user`
 * runs it as that uid when this process is root (setpriv; root writes anywhere), as this user otherwise.
 */
export function cliChild(args: string[], opts: { shell?: string; uid?: number } = {}): ChildRun {
  const bin = bundle();
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  let command = `${opts.shell ?? ''} ${quoted}`;
  // Only root needs to become another user to meet file permissions; anyone else already does.
  if (opts.uid !== undefined && process.getuid?.() === 0) command = `exec setpriv --reuid=${opts.uid} --regid=${opts.uid} --clear-groups ${command}`;
  const t = Date.now();
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8', cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const ms = Date.now() - t;
  let parsed: { code: number; err: string; peakRss: number };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`child failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
  }
  return { ...parsed, stderr: r.stderr, ms };
}
