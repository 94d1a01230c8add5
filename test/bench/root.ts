/** The project folder; scripts/bench.mjs runs the bundled bench from a temporary file and names the folder here. */
import * as path from 'node:path';

export const ROOT = process.env.SHINCHOKU_BENCH_ROOT ?? path.resolve(__dirname, '..', '..');
