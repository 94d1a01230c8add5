#!/usr/bin/env node
// Entry of the `shinchoku` command: runs the built CLI (dist/cli.js, made by `npm run build` / `npm ci`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(built)) {
  process.stderr.write('shinchoku がビルドされていません。npm run build を実行してください\n');
  process.exit(2);
}
// Exit only once stdout and stderr are flushed: a pipe (`shinchoku rollup --json | jq`) takes 64 KB at a time, and
// exiting at once cut a longer answer there.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
// A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
require(built)
  .run(process.argv.slice(2))
  .then(async (code) => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
