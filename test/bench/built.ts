/** The built Apps Script project as test/gas/bundle-harness.ts loads it, read from build/ (scripts/bench.mjs builds it first). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Built, Manifest } from '../gas/bundle-harness';
import { ROOT } from './root';

export const BUILD = path.join(ROOT, 'build');

export function readBuilt(): Built {
  const read = (name: string) => {
    const file = path.join(BUILD, name);
    if (!fs.existsSync(file)) throw new Error(`build/${name} is missing: run npm run build first`);
    return fs.readFileSync(file, 'utf8');
  };
  return { bundle: read('shinchoku.js'), entry: read('entry.js'), manifest: JSON.parse(read('appsscript.json')) as Manifest };
}
