/**
 * Smaller preview attacks (attack report 2.8, 2.13, 2.15): malformed and hostile bodies from the page's own origin
 * get a Japanese answer and change nothing, request text reaches the terminal log without control characters, and
 * the page may not be framed by another site. The real preview on a free loopback port over a temporary .xlsx.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeptForm, SidebarStart } from '../../src/core/sidebar/types';
import { ensureDemoBook, startPreview, terminalSafe, type Preview } from '../../src/node/preview';
import { attack } from '../support/attack';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
let dir = '';
let template = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shinchoku-preview-hard-'));
  template = join(dir, 'template.xlsx');
  await ensureDemoBook(template);
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.on('error', fail);
    req.end(body);
  });
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let previews: Preview[] = [];
afterEach(async () => {
  await Promise.all(previews.map((p) => p.close()));
  previews = [];
});

let n = 0;
async function setup() {
  const file = join(dir, `book-${++n}.xlsx`);
  copyFileSync(template, file);
  const logged: string[] = [];
  const preview = await startPreview({ book: file, page: join(root, 'build', 'sidebar.html'), log: (line) => logged.push(line) });
  previews.push(preview);
  const port = Number(new URL(preview.url).port);
  const host = `127.0.0.1:${port}`;
  const page = await send(port, 'GET', '/', { host });
  const token = /const token = "([0-9a-f]+)"/.exec(page.body.toString('utf8'))?.[1] ?? '';
  /** A call from the page itself (own Origin, JSON, token) with this exact body. */
  const raw = async (name: string, body: string | Buffer) => {
    const r = await send(port, 'POST', `/rpc/${name}`, { host, origin: `http://${host}`, 'content-type': 'application/json', 'x-shinchoku-token': token }, body);
    return { status: r.status, json: JSON.parse(r.body.toString('utf8')) as { value?: unknown; error?: string } };
  };
  return { file, port, host, page, logged, raw };
}

/** English that must not follow a Japanese message (a parser's or the runtime's own words). */
const ENGLISH = /Expected|Unexpected|Maximum call stack|Cannot read|is not|undefined|TypeError|SyntaxError|JSON at position|予期しないエラー/;

test('2.8 malformed and hostile bodies get a Japanese answer, change nothing, and the preview keeps serving', async () => {
  const s = await setup();
  const start = (await s.raw('sidebarStart', '[]')).json.value as SidebarStart;
  const form = start.form as DeptForm;
  const row = form.rows[0];
  const good = { dept: form.dept, fiscalYear: form.fiscalYear, submit: false, changes: [{ no: row.no, name: row.name, field: 'comment', before: row.comment.text, after: 'x' }] };
  const bodies: [string, string, string | Buffer][] = [
    ['unfinished JSON', 'sidebarSave', '{'],
    ['empty body', 'sidebarSave', ''],
    ['not an array', 'sidebarSave', '{"a":1}'],
    ['null request', 'sidebarSave', '[null]'],
    ['changes not a list', 'sidebarSave', JSON.stringify([{ ...good, changes: 'x' }])],
    ['dept an object', 'sidebarSave', JSON.stringify([{ ...good, dept: { a: 1 } }])],
    ['field __proto__', 'sidebarSave', JSON.stringify([{ ...good, changes: [{ ...good.changes[0], field: '__proto__' }] }])],
    ['field constructor', 'sidebarSave', JSON.stringify([{ ...good, changes: [{ ...good.changes[0], field: 'constructor' }] }])],
    ['fiscalYear a string', 'sidebarSave', JSON.stringify([{ ...good, fiscalYear: String(good.fiscalYear) }])],
    ['200,000-deep nesting', 'sidebarSave', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['200,000-deep nesting as a department', 'sidebarForm', `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`],
    ['invalid UTF-8', 'sidebarSave', Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d])],
  ];
  const before = hash(s.file);
  await attack('2.8', 'malformed and hostile bodies (bad JSON, deep nesting, __proto__ field …): Japanese errors, nothing saved', bodies.length, async (i) => {
    const [what, name, body] = bodies[i];
    const r = await s.raw(name, body);
    const problems: string[] = [];
    if (typeof r.json.error !== 'string') problems.push(`${what}: answered ${JSON.stringify(r.json).slice(0, 100)}`);
    else if (!/[ぁ-んァ-ン]/.test(r.json.error) || ENGLISH.test(r.json.error)) problems.push(`${what}: ${r.json.error.slice(0, 120)}`);
    if (hash(s.file) !== before) problems.push(`${what}: the file changed`);
    const alive = await s.raw('sidebarStart', '[]');
    if (!alive.json.value) problems.push(`${what}: the preview stopped answering`);
    return problems.length ? problems.join('; ') : undefined;
  });
  // The plain cases say what is wrong.
  expect((await s.raw('sidebarSave', '{')).json.error).toContain('送られた内容が JSON として読めません');
  expect((await s.raw('sidebarSave', JSON.stringify([{ ...good, changes: [{ ...good.changes[0], field: '__proto__' }] }]))).json.error).toContain('項目「__proto__」');
  // And the well-formed save still works.
  expect((await s.raw('sidebarSave', JSON.stringify([good]))).json.value).toMatchObject({ status: 'saved' });
});

test('2.13 request text reaches the terminal log with no control characters or escape sequences', async () => {
  const s = await setup();
  const payloads = [
    ['\u001b]0;PWNED\u0007\u001b[2J\u001b[31m赤', 'A1'],
    ['税制課', '\u001b[1A\u001b[2K保存しました\r'],
    ['\u009b31m', '\u0000\u007f'],
    ['\u202e逆向き', 'B2\n偽の行'],
  ];
  await attack('2.13', 'terminal escape sequences through the preview log (sidebarShowCell)', payloads.length, async (i) => {
    s.logged.length = 0;
    const r = await s.raw('sidebarShowCell', JSON.stringify(payloads[i]));
    if (r.json.value !== true) return `answered ${JSON.stringify(r.json)}`;
    const raw = s.logged.filter((l) => /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(l));
    if (raw.length) return `logged raw: ${JSON.stringify(raw)}`;
    return s.logged.some((l) => l.includes('を選択します')) ? undefined : `nothing logged: ${JSON.stringify(s.logged)}`;
  });
  expect(terminalSafe('\u001b]0;PWNED\u0007')).toBe('\\u001b]0;PWNED\\u0007');
  expect(terminalSafe('税制課!J4 を選択します')).toBe('税制課!J4 を選択します');
});

test('2.15 the page may not be framed by another site (clickjacking), and still carries its stand-in', async () => {
  const s = await setup();
  await attack('2.15', 'clickjacking: the page may not be framed (X-Frame-Options, CSP frame-ancestors)', 2, async (i) => {
    const r = i === 0 ? s.page : await send(s.port, 'GET', '/sidebar.html', { host: s.host });
    const problems: string[] = [];
    if (r.status !== 200) problems.push(`status ${r.status}`);
    if (r.headers['x-frame-options'] !== 'DENY') problems.push(`X-Frame-Options: ${String(r.headers['x-frame-options'])}`);
    if (!/frame-ancestors 'none'/.test(String(r.headers['content-security-policy']))) problems.push(`CSP: ${String(r.headers['content-security-policy'])}`);
    if (!r.body.toString('utf8').includes('window.google')) problems.push('no stand-in');
    return problems.length ? problems.join('; ') : undefined;
  });
});
