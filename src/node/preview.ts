/**
 * The local preview: serves the built sidebar page on localhost with a google.script.run stand-in whose calls
 * run the same sidebar service over an .xlsx workbook. Each call opens the file afresh (so edits made in the file
 * meanwhile are seen, as in a shared spreadsheet), calls are run one at a time (the document lock), and writes
 * are saved to the file before the answer goes back.
 *
 * It answers only the page it served, on this machine: the Host must be its own (127.0.0.1 or localhost at its
 * port, so a DNS-rebinding page is refused), a call must come from its own Origin with a JSON body and carry
 * the per-run token embedded in the served page; bodies are limited in size and time before they are queued.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { calendarOfLocalTime } from '../core/calendar';
import { checkReturnRequest, checkTabRef, confirmTab, cycleStatus, returnTab } from '../core/cycle';
import { demoEntries, demoMaster, demoSettings } from '../core/demo/suita';
import { UserError, userMessage } from '../core/errors';
import { initWorkbook, setupDepartmentTabs } from '../core/jobs';
import { EXCEL_MAX_CELL_CHARS } from '../core/layout/table';
import { collectUploads, issueFiles } from '../core/files/exchange';
import { PREVIEW_HINTS } from '../core/files/hints';
import { coordinatorView, deptForm, runCheck, runRollup, saveForm, sidebarStart } from '../core/sidebar/service';
import { SIDEBAR_CALLS, type SaveRequest } from '../core/sidebar/types';
import { withBookLock } from './book-lock';
import { reminderPreview, REMINDER_PREVIEW_NOTE } from './reminder-preview';
import { XlsxWorkbook } from './xlsx-workbook';

export interface PreviewOptions {
  /** The workbook the preview reads and writes. */
  book: string;
  /** 0 picks a free port. */
  port?: number;
  /** The sheet the page treats as the active tab ('' = none). */
  activeSheet?: string;
  /**
   * Who the preview acts as (recorded in 変更履歴 and 確認履歴). 確認・差戻し check it against 設定 as Sheets checks
   * the signed-in address, so give a 調整担当者 or 所属長 address (`shinchoku preview --user`) to act as one.
   */
  user?: string;
  /** Where a call is logged (the terminal). */
  log?: (line: string) => void;
  /** The built page; found from the package root by default. */
  page?: string;
  /** Largest request body accepted (bytes; 1 MB by default). */
  maxBodyBytes?: number;
  /** How long a request body may take to arrive (ms; 10 s by default). */
  bodyTimeoutMs?: number;
}

/** The header the stand-in sends the per-run token in. */
export const TOKEN_HEADER = 'x-shinchoku-token';

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
  // Under the lock and checked again: two previews started at once must not both create (and one replace) it.
  return withBookLock(file, async () => {
    if (existsSync(file)) return false;
    const book = XlsxWorkbook.create();
    initWorkbook(book, { settings: demoSettings, master: demoMaster });
    setupDepartmentTabs(book, demoEntries);
    await book.save(file);
    return true;
  });
}

/**
 * The stand-in, as google.script.run behaves (platform-facts §16): chained handlers, asynchronous delivery,
 * only JSON values (a Date or a function fails the call), every server function an own key.
 */
function standIn(calls: readonly string[], token: string): string {
  return `(() => {
  const names = ${JSON.stringify(calls)};
  const token = ${JSON.stringify(token)};
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
        fetch('/rpc/' + name, { method: 'POST', headers: { 'content-type': 'application/json', '${TOKEN_HEADER}': token }, body: JSON.stringify(args) })
          .then((res) => res.json())
          .then((answer) => ('error' in answer ? failed(new Error(answer.error)) : ok && ok(answer.value)), failed);
      };
    return r;
  };
  window.google = { script: { run: runner(null, null), host: { close() {}, editor: { focus() {} } } } };
})();`;
}

type Handler = (book: XlsxWorkbook, args: unknown[]) => { value: unknown; wrote: boolean };

/** The calls that may save the workbook: they hold the book's lock from open to save (book-lock.ts). */
const WRITING_CALLS: ReadonlySet<string> = new Set<(typeof SIDEBAR_CALLS)[number]>(['sidebarSave', 'sidebarCheck', 'sidebarRollup', 'sidebarConfirm', 'sidebarReturn', 'sidebarCollectFiles']);

/** Where the preview serves 部門ファイルの配布・回収 (Sheets shows the same page as a dialog). */
export const FILES_PAGE = '/files.html';

/**
 * Request-derived text made safe for the terminal: C0/C1 control characters (escape sequences that retitle or clear
 * the terminal, attack report 2.13), DEL and bidirectional overrides are shown as \u escapes instead of acting.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Deepest nesting a call's arguments may have (the sidebar's own are 4 deep). */
const MAX_ARGS_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than max (walked without recursion: the value may be 200,000 deep). */
function nestsDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A call's arguments from its body, or a Japanese UserError (never the parser's English). */
function parseArgs(text: string): unknown[] {
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    throw new UserError('送られた内容が JSON として読めません。プレビューのページを開き直してください');
  }
  if (nestsDeeper(args, MAX_ARGS_DEPTH)) throw new UserError(`送られた内容の入れ子が深すぎます（${MAX_ARGS_DEPTH}段まで）。プレビューのページを開き直してください`);
  return Array.isArray(args) ? args : [];
}

export const PREVIEW_REPORT_MESSAGE = 'プレビューでは報告書シートは作れません。shinchoku report を使ってください（PDF: --out 報告書.pdf、印刷用の .xlsx: --xlsx --out 報告書.xlsx）';

function handlers(activeSheet: string, user: string, log: (line: string) => void): Record<(typeof SIDEBAR_CALLS)[number], Handler> {
  const read = (value: unknown) => ({ value, wrote: false });
  const actorNow = () => ({ now: calendarOfLocalTime(new Date()), user });
  return {
    sidebarStart: (book) => read(sidebarStart(book, activeSheet, user)),
    sidebarForm: (book, [dept]) => read(deptForm(book, String(dept), user)),
    sidebarSave: (book, [request]) => {
      const result = saveForm(book, request as SaveRequest, { now: calendarOfLocalTime(new Date()), user }, EXCEL_MAX_CELL_CHARS);
      return { value: result, wrote: result.status !== 'conflict' };
    },
    sidebarStatus: (book) => read(coordinatorView(book)),
    sidebarCheck: (book) => ({ value: runCheck(book), wrote: true }),
    sidebarRollup: (book) => ({ value: runRollup(book), wrote: true }),
    // The 報告書 sheet is Sheets' (native charts); the print-ready .xlsx and the PDF are the command line's.
    sidebarReport: () => read({ message: PREVIEW_REPORT_MESSAGE, sheets: [], charts: 0, printHelp: '' }),
    sidebarShowCell: (_book, [sheet, cell]) => {
      log(`（プレビュー）Google スプレッドシートならここで ${String(sheet)}!${String(cell)} を選択します`);
      return read(true);
    },
    sidebarCycle: (book, [year]) => read(cycleStatus(book, typeof year === 'number' ? year : null)),
    sidebarConfirm: (book, [request]) => {
      checkTabRef(request);
      return { value: confirmTab(book, { dept: request.dept, year: request.year }, { actor: actorNow() }), wrote: true };
    },
    sidebarReturn: (book, [request]) => {
      checkReturnRequest(request);
      const indicators = request.indicators?.map((i) => ({ no: i.no, name: i.name }));
      return { value: returnTab(book, { dept: request.dept, year: request.year, reason: request.reason, indicators }, { actor: actorNow() }), wrote: true };
    },
    // No mail leaves the preview: it shows the drafts and says how to write them as .eml (reminder-preview.ts).
    sidebarReminders: (book, [year]) => read(reminderPreview(book, typeof year === 'number' ? year : null, user)),
    sidebarSendReminders: () => {
      throw new UserError(REMINDER_PREVIEW_NOTE);
    },
    sidebarAutoReminders: () => {
      throw new UserError(`プレビューでは自動督促を設定できません（Google スプレッドシートのサイドバーで設定します）。${REMINDER_PREVIEW_NOTE}`);
    },
    // The page opens the dialog's page itself (in Sheets the server shows it as a dialog).
    sidebarOpenFiles: () => read({ url: FILES_PAGE }),
    sidebarIssueFiles: (book, [year]) => read(issueFiles(book, typeof year === 'number' ? year : null, actorNow(), PREVIEW_HINTS)),
    sidebarCollectFiles: (book, [request]) => {
      const result = collectUploads(book, request, actorNow(), PREVIEW_HINTS);
      // Nothing imported: the file stays byte for byte as it was (as the command line's collect).
      return { value: result, wrote: result.files.some((f) => f.outcome === 'imported') };
    },
  };
}

/** A refused request: its status and the Japanese text sent back. */
class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The whole body, at most max bytes and within ms milliseconds (else Refused 413 / 408). */
function body(req: IncomingMessage, max: number, ms: number): Promise<string> {
  return new Promise((ok, fail) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return fail(new Refused(413, `送られた内容が大きすぎます（上限 ${max.toLocaleString('ja-JP')} バイト）`));
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (e: Error | null, text = '') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.removeAllListeners('data');
      if (e) fail(e);
      else ok(text);
    };
    const timer = setTimeout(() => finish(new Refused(408, '送られた内容が時間内に届きませんでした。もう一度操作してください')), ms);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) return finish(new Refused(413, `送られた内容が大きすぎます（上限 ${max.toLocaleString('ja-JP')} バイト）`));
      chunks.push(c);
    });
    req.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
    req.on('error', (e) => finish(e));
    req.on('aborted', () => finish(new Refused(400, '送信が途中で切れました')));
  });
}

/** Constant-time comparison of the token sent with the run's token. */
function sameToken(sent: string | string[] | undefined, token: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    // No page elsewhere may frame the preview and trick a click into a save (clickjacking, attack report 2.15).
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const file = resolve(options.book);
  if (!existsSync(file)) throw new UserError(`ファイルが見つかりません: ${options.book}`);
  const pagePath = options.page ?? join(packageRoot(), 'build', 'sidebar.html');
  if (!existsSync(pagePath)) throw new UserError('サイドバーのページがありません。先に npm run build を実行してください');
  const rawLog = options.log ?? (() => undefined);
  const log = (line: string) => rawLog(terminalSafe(line));
  const token = randomBytes(32).toString('hex');
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const bodyMs = options.bodyTimeoutMs ?? 10_000;
  const filesPath = join(dirname(pagePath), 'files.html');
  if (!existsSync(filesPath)) throw new UserError('部門ファイルの配布・回収のページがありません。先に npm run build を実行してください');
  const withStandIn = (path: string) => readFileSync(path, 'utf8').replace('</head>', () => `<script>${standIn(SIDEBAR_CALLS, token)}</script>\n</head>`);
  const page = withStandIn(pagePath);
  const filesPage = withStandIn(filesPath);
  const table = handlers(options.activeSheet ?? '', options.user ?? PREVIEW_USER, log);
  const calls: string[] = [];
  // One call at a time, as the document lock makes it in Sheets.
  let queue: Promise<unknown> = Promise.resolve();

  const handle = async (name: string, args: unknown[]): Promise<unknown> => {
    const book = await XlsxWorkbook.open(file);
    const { value, wrote } = table[name as keyof typeof table](book, args);
    if (wrote) await book.save(file);
    return value;
  };
  // A call that may save holds the book's lock from open to save, so a command line job (or another preview) on the
  // same file is waited for instead of one of the saves being lost. Reads need none: a save renames a whole file.
  const rpc = (name: string, args: unknown[]): Promise<unknown> =>
    WRITING_CALLS.has(name) ? withBookLock(file, () => handle(name, args), { onWait: log, onWarning: log }) : handle(name, args);

  let port = 0;
  /** Refusals of calls go back as the stand-in reads answers (JSON with error); the connection is closed. */
  const refuse = (res: ServerResponse, status: number, message: string, json: boolean) => {
    log(`拒否（${status}）: ${message}`);
    res.setHeader('connection', 'close');
    if (json) send(res, status, 'application/json', JSON.stringify({ error: message }));
    else send(res, status, 'text/plain', message);
  };
  const server: Server = createServer((req, res) => {
    const own = [`127.0.0.1:${port}`, `localhost:${port}`];
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/rpc\/(\w+)$/.exec(url.pathname);
    const json = req.method === 'POST' && !!m;
    // A foreign Host is a page elsewhere reaching this port (DNS rebinding): it gets neither the page nor a call.
    if (!own.includes(String(req.headers.host ?? '').toLowerCase()))
      return refuse(res, 403, 'このプレビューは、このパソコンで開いたプレビューのページ（http://127.0.0.1:ポート/）からだけ使えます', json);
    const origin = req.headers.origin;
    const ownOrigin = origin !== undefined && own.some((h) => origin.toLowerCase() === `http://${h}`);
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/sidebar.html')) {
      if (origin !== undefined && !ownOrigin) return refuse(res, 403, 'ほかのサイトからはこのプレビューを使えません', false);
      return send(res, 200, 'text/html', page);
    }
    if (req.method === 'GET' && url.pathname === FILES_PAGE) {
      if (origin !== undefined && !ownOrigin) return refuse(res, 403, 'ほかのサイトからはこのプレビューを使えません', false);
      return send(res, 200, 'text/html', filesPage);
    }
    if (req.method !== 'POST' || !m || !(SIDEBAR_CALLS as readonly string[]).includes(m[1])) return send(res, 404, 'text/plain', 'ページが見つかりません');
    if (!ownOrigin) return refuse(res, 403, 'ほかのサイトからはこのプレビューを使えません', true);
    if (!/^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? '')))
      return refuse(res, 415, '送られた内容の形式が違います（JSON だけを受け付けます）', true);
    if (!sameToken(req.headers[TOKEN_HEADER], token))
      return refuse(res, 403, 'このプレビューが表示したページからの操作ではないため、受け付けません。プレビューのページを開き直してください', true);
    const name = m[1];
    // The body arrives before the call is queued, so a slow or huge one never holds up other calls.
    const arrived = body(req, maxBody, bodyMs);
    arrived.then((text) => {
      const job = queue.then(async () => {
        calls.push(name);
        try {
          const value = await rpc(name, parseArgs(text));
          log(`${name}: ok`);
          send(res, 200, 'application/json', JSON.stringify({ value }));
        } catch (e) {
          const message = userMessage(e);
          log(`${name}: ${message}`);
          send(res, 200, 'application/json', JSON.stringify({ error: message }));
        }
      });
      queue = job.catch(() => undefined);
    }, (e: unknown) => {
      if (e instanceof Refused) refuse(res, e.status, e.message, true);
      else res.destroy();
      req.resume();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}
