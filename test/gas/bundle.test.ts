/**
 * The Apps Script bundle contract (engineering-anchors.md §3e, §7.6): build/ as clasp would push it, loaded into a
 * bare `vm` context the way Apps Script loads project files (classic scripts sharing one global scope).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import * as formulas from '../../src/core/formulas';
import { createEnvironment } from './fakes';
import { thrown } from '../support/thrown';

const root = join(__dirname, '..', '..');
const buildDir = join(root, 'build');
const GLOBAL = 'Shinchoku';
const ENTRY_SOURCE = join(root, 'src', 'gas', 'main.ts');

/** Files clasp pushes from build/ (rootDir). */
const PUSHED_FILES = ['appsscript.json', 'entry.js', 'files.html', 'shinchoku.js', 'sidebar.html'];
/** Push order does not matter; both orders are loaded below. */
const SCRIPT_FILES = ['shinchoku.js', 'entry.js'];

/** Apps Script services and globals; none may be read while the files load. */
const APPS_SCRIPT_GLOBALS = [
  'SpreadsheetApp', 'PropertiesService', 'ScriptApp', 'HtmlService', 'CacheService', 'LockService', 'Session',
  'Utilities', 'UrlFetchApp', 'DriveApp', 'DocumentApp', 'GmailApp', 'CalendarApp', 'FormApp', 'SlidesApp',
  'MailApp', 'ContentService', 'Logger', 'Browser', 'console', 'google',
];

const read = (name: string) => readFileSync(join(buildDir, name), 'utf8');

function load(order: string[], sandbox: object = {}): vm.Context {
  const ctx = vm.createContext(sandbox);
  for (const f of order) vm.runInContext(read(f), ctx, { filename: f });
  return ctx;
}

/** Exports of src/gas/main.ts as the TypeScript checker sees them: name → parameter names and raw JSDoc. */
function sourceExports(): Map<string, { params: string[]; jsdoc: string }> {
  const program = ts.createProgram([ENTRY_SOURCE], { noEmit: true, types: [], moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(ENTRY_SOURCE)!;
  const out = new Map<string, { params: string[]; jsdoc: string }>();
  for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!(target.flags & ts.SymbolFlags.Value)) continue;
    const decl = target.getDeclarations()![0]!;
    if (!ts.isFunctionDeclaration(decl)) throw new Error(`${sym.getName()} is not a function declaration`);
    const text = decl.getSourceFile().text;
    const docs = (ts.getLeadingCommentRanges(text, decl.getFullStart()) ?? []).filter((r) => text.startsWith('/**', r.pos));
    const last = docs[docs.length - 1];
    out.set(sym.getName(), {
      params: decl.parameters.map((p) => p.name.getText()),
      jsdoc: last ? text.slice(last.pos, last.end) : '',
    });
  }
  return out;
}

beforeAll(() => {
  // Only the Apps Script build: rebuilding dist/cli.js here could race with the CLI tests running it.
  execFileSync('node', ['scripts/build-gas.mjs'], { cwd: root, stdio: 'pipe' });
});

describe('loading build/ like Apps Script does', () => {
  test.each([[SCRIPT_FILES], [[...SCRIPT_FILES].reverse()]])('order %j: loads in a bare context without module, exports or require', (order) => {
    const ctx = load(order);
    expect(vm.runInContext('[typeof module, typeof exports, typeof require].join()', ctx)).toBe('undefined,undefined,undefined');
    expect(vm.runInContext('typeof ACHIEVEMENT_RATE', ctx)).toBe('function');
    expect(vm.runInContext('FISCAL_YEAR("令和元年度")', ctx)).toBe(2019);
  });

  test.each([[SCRIPT_FILES], [[...SCRIPT_FILES].reverse()]])('order %j: no Apps Script global is read at load', (order) => {
    const touched: string[] = [];
    const sandbox = {};
    for (const name of APPS_SCRIPT_GLOBALS)
      Object.defineProperty(sandbox, name, { get: () => (touched.push(name), {}), configurable: true, enumerable: false });
    const ctx = load(order, sandbox);
    expect(touched).toEqual([]);
    // Custom functions may use no service that needs authorization; these use none at all.
    vm.runInContext('ACHIEVEMENT_RATE([[30.7],[115]], [[10],[200]]); ACHIEVEMENT_GRADE(0.5); JP_NUMBER("1,730件"); FISCAL_YEAR("R5")', ctx);
    vm.runInContext('EXPECTED_VALUE(144865, 200000, 2017, 2027, 2019); PROJECTED_FINAL([[10, 14]], [[2019, 2020]], 2023); PACE_NEEDED(130, 2020, 200, 2023)', ctx);
    expect(touched).toEqual([]);
  });

  test('the globals created are the bundle\'s one global and one function per export', () => {
    const ctx = load(SCRIPT_FILES);
    expect(Object.keys(ctx).sort()).toEqual([GLOBAL, ...sourceExports().keys()].sort());
  });

  test('shinchoku.js is a single `var Shinchoku = (() => …)()` statement', () => {
    const sf = ts.createSourceFile('shinchoku.js', read('shinchoku.js'), ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    const statements = sf.statements.filter((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
    expect(statements).toHaveLength(1);
    const [only] = statements;
    expect(ts.isVariableStatement(only!) && only.declarationList.declarations.map((d) => d.name.getText())).toEqual([GLOBAL]);
  });

  test('shinchoku.js has no class fields or #private members (Apps Script V8 rejects them)', () => {
    const sf = ts.createSourceFile('shinchoku.js', read('shinchoku.js'), ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    const found: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyDeclaration(n) || ts.isPrivateIdentifier(n) || ts.isClassStaticBlockDeclaration(n)) found.push(n.getText().slice(0, 60));
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(found).toEqual([]);
  });
});

describe('build/entry.js', () => {
  const parse = () => ts.createSourceFile('entry.js', read('entry.js'), ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);

  test('starts with a generated, do-not-edit banner', () => {
    expect(read('entry.js').split('\n')[0]).toMatch(/^\/\/ Generated by scripts\/build-gas\.mjs .*Do not edit/);
  });

  test('every export of src/gas/main.ts is a top-level function declaration with the same parameter names', () => {
    const sf = parse();
    const exports = sourceExports();
    expect(exports.size).toBeGreaterThanOrEqual(4);
    const decls = new Map(sf.statements.filter(ts.isFunctionDeclaration).map((f) => [f.name!.text, f]));
    expect(sf.statements.every(ts.isFunctionDeclaration)).toBe(true);
    expect([...decls.keys()].sort()).toEqual([...exports.keys()].sort());
    for (const [name, { params }] of exports) {
      const fn = decls.get(name)!;
      expect(fn.parameters.map((p) => p.name.getText())).toEqual(params);
      expect(fn.body!.getText()).toBe(`{ return ${GLOBAL}.${name}(${params.join(', ')}); }`);
    }
  });

  test('each custom function has its source JSDoc, with @customfunction, directly above it', () => {
    const sf = parse();
    const exports = sourceExports();
    const customs = [...exports.keys()].filter((n) => /^[A-Z][A-Z0-9_]*$/.test(n));
    expect(customs.sort()).toEqual(['ACHIEVEMENT_GRADE', 'ACHIEVEMENT_RATE', 'EXPECTED_VALUE', 'FISCAL_YEAR', 'JP_NUMBER', 'PACE_NEEDED', 'PROJECTED_FINAL']);
    for (const name of customs) {
      const fn = sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name)!;
      const ranges = ts.getLeadingCommentRanges(sf.text, fn.getFullStart()) ?? [];
      const last = ranges[ranges.length - 1]!;
      const doc = sf.text.slice(last.pos, last.end);
      expect(doc).toMatch(/^\/\*\*[\s\S]*@customfunction\s*\*\/$/);
      expect(doc).toMatch(/@param/);
      expect(sf.text.slice(last.end, fn.getStart())).toBe('\n');
      expect(doc).toBe(exports.get(name)!.jsdoc);
    }
  });
});

describe('calling the custom functions through the loaded globals', () => {
  let ctx: vm.Context;
  beforeAll(() => {
    ctx = load([...SCRIPT_FILES].reverse());
  });

  /** Calls a global as Apps Script would, by name. */
  const call = (name: string, ...args: unknown[]): unknown => (ctx[name] as (...a: unknown[]) => unknown)(...args);

  test('ranges come back with the same shape', () => {
    const r = call('ACHIEVEMENT_RATE', [[30.7], [115]], [[10], [200]]) as number[][];
    expect(r).toHaveLength(2);
    expect(r[0]).toHaveLength(1);
    expect(r[0]![0]).toBeCloseTo(3.07, 12);
    expect(r[1]![0]).toBeCloseTo(0.575, 12);
  });

  test.each<[string, unknown[], unknown]>([
    ['ACHIEVEMENT_RATE', ['30.7%', '10%'], formulas.achievementRateFormula('30.7%', '10%')],
    ['ACHIEVEMENT_RATE', [0.307, 0.1], formulas.achievementRateFormula(0.307, 0.1)],
    ['ACHIEVEMENT_RATE', [80, 60, 100, '減少'], 0.5],
    ['ACHIEVEMENT_RATE', ['未測定', 10], ''],
    ['ACHIEVEMENT_GRADE', [0.575], 'C'],
    ['ACHIEVEMENT_GRADE', ['110%', '110%型'], 'A'],
    ['JP_NUMBER', ['▲16.7%'], -16.7],
    ['JP_NUMBER', ['3万5千件'], 35000],
    ['FISCAL_YEAR', ['令和元年度'], 2019],
    ['FISCAL_YEAR', ['R5'], 2023],
    // The example (seed No.5): 144,865 + 55,135 × 2/10 = 155,892 exactly.
    ['EXPECTED_VALUE', [144865, 200000, 2017, 2027, 2019], 155892],
    ['EXPECTED_VALUE', ['閲覧者数 144,865人', '200,000人', '平成29年度', '令和9年度', '令和元年度'], 155892],
    ['PROJECTED_FINAL', [[[234964, 349879, '(本年度未測定)']], [[2019, 2020, 2021]], 2023], 694624],
    ['PROJECTED_FINAL', [[[441]], [[2020]], 2021, '実績ペース', 148, 2018], 587.5],
    ['PACE_NEEDED', [130, 2020, 200, 2023], 70 / 3],
  ])('%s(%j) gives what the source function gives', (name, args, expected) => {
    const r = call(name, ...args);
    if (typeof expected === 'number') expect(r as number).toBeCloseTo(expected, 12);
    else expect(r).toBe(expected);
  });

  test('dates arrive as Dates, whichever realm made them, and are read in the spreadsheet\'s time zone', () => {
    // UTC+14: its midnight is the previous day in every other zone, so a date read in any zone but the sheet's is off.
    const env = createEnvironment({ spreadsheetTimeZone: 'Pacific/Kiritimati' });
    const dated = load([...SCRIPT_FILES].reverse(), { ...env.globals });
    env.dateConstructor = vm.runInContext('Date', dated);
    env.spreadsheet.getSheets()[0]!.getRange('A1:A2').setValues([['2020/03/31'], ['2020/04/01']]);
    const [[march31], [april1]] = env.spreadsheet.getSheets()[0]!.getRange('A1:A2').getValues() as Date[][];
    const fiscalYear = (d: unknown) => env.run('CUSTOM_FUNCTION', () => (dated.FISCAL_YEAR as (x: unknown) => unknown)(d));
    expect(fiscalYear(march31)).toBe(2019);
    expect(fiscalYear(april1)).toBe(2020);
    expect(fiscalYear(new Date(april1!.getTime()))).toBe(2020);
    expect(fiscalYear([[march31, april1]])).toEqual([[2019, 2020]]);
  });

  test('errors arrive as thrown Errors with Japanese messages', () => {
    expect(thrown(() => call('ACHIEVEMENT_RATE', '1,73', 10))).toBe('実績: 「1,73」の桁区切りが3桁ごとになっていません');
    expect(thrown(() => call('ACHIEVEMENT_RATE', [[1], [2], ['1,73']], 10))).toMatch(/^実績（範囲の3行目）: /);
    expect(thrown(() => call('ACHIEVEMENT_RATE', '5件', '10人'))).toMatch(/^単位が一致しません/);
    expect(thrown(() => call('ACHIEVEMENT_GRADE', 0.5, '東京型'))).toMatch(/^評価基準「東京型」はプリセットにありません/);
    expect(thrown(() => call('FISCAL_YEAR', '来年'))).toMatch(/年度として読めません/);
    expect(thrown(() => call('EXPECTED_VALUE', 100, 200, 2023, 2023, 2023))).toMatch(/^見込み算出不可: 基準年度（2023年度）が目標年度（2023年度）より前ではない/);
    expect(thrown(() => call('PROJECTED_FINAL', [[5]], [[2020]], 2023))).toMatch(/実績のある年度が1つだけ/);
  });
});

describe('the build refuses exports Apps Script cannot call', () => {
  const CF = '/**\n * Doubles.\n * @param {number} x a number\n * @customfunction\n */\n';
  const REFUSED: [string, string, RegExp][] = [
    ['a non-function export', `${CF}export function DOUBLE(x: number) { return 2 * x; }\nexport const LIMIT = 10;\n`, /export "LIMIT": is not a function/],
    ['a class export', 'export class Helper {}\n', /export "Helper": is not a function/],
    ['a name ending in _', 'export function helper_() { return 1; }\n', /export "helper_": ends with "_"/],
    ['UPPER_CASE without @customfunction', '/** Doubles. */\nexport function DOUBLE(x: number) { return 2 * x; }\n', /export "DOUBLE": is UPPER_CASE .* no @customfunction/],
    ['@customfunction on a camelCase name', `${CF}export function double(x: number) { return 2 * x; }\n`, /export "double": has @customfunction but is not UPPER_CASE/],
    ['a name repeated ignoring case', 'export function onOpen() {}\nexport { onOpen as onopen };\n', /export "onopen": repeats "onOpen"/],
    ['an async function', 'export async function load() {}\n', /export "load": is async/],
    ['a default export', 'export default function () {}\n', /export "default"/],
  ];
  const ENTRIES: Record<string, Record<string, string>> = {
    ...Object.fromEntries(REFUSED.map(([name, source]) => [name, { 'main.ts': source }])),
    'all at once': { 'main.ts': 'export const A = 1;\nexport function b_() {}\n' },
    're-exports': {
      'lib.ts': `${CF}export const DOUBLE = (value: number, ...more: number[]) => 2 * value + more.length;\nexport function menuAction() { return 'ok'; }\n`,
      'main.ts': "export { DOUBLE, menuAction as openSidebar } from './lib';\nexport type Api = { a: number };\nexport interface Shape { b: string }\n",
    },
  };

  /** A temporary folder with an entry's files; its build goes to `<dir>/build`. */
  function entryDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-gas-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  /** What buildGas() did with one entry: the EntryError's message (undefined when it built), and whether it wrote. */
  interface Outcome {
    error?: string;
    out: string;
    wrote: boolean;
  }

  /**
   * Builds every entry with scripts/build-gas.mjs's buildGas() in one Node process, so TypeScript and esbuild load
   * once rather than once per case (one process per case, all at once, missed jest's 5 s on a busy machine).
   */
  const BUILD_ALL = `
    const { buildGas, EntryError } = await import(process.env.BUILD_GAS_URL);
    const out = {};
    for (const [name, dir] of Object.entries(JSON.parse(process.env.ENTRY_DIRS))) {
      try {
        await buildGas({ entry: dir + '/main.ts', outDir: dir + '/build' });
        out[name] = {};
      } catch (e) {
        if (!(e instanceof EntryError)) throw e;
        out[name] = { error: e.message };
      }
    }
    process.stdout.write(JSON.stringify(out));`;

  let outcomes: Record<string, Outcome>;
  // One process that loads TypeScript and esbuild and builds ten entries: ≈ 2 s on an idle 2-core machine; the limit
  // leaves room for a machine whose cores other processes keep busy.
  beforeAll(async () => {
    const dirs = Object.fromEntries(Object.entries(ENTRIES).map(([name, files]) => [name, entryDir(files)]));
    const env = { ...process.env, BUILD_GAS_URL: pathToFileURL(join(root, 'scripts', 'build-gas.mjs')).href, ENTRY_DIRS: JSON.stringify(dirs) };
    const stdout = await new Promise<string>((done, fail) =>
      execFile('node', ['--input-type=module', '-e', BUILD_ALL], { cwd: root, encoding: 'utf8', env }, (e, o, err) => (e ? fail(new Error(`${e.message}\n${err}`)) : done(o))),
    );
    const results = JSON.parse(stdout) as Record<string, { error?: string }>;
    outcomes = Object.fromEntries(Object.entries(dirs).map(([name, dir]) => [name, { ...results[name], out: join(dir, 'build'), wrote: existsSync(join(dir, 'build')) }]));
  }, 60_000);

  test.each(REFUSED)('%s', (name, _, message) => {
    expect(outcomes[name]!.error).toMatch(message);
    expect(outcomes[name]!.wrote).toBe(false);
  });

  test('all problems are listed at once', () => {
    expect(outcomes['all at once']!.error).toMatch(/"A"/);
    expect(outcomes['all at once']!.error).toMatch(/"b_"/);
    expect(outcomes['all at once']!.wrote).toBe(false);
  });

  test('re-exports are resolved to their declaration (JSDoc and parameters from there); type-only exports are skipped', () => {
    const r = outcomes['re-exports']!;
    expect(r.error).toBeUndefined();
    const entry = readFileSync(join(r.out, 'entry.js'), 'utf8');
    expect(entry).toContain(`${CF}function DOUBLE(value, ...more) { return ${GLOBAL}.DOUBLE(value, ...more); }`);
    expect(entry).toContain(`function openSidebar() { return ${GLOBAL}.openSidebar(); }`);
    expect(entry).not.toMatch(/Api|Shape/);
    const ctx = vm.createContext({});
    vm.runInContext(entry, ctx);
    vm.runInContext(readFileSync(join(r.out, 'shinchoku.js'), 'utf8'), ctx);
    expect(vm.runInContext('DOUBLE(5, 1, 1) + openSidebar()', ctx)).toBe('12ok');
  });

  // One Node process loading TypeScript: well under a second idle; the limit is for a busy machine.
  test('the command line exits 1, prints every problem and writes nothing', async () => {
    const dir = entryDir(ENTRIES['all at once']!);
    const out = join(dir, 'build');
    const r = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = execFile('node', ['scripts/build-gas.mjs', '--entry', join(dir, 'main.ts'), '--out', out], { cwd: root, encoding: 'utf8' }, (_e, _o, stderr) =>
        done({ status: child.exitCode, stderr }),
      );
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^build-gas: .*main\.ts:\n/);
    expect(r.stderr).toMatch(/\n {2}export "A": is not a function/);
    expect(r.stderr).toMatch(/\n {2}export "b_": ends with "_"/);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});

describe('what clasp would push (checked offline; clasp itself is not installed)', () => {
  const clasp = JSON.parse(readFileSync(join(root, '.clasp.json'), 'utf8')) as Record<string, unknown>;

  test('.clasp.json pushes build/ and only script, html and json files', () => {
    expect(clasp).toMatchObject({ rootDir: 'build', scriptExtensions: ['.js'], htmlExtensions: ['.html'], jsonExtensions: ['.json'] });
    expect(typeof clasp.scriptId).toBe('string');
    expect(clasp).not.toHaveProperty('filePushOrder');
  });

  test('build/ holds exactly the files to push, each one kept by .claspignore', () => {
    const files = readdirSync(buildDir, { recursive: true }).map(String).sort();
    expect(files).toEqual([...PUSHED_FILES].sort());
    const keep = readFileSync(join(root, '.claspignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
    const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    for (const f of files) expect(keep.some((p) => glob(p).test(f))).toBe(true);
  });

  test('the manifest: V8, Tokyo time, explicit scopes, copied unchanged', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'appsscript.json'), 'utf8'));
    // Which scopes is derived, not pinned: test/gas/scopes.test.ts runs every export with the gate on and checks that
    // the manifest lists exactly the scopes the calls need.
    expect(manifest).toEqual({
      timeZone: 'Asia/Tokyo',
      runtimeVersion: 'V8',
      exceptionLogging: 'STACKDRIVER',
      oauthScopes: expect.any(Array),
    });
    expect(new Set(manifest.oauthScopes).size).toBe(manifest.oauthScopes.length);
    for (const scope of manifest.oauthScopes) expect(scope).toMatch(/^https:\/\/www\.googleapis\.com\/auth\/[a-z._]+$/);
    expect(read('appsscript.json')).toBe(readFileSync(join(root, 'appsscript.json'), 'utf8'));
  });
});
