/** Runs the `shinchoku` command line in this process, capturing what it prints (no terminal: no progress bar). */
import { run, type Io } from '../../src/node/cli';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false };
  const code = await run(args, io);
  return { code, out, err };
}
