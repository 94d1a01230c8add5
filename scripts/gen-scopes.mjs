#!/usr/bin/env node
// Generates test/gas/fakes/scopes.ts: for every Apps Script class the fakes model, each method of Google's
// reference with the OAuth scopes its "Authorization" block lists ([] when it lists none). The text is read from
// the JSDoc of the npm package gas-types-detailed (MIT; a copy of the reference, devDependency pinned in
// package.json), through the TypeScript compiler API.
//
//   node scripts/gen-scopes.mjs              rewrite the table
//   node scripts/gen-scopes.mjs --check      exit 1 when the committed table differs from what the package gives
//   node scripts/gen-scopes.mjs --mirror DIR also compare with the Markdown reference pages under DIR/reference/
//                                            (a checkout of rajeevmps/google-apps-script-docs) and print where
//                                            they disagree (the mirror omits many blocks; nothing is changed)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test', 'gas', 'fakes', 'scopes.ts');
const PACKAGE = 'gas-types-detailed';

/** Namespace of GoogleAppsScript → the interfaces (Apps Script classes) the fakes implement, and its .d.ts file. */
const CLASSES = {
  Charts: { file: 'charts', classes: ['ChartOptions'] },
  Base: { file: 'base', classes: ['Logger', 'Menu', 'PromptResponse', 'RgbColor', 'Session', 'Ui', 'User'] },
  HTML: { file: 'html', classes: ['HtmlOutput', 'HtmlService', 'HtmlTemplate'] },
  Lock: { file: 'lock', classes: ['Lock', 'LockService'] },
  Properties: { file: 'properties', classes: ['Properties', 'PropertiesService'] },
  Mail: { file: 'mail', classes: ['MailApp'] },
  Script: { file: 'script', classes: ['AuthorizationInfo', 'ClockTriggerBuilder', 'ScriptApp', 'Trigger', 'TriggerBuilder'] },
  Spreadsheet: {
    file: 'spreadsheet',
    classes: [
      'BooleanCondition', 'Color', 'ConditionalFormatRule', 'ConditionalFormatRuleBuilder', 'ContainerInfo', 'DataValidation',
      'DataValidationBuilder', 'EmbeddedChart', 'EmbeddedChartBuilder', 'Protection', 'Range', 'RangeList', 'Sheet',
      'Spreadsheet', 'SpreadsheetApp',
    ],
  },
  Utilities: { file: 'utilities', classes: ['Utilities'] },
};

/** Mirror page per class (reference/<area>/<Class>.md). */
const MIRROR_AREA = { Charts: 'charts', Base: 'base', HTML: 'html', Lock: 'lock', Mail: 'mail', Properties: 'properties', Script: 'script', Spreadsheet: 'spreadsheet', Utilities: 'utilities' };

const AUTH_BLOCK = /Scripts that use this method require authorization with one or more of the following scopes[^:]*:\s*\n((?:\s*\*\s*-\s*\S+\s*\n)+)/;

function packageDir() {
  const require = createRequire(join(ROOT, 'package.json'));
  return dirname(require.resolve(`${PACKAGE}/package.json`));
}

/** The scopes of one JSDoc comment, in the reference's order. */
function scopesOf(comment) {
  const m = AUTH_BLOCK.exec(comment);
  if (!m) return [];
  return [...m[1].matchAll(/-\s*(\S+)/g)].map((x) => x[1]);
}

/** `Class.method` → scopes (overloads merged: a scope listed by any overload counts), plus overloads that disagree. */
export function readPackage(dir = packageDir()) {
  const table = new Map();
  const disagreements = [];
  for (const [ns, { file, classes }] of Object.entries(CLASSES)) {
    const path = join(dir, `google-apps-script.${file}.d.ts`);
    const text = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2020, true);
    const found = new Set();
    const visit = (node, inNs) => {
      if (ts.isModuleDeclaration(node) && node.body) {
        const name = node.name.getText(sf);
        const nowIn = inNs || name === ns;
        if (ts.isModuleBlock(node.body)) for (const s of node.body.statements) visit(s, nowIn);
        else visit(node.body, nowIn);
        return;
      }
      if (!inNs || !ts.isInterfaceDeclaration(node) || !classes.includes(node.name.text)) return;
      const cls = node.name.text;
      found.add(cls);
      const perOverload = new Map();
      for (const member of node.members) {
        if (!ts.isMethodSignature(member)) continue;
        const comments = (ts.getLeadingCommentRanges(text, member.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end));
        const doc = comments.filter((c) => c.startsWith('/**')).at(-1) ?? '';
        if (doc.includes('@deprecated')) continue;
        const method = member.name.getText(sf);
        perOverload.set(method, [...(perOverload.get(method) ?? []), scopesOf(doc)]);
      }
      for (const [method, lists] of perOverload) {
        const merged = [...new Set(lists.flat())];
        if (lists.some((l) => l.length !== merged.length)) disagreements.push(`${cls}.${method}: overloads list ${lists.map((l) => `[${l.join(', ')}]`).join(' / ')}`);
        table.set(`${cls}.${method}`, merged);
      }
    };
    for (const s of sf.statements) visit(s, false);
    const missing = classes.filter((c) => !found.has(c));
    if (missing.length) throw new Error(`${PACKAGE}: ${ns} has no interface ${missing.join(', ')}`);
  }
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  return { version, table: new Map([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), disagreements };
}

const PREFIX = 'https://www.googleapis.com/auth/';

export function render({ version, table, disagreements }) {
  const scope = (s) => (s.startsWith(PREFIX) ? `A + '${s.slice(PREFIX.length)}'` : `'${s}'`);
  const lines = [
    `// Generated by scripts/gen-scopes.mjs from ${PACKAGE} ${version}: do not edit; run \`node scripts/gen-scopes.mjs\`.`,
    '/**',
    ' * The OAuth scopes Google\'s Apps Script reference lists for each method of the classes the fakes model',
    ' * ("Scripts that use this method require authorization with one or more of the following scopes"); [] when the',
    ' * reference lists none. Any one listed scope suffices. Overloads are merged (a scope any overload lists counts).',
    ` * Source: the JSDoc of the npm package ${PACKAGE}@${version} (MIT), a copy of the reference at`,
    ' * developers.google.com/apps-script/reference/<service>/<class>; cross-checked against the mirror',
    ' * rajeevmps/google-apps-script-docs reference/<area>/<Class>.md (`--mirror`), which omits many blocks.',
    ...(disagreements.length ? [' * Overloads that list different scopes (merged here):', ...disagreements.map((d) => ` * - ${d}`)] : []),
    ' */',
    `export const SCOPE_TABLE_SOURCE = '${PACKAGE}@${version}';`,
    '',
    `const A = '${PREFIX}';`,
    '',
    'export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {',
    ...[...table].map(([k, v]) => `  '${k}': [${v.map(scope).join(', ')}],`),
    '};',
    '',
  ];
  return lines.join('\n');
}

/** Method → scopes as the mirror's Markdown page states them (undefined when the page says nothing for it). */
function readMirror(root) {
  const table = new Map();
  for (const [ns, { classes }] of Object.entries(CLASSES)) {
    for (const cls of classes) {
      let text;
      try {
        text = readFileSync(join(root, 'reference', MIRROR_AREA[ns], `${cls}.md`), 'utf8');
      } catch {
        continue;
      }
      // A page-wide "## Authorization" section applies to every method of the page.
      const pageWide = /\n## Authorization\s*\n[\s\S]*?((?:\n- `https:[^`]+`)+)/.exec(text);
      const pageScopes = pageWide ? [...pageWide[1].matchAll(/`(https:[^`]+)`/g)].map((m) => m[1]) : undefined;
      for (const section of text.split(/\n### /).slice(1)) {
        const method = /^`?([A-Za-z0-9_]+)\(/.exec(section)?.[1];
        if (!method) continue;
        const auth = /\*\*Authorization:\*\*([^\n]*(?:\n- `[^`]+`)*)/.exec(section);
        const scopes = auth ? [...auth[1].matchAll(/`(https:[^`]+)`/g)].map((m) => m[1]) : pageScopes;
        if (scopes === undefined) continue;
        const key = `${cls}.${method}`;
        table.set(key, [...new Set([...(table.get(key) ?? []), ...scopes])]);
      }
    }
  }
  return table;
}

function compareWithMirror(pkg, mirror) {
  const same = (a, b) => a.length === b.length && a.every((s) => b.includes(s));
  const out = [];
  let agree = 0;
  for (const [key, scopes] of mirror) {
    const ours = pkg.get(key);
    if (ours === undefined) out.push(`${key}: only in the mirror (deprecated in the package, or missing there) [${scopes.join(', ')}]`);
    else if (same(ours, scopes)) agree++;
    else out.push(`${key}: package [${ours.join(', ')}], mirror [${scopes.join(', ')}]`);
  }
  const silent = [...pkg].filter(([k, v]) => v.length && !mirror.has(k)).length;
  return { agree, differ: out, silent };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const pkg = readPackage();
  const text = render(pkg);
  const mirrorAt = args.indexOf('--mirror');
  if (mirrorAt >= 0) {
    const r = compareWithMirror(pkg.table, readMirror(args[mirrorAt + 1]));
    console.log(`mirror: ${r.agree} methods agree; ${r.silent} scoped methods have no scope line in the mirror; ${r.differ.length} differ`);
    for (const d of r.differ) console.log(`  ${d}`);
  }
  if (args.includes('--check')) {
    const committed = readFileSync(OUT, 'utf8');
    if (committed !== text) {
      console.error(`${OUT} differs from what ${PACKAGE} ${pkg.version} gives: run node scripts/gen-scopes.mjs`);
      process.exit(1);
    }
  } else if (mirrorAt < 0) {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}: ${pkg.table.size} methods, ${[...pkg.table.values()].filter((v) => v.length).length} with scopes`);
  }
}
