/**
 * The `shinchoku` entry (bin/shinchoku.js) writing into a pipe, as `shinchoku rollup --json | jq` does: the whole
 * answer arrives (the demo's is over 64 KB, a pipe's buffer, which an exit right after the write used to cut), and a
 * reader that stops early ends the command quietly instead of with an EPIPE stack trace.
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { demoBookFile } from '../support/cli';

jest.setTimeout(60_000);
const BIN = join(__dirname, '..', '..', 'bin', 'shinchoku.js');

function run(args: string[], readBytes = Infinity): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      // A reader like `head -c`: closes its end once it has what it wants.
      if (size >= readBytes) child.stdout.destroy();
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, out: Buffer.concat(chunks), err }));
  });
}

test('rollup --json through a pipe arrives whole, over 64 KB', async () => {
  const book = await demoBookFile('shinchoku-pipe-');
  // A shell pipe whose reader starts late, so the 64 KB of the pipe fill before anything is read (a child's stdio from
  // spawn is a socket, with a larger buffer, and a quick reader hid the cut).
  const out = execFileSync('sh', ['-c', '"$0" "$1" rollup "$2" --json | { sleep 1; cat; }', process.execPath, BIN, book], { maxBuffer: 64 << 20 });
  expect(out.length).toBeGreaterThan(65_536);
  const json = JSON.parse(out.toString('utf8')) as { summary: unknown[]; outlooks: unknown[] };
  expect(json.summary.length).toBeGreaterThan(0);
  expect(json.outlooks.length).toBeGreaterThan(0);
});

test('a reader that stops early ends the command quietly', async () => {
  const book = await demoBookFile('shinchoku-pipe-');
  const r = await run(['rollup', book, '--json'], 100);
  expect(r.err).not.toMatch(/EPIPE|Unhandled/);
  expect(r.code).toBe(0);
});
