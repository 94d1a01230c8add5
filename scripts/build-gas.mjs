// Builds the Apps Script project into build/ (the clasp rootDir):
//   build/shinchoku.js    esbuild IIFE bundle of src/gas/main.ts; its only global is `var Shinchoku = …`
//   build/entry.js        generated: one real top-level `function NAME(a, b) { return Shinchoku.NAME(a, b); }`
//                         per export of src/gas/main.ts, under that export's JSDoc (esbuild drops comments, and
//                         Sheets needs `@customfunction` above a top-level function declaration)
//   build/appsscript.json the manifest, copied
// The wrappers read `Shinchoku` at call time, so the order in which Apps Script loads the files does not matter.
// See docs: engineering-anchors.md §3e and §7.
//
// Usage: node scripts/build-gas.mjs [--entry src/gas/main.ts] [--out build]
// The build fails (exit 1, every problem listed with the export's name) when an export of the entry is not a
// plain function, a name ends with `_`, a name repeats (case-insensitively: Sheets ignores case), an UPPER_CASE
// export lacks `@customfunction`, or `@customfunction` sits on a name that is not UPPER_CASE.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { buildFilesDialog, buildSidebar } from './build-ui.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's single global; every generated wrapper delegates to it. */
export const GLOBAL_NAME = 'Shinchoku';
export const DEFAULT_ENTRY = join(ROOT, 'src', 'gas', 'main.ts');
export const DEFAULT_OUT_DIR = join(ROOT, 'build');
export const MANIFEST = join(ROOT, 'appsscript.json');
export const BUNDLE_FILE = 'shinchoku.js';
export const ENTRY_FILE = 'entry.js';

/** A problem with the entry's exports; the message lists every problem found. */
export class EntryError extends Error {}

const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;
const CUSTOM_FUNCTION_TAG = /@customfunction\b/;

/** The function-like declaration behind an export, or null (`export const X = 1`, a class, an enum …). */
function functionOf(decl) {
  if (ts.isFunctionDeclaration(decl)) return { fn: decl, statement: decl };
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init)) init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { fn: init, statement: decl.parent.parent };
  }
  return null;
}

/** The raw `/** … *\/` comment directly before a statement (the last one when there are several), or ''. */
function leadingJsDoc(statement) {
  const sf = statement.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, statement.getFullStart()) ?? [];
  const docs = ranges.filter((r) => r.kind === ts.SyntaxKind.MultiLineCommentTrivia && sf.text.startsWith('/**', r.pos));
  const last = docs[docs.length - 1];
  return last ? sf.text.slice(last.pos, last.end) : '';
}

const hasModifier = (node, kind) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === kind);

/**
 * Reads the exports of `entryPath` with the TypeScript compiler API and checks them.
 * Returns [{ name, params: [{ name, rest }], jsdoc, custom }] in source order; throws EntryError on problems.
 * Type-only exports (interfaces, type aliases) are skipped: they do not exist at run time.
 */
export function readExports(entryPath) {
  const file = resolve(entryPath);
  const program = ts.createProgram([file], {
    noLib: true,
    types: [],
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  if (!sf) throw new EntryError(`${entryPath}: file not found`);
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) throw new EntryError(`${entryPath}: exports nothing (the add-in's public surface must export its functions)`);

  const problems = [];
  const result = [];
  const seen = new Map();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const name = exported.getName();
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Value)) continue;
    const say = (why) => problems.push(`export "${name}": ${why}`);

    if (name === 'default') {
      say('default exports have no name in Apps Script; export a named function instead');
      continue;
    }
    const decls = symbol.getDeclarations() ?? [];
    const fns = decls.map(functionOf).filter(Boolean);
    if (fns.length === 0 || fns.length !== decls.length) {
      say(`is not a function (${decls.map((d) => ts.SyntaxKind[d.kind]).join(', ') || 'unknown'}); only plain functions can be called by Apps Script`);
      continue;
    }
    const impl = fns.find((f) => f.fn.body) ?? fns[fns.length - 1];
    if (hasModifier(impl.fn, ts.SyntaxKind.AsyncKeyword)) say('is async; Apps Script does not wait for promises');
    if (impl.fn.asteriskToken) say('is a generator; Apps Script needs a plain function');

    const jsdoc = fns.map((f) => leadingJsDoc(f.statement)).find((d) => d !== '') ?? '';
    const custom = CUSTOM_FUNCTION_TAG.test(jsdoc);
    if (name.endsWith('_')) say('ends with "_", which makes it private in Apps Script (not callable from menus, the sidebar or cells)');
    if (name === GLOBAL_NAME) say(`clashes with the bundle's global "${GLOBAL_NAME}"`);
    const key = name.toUpperCase();
    if (seen.has(key)) say(`repeats "${seen.get(key)}" (Apps Script and Sheets function names must be unique, ignoring case)`);
    else seen.set(key, name);
    if (UPPER_CASE.test(name) && !custom) say('is UPPER_CASE (a custom function) but its JSDoc has no @customfunction');
    if (!UPPER_CASE.test(name) && custom) say('has @customfunction but is not UPPER_CASE (custom functions are named in UPPER_CASE)');

    const params = impl.fn.parameters
      .filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'))
      .map((p, i) => ({ name: ts.isIdentifier(p.name) ? p.name.text : `arg${i + 1}`, rest: Boolean(p.dotDotDotToken) }));
    result.push({ name, params, jsdoc, custom });
  }
  if (problems.length) throw new EntryError(`${relative(process.cwd(), file) || file}:\n  ${problems.join('\n  ')}`);
  if (result.length === 0) throw new EntryError(`${entryPath}: exports no function`);
  return result;
}

/** The text of build/entry.js for the given exports. */
export function renderEntry(exports, sourceLabel, globalName = GLOBAL_NAME) {
  const banner = [
    `// Generated by scripts/build-gas.mjs from ${sourceLabel}. Do not edit: edit the source and run \`npm run build\`.`,
    `// Each function delegates to the bundle's global \`${globalName}\` (${BUNDLE_FILE}) at call time, so file order does not matter.`,
  ].join('\n');
  const fns = exports.map(({ name, params, jsdoc }) => {
    const list = params.map((p) => (p.rest ? `...${p.name}` : p.name)).join(', ');
    const fn = `function ${name}(${list}) { return ${globalName}.${name}(${list}); }`;
    return jsdoc ? `${jsdoc}\n${fn}` : fn;
  });
  return `${banner}\n\n${fns.join('\n\n')}\n`;
}

/** Builds build/ (emptied first, so no stale file is ever pushed). Throws EntryError before writing anything. */
export async function buildGas({ entry = DEFAULT_ENTRY, outDir = DEFAULT_OUT_DIR, manifest = MANIFEST } = {}) {
  const exports = readExports(entry);
  JSON.parse(readFileSync(manifest, 'utf8'));
  const label = relative(ROOT, resolve(entry)).split('\\').join('/');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: [resolve(entry)],
    outfile: join(outDir, BUNDLE_FILE),
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    target: 'es2020',
    charset: 'utf8',
    minify: false,
    legalComments: 'none',
    platform: 'browser',
    logLevel: 'warning',
  });
  writeFileSync(join(outDir, ENTRY_FILE), renderEntry(exports, label));
  copyFileSync(manifest, join(outDir, 'appsscript.json'));
  // The sidebar page, served by HtmlService.createHtmlOutputFromFile('sidebar').
  await buildSidebar(join(outDir, 'sidebar.html'));
  // 部門ファイルの配布・回収, served by HtmlService.createHtmlOutputFromFile('files').
  await buildFilesDialog(join(outDir, 'files.html'));
  return exports;
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--entry') opts.entry = resolve(argv[++i]);
    else if (a === '--out') opts.outDir = resolve(argv[++i]);
    else throw new EntryError(`unknown argument "${a}" (usage: node scripts/build-gas.mjs [--entry FILE] [--out DIR])`);
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    await buildGas(parseArgs(process.argv.slice(2)));
  } catch (e) {
    if (!(e instanceof EntryError)) throw e;
    process.stderr.write(`build-gas: ${e.message}\n`);
    process.exitCode = 1;
  }
}
