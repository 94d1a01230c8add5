/**
 * The local preview: serves the built sidebar page on localhost with a google.script.run stand-in whose calls
 * run the same sidebar service over an .xlsx workbook. Each call opens the file afresh (so edits made in the file
 * meanwhile are seen, as in a shared spreadsheet), calls are run one at a time (the document lock), and writes
 * are saved to the file before the answer goes back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { calendarOfLocalTime } from '../core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../core/demo/suita';
import { UserError, userMessage } from '../core/errors';
import { initWorkbook, setupDepartmentTabs } from '../core/jobs';
import { coordinatorView, deptForm, runCheck, runRollup, saveForm, sidebarStart } from '../core/sidebar/service';
import { SIDEBAR_CALLS, type SaveRequest } from '../core/sidebar/types';
import { XlsxWorkbook } from './xlsx-workbook';

export interface PreviewOptions {
  /** The workbook the preview reads and writes. */
  book: string;
  /** 0 picks a free port. */
  port?: number;
  /** The sheet the page treats as the active tab ('' = none). */
  activeSheet?: string;
  /** Who the preview acts as (recorded in 変更履歴). */
  user?: string;
  /** Where a call is logged (the terminal). */
  log?: (line: string) => void;
  /** The built page; found from the package root by default. */
  page?: string;
}

/** The preview has no sign-in; 変更履歴 records this name. */
export const PREVIEW_USER = 'プレビュー利用者';

export interface Preview {
  url: string;
  /** Names of the server calls made, in order (for tests and the closing note). */
  calls: string[];
  close(): Promise<void>;
}

/** The package root: the nearest folder above this file with build/ or package.json of shinchoku. */
function packageRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'ui'))) return dir;
  throw new Error('package root not found');
}

/** Creates the demo workbook (plan, department tabs and the seed's entries) when the file is not there yet. */
export async function ensureDemoBook(file: string): Promise<boolean> {
  if (existsSync(file)) return false;
  const book = XlsxWorkbook.create();
  initWorkbook(book, { settings: demoSettings, master: demoMaster });
  setupDepartmentTabs(book, demoEntries);
  await book.save(file);
  return true;
}

/**
 * The stand-in, as google.script.run behaves (platform-facts §16): chained handlers, asynchronous delivery,
 * only JSON values (a Date or a function fails the call), every server function an own key.
 */
function standIn(calls: readonly string[]): string {
  return `(() => {
  const names = ${JSON.stringify(calls)};
  const jsonOnly = (v) => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
    if (v instanceof Date || typeof v === 'function' || typeof v === 'undefined' || (typeof Node !== 'undefined' && v instanceof Node)) throw new Error('Failed due to illegal value in argument');
    Object.values(v).forEach(jsonOnly);
  };
  const runner = (ok, fail) => {
    const r = {
      withSuccessHandler: (f) => runner(f, fail),
      withFailureHandler: (f) => runner(ok, f),
      withUserObject: () => r,
    };
    for (const name of names)
      r[name] = (...args) => {
        const failed = (e) => setTimeout(() => (fail ? fail(e) : console.error(e)), 0);
        try { args.forEach(jsonOnly); } catch (e) { failed(e); return; }
        fetch('/rpc/' + name, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) })
          .then((res) => res.json())
          .then((answer) => ('error' in answer ? failed(new Error(answer.error)) : ok && ok(answer.value)), failed);
      };
    return r;
  };
  window.google = { script: { run: runner(null, null), host: { close() {}, editor: { focus() {} } } } };
})();`;
}

type Handler = (book: XlsxWorkbook, args: unknown[]) => { value: unknown; wrote: boolean };

function handlers(activeSheet: string, user: string, log: (line: string) => void): Record<(typeof SIDEBAR_CALLS)[number], Handler> {
  const read = (value: unknown) => ({ value, wrote: false });
  return {
    sidebarStart: (book) => read(sidebarStart(book, activeSheet)),
    sidebarForm: (book, [dept]) => read(deptForm(book, String(dept))),
    sidebarSave: (book, [request]) => {
      const result = saveForm(book, request as SaveRequest, { now: calendarOfLocalTime(new Date()), user });
      return { value: result, wrote: result.status !== 'conflict' };
    },
    sidebarStatus: (book) => read(coordinatorView(book)),
    sidebarCheck: (book) => ({ value: runCheck(book), wrote: true }),
    sidebarRollup: (book) => ({ value: runRollup(book), wrote: true }),
    sidebarShowCell: (_book, [sheet, cell]) => {
      log(`（プレビュー）Google スプレッドシートならここで ${String(sheet)}!${String(cell)} を選択します`);
      return read(true);
    },
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(text);
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const file = resolve(options.book);
  if (!existsSync(file)) throw new UserError(`ファイルが見つかりません: ${options.book}`);
  const pagePath = options.page ?? join(packageRoot(), 'build', 'sidebar.html');
  if (!existsSync(pagePath)) throw new UserError('サイドバーのページがありません。先に npm run build を実行してください');
  const log = options.log ?? (() => undefined);
  const page = readFileSync(pagePath, 'utf8').replace('</head>', () => `<script>${standIn(SIDEBAR_CALLS)}</script>\n</head>`);
  const table = handlers(options.activeSheet ?? '', options.user ?? PREVIEW_USER, log);
  const calls: string[] = [];
  // One call at a time, as the document lock makes it in Sheets.
  let queue: Promise<unknown> = Promise.resolve();

  const rpc = async (name: string, args: unknown[]): Promise<unknown> => {
    const book = await XlsxWorkbook.open(file);
    const { value, wrote } = table[name as keyof typeof table](book, args);
    if (wrote) await book.save(file);
    return value;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/sidebar.html')) return send(res, 200, 'text/html', page);
    const m = /^\/rpc\/(\w+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m || !(SIDEBAR_CALLS as readonly string[]).includes(m[1])) return send(res, 404, 'text/plain', 'ページが見つかりません');
    const name = m[1];
    const job = queue.then(async () => {
      calls.push(name);
      try {
        const args = JSON.parse(await body(req)) as unknown[];
        const value = await rpc(name, Array.isArray(args) ? args : []);
        log(`${name}: ok`);
        send(res, 200, 'application/json', JSON.stringify({ value }));
      } catch (e) {
        const message = userMessage(e);
        log(`${name}: ${message}`);
        send(res, 200, 'application/json', JSON.stringify({ error: message }));
      }
    });
    queue = job.catch(() => undefined);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
