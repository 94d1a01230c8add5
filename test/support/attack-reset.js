/** Jest global setup: each run starts the attack table afresh (test/support/attack.ts appends to it). */
const { rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = () => rmSync(join(__dirname, '..', '..', 'out', 'attack', 'rows.jsonl'), { force: true });
