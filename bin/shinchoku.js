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
require(built)
  .run(process.argv.slice(2))
  .then((code) => process.exit(code));
