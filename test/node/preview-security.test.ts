/**
 * The preview under attack from other web pages and from slow or huge requests (issue 13 items 3 and 6): the real
 * preview on a free loopback port over a temporary .xlsx. Each attack is sent as a browser or a hostile page would
 * send it, and after each refused one the workbook file is byte-for-byte what it was (its hash).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeptForm, SaveRequest, SidebarStart } from '../../src/core/sidebar/types';
import { ensureDemoBook, startPreview, type Preview, type PreviewOptions } from '../../src/node/preview';

jest.setTimeout(60_000);

const root = join(__dirname, '..', '..');
let dir = '';
let template = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shinchoku-preview-sec-'));
  template = join(dir, 'template.xlsx');
  await ensureDemoBook(template);
});

interface Answer {
  status: number;
  text: string;
}

/** One HTTP request with exactly these headers (Host included), given up after ms. */
function send(port: number, method: string, path: string, headers: Record<string, string | number>, body?: string | Buffer, ms = 20_000): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(ms, () => req.destroy(new Error(`no answer within ${ms} ms`)));
    req.on('error', fail);
    req.end(body);
  });
}

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Setup {
  preview: Preview;
  file: string;
  port: number;
  /** Host and Origin of the preview itself. */
  host: string;
  origin: string;
  /** The token the served page carries ('' when it carries none). */
  token: string;
  /** A call as the served page makes it (own Origin, JSON, the token), with headers overridden. */
  call: (name: string, args: unknown[], headers?: Record<string, string>) => Promise<Answer>;
  /** A save that writes: the first entry changed and 提出済 set. */
  save: () => Promise<SaveRequest>;
}

let previews: Preview[] = [];
afterEach(async () => {
  await Promise.all(previews.map((p) => p.close()));
  previews = [];
});

let n = 0;
async function setup(options: Partial<PreviewOptions> = {}): Promise<Setup> {
  const file = join(dir, `book-${++n}.xlsx`);
  copyFileSync(template, file);
  const preview = await startPreview({ book: file, page: join(root, 'build', 'sidebar.html'), ...options });
  previews.push(preview);
  const port = Number(new URL(preview.url).port);
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const page = await send(port, 'GET', '/', { host });
  expect(page.status).toBe(200);
  const token = /const token = "([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
  const call = (name: string, args: unknown[], headers: Record<string, string> = {}) =>
    send(port, 'POST', `/rpc/${name}`, { host, origin, 'content-type': 'application/json', 'x-shinchoku-token': token, ...headers }, JSON.stringify(args));
  const save = async (): Promise<SaveRequest> => {
    const start = JSON.parse((await call('sidebarStart', [])).text) as { value: SidebarStart };
    const form = start.value.form as DeptForm;
    const row = form.rows[0];
    return { dept: form.dept, fiscalYear: form.fiscalYear, submit: true, changes: [{ no: row.no, name: row.name, field: 'comment', before: row.comment.text, after: '攻撃者が書いた' }] };
  };
  return { preview, file, port, host, origin, token, call, save };
}

test('the served page carries a per-run token, and the page\'s own calls work with it', async () => {
  const a = await setup();
  const b = await setup();
  expect(a.token).toMatch(/^[0-9a-f]{64}$/);
  expect(b.token).not.toBe(a.token);
  const before = hash(a.file);
  const saved = await a.call('sidebarSave', [await a.save()]);
  expect(saved.status).toBe(200);
  expect(JSON.parse(saved.text).value.status).toBe('saved');
  expect(hash(a.file)).not.toBe(before);
});

test('a cross-origin text/plain fetch (no token) is refused and writes nothing', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  for (const name of ['sidebarSave', 'sidebarRollup', 'sidebarCheck']) {
    const r = await send(s.port, 'POST', `/rpc/${name}`, { host: s.host, origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8' }, JSON.stringify([req]));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toMatch(/[ぁ-んァ-ン]/);
  }
  expect(hash(s.file)).toBe(before);
  expect(s.preview.calls).not.toContain('sidebarSave');
});

test('an auto-submitted <form enctype=text/plain> or urlencoded form is refused, even with the own Origin and the token', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  // What a hostile page's form sends: a foreign (or opaque) Origin, no token.
  for (const origin of ['null', 'http://evil.example']) {
    const r = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin, 'content-type': 'text/plain' }, `${JSON.stringify([req]).slice(0, -1)}=]`);
    expect(r.status).toBe(403);
  }
  // The content type alone is refused too.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const r = await s.call('sidebarSave', [req], { 'content-type': type });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text).error).toContain('JSON');
  }
  // No Origin at all on a call (only a GET of the page may come without one).
  const bare = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, 'content-type': 'application/json', 'x-shinchoku-token': s.token }, JSON.stringify([req]));
  expect(bare.status).toBe(403);
  expect(hash(s.file)).toBe(before);
});

test('a foreign Host (DNS rebinding) gets neither the page, its token, nor a call', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  const evil = `evil.example:${s.port}`;
  const page = await send(s.port, 'GET', '/', { host: evil });
  expect(page.status).toBe(403);
  expect(page.text).not.toContain(s.token || 'const token');
  expect(page.text).toMatch(/[ぁ-んァ-ン]/);
  // Even with the token (had it leaked), a call through the rebound name is refused.
  for (const name of ['sidebarStart', 'sidebarStatus', 'sidebarSave']) {
    const r = await send(s.port, 'POST', `/rpc/${name}`, { host: evil, origin: `http://${evil}`, 'content-type': 'application/json', 'x-shinchoku-token': s.token }, JSON.stringify([req]));
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(req.changes[0].name);
  }
  // No Host at all: Node's HTTP/1.1 parser refuses it (400) before the preview sees it; never the page.
  expect((await send(s.port, 'GET', '/', {})).status).toBeGreaterThanOrEqual(400);
  expect(hash(s.file)).toBe(before);
  // localhost at the same port is the preview itself.
  expect((await send(s.port, 'GET', '/', { host: `localhost:${s.port}` })).status).toBe(200);
});

test('a call without the token or with a wrong one gets 403 in Japanese and writes nothing', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  const wrong = s.token ? s.token.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : 'x'.repeat(64);
  for (const headers of [{ 'x-shinchoku-token': '' }, { 'x-shinchoku-token': wrong }, { 'x-shinchoku-token': 'short' }]) {
    const r = await s.call('sidebarSave', [req], headers);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toContain('プレビュー');
  }
  const none = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin: s.origin, 'content-type': 'application/json' }, JSON.stringify([req]));
  expect(none.status).toBe(403);
  expect(hash(s.file)).toBe(before);
});

test('an oversized body is refused (413) before it is queued, and the preview keeps answering', async () => {
  const s = await setup();
  const before = hash(s.file);
  const big = JSON.stringify([{ ...(await s.save()), changes: [] }, 'x'.repeat(2 * 1024 * 1024)]);
  // Declared too large.
  const declared = await s.call('sidebarSave', [], { 'content-length': String(Buffer.byteLength(big)) }).catch((e: Error) => ({ status: -1, text: e.message }));
  expect(declared.status).toBe(413);
  // Streamed without a length (chunked): refused as it passes the limit; the connection may be cut.
  const streamed = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin: s.origin, 'content-type': 'application/json', 'x-shinchoku-token': s.token, 'transfer-encoding': 'chunked' }, big)
    .catch((e: Error) => ({ status: -1, text: e.message }));
  expect([413, -1]).toContain(streamed.status);
  expect(s.preview.calls).not.toContain('sidebarSave');
  expect(hash(s.file)).toBe(before);
  const after = await s.call('sidebarStart', []);
  expect(after.status).toBe(200);
});

test('a stalled body does not block other calls, and is dropped with 408', async () => {
  const s = await setup({ bodyTimeoutMs: 3_000 });
  const before = hash(s.file);
  const order: string[] = [];
  // A connection that promises 1,000 bytes and sends 10.
  const stalled = new Promise<string>((ok) => {
    const socket = connect(s.port, '127.0.0.1', () => {
      socket.write(`POST /rpc/sidebarRollup HTTP/1.1\r\nHost: ${s.host}\r\nOrigin: ${s.origin}\r\nContent-Type: application/json\r\nX-Shinchoku-Token: ${s.token}\r\nContent-Length: 1000\r\n\r\n[        `);
    });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
    // Bounded: the test never waits on it for more than 30 s.
    const bound = setTimeout(() => socket.destroy(), 30_000);
    const done = () => {
      clearTimeout(bound);
      order.push('stalled');
      ok(text);
    };
    socket.on('end', done);
    socket.on('error', done);
  });
  await new Promise((r) => setTimeout(r, 200));
  const other = await s.call('sidebarStatus', []);
  order.push('other');
  expect(other.status).toBe(200);
  expect(JSON.parse(other.text)).toHaveProperty('value');
  const answer = await stalled;
  expect(order).toEqual(['other', 'stalled']);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(s.preview.calls).not.toContain('sidebarRollup');
  expect(hash(s.file)).toBe(before);
});

test('a text longer than an .xlsx cell holds (32,767) is refused naming the cell, nothing saved; 32,767 is saved', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  const tooLong = { ...req, changes: [{ ...req.changes[0], after: 'あ'.repeat(32_768) }] };
  const r = await s.call('sidebarSave', [tooLong]);
  const error = String(JSON.parse(r.text).error ?? '');
  expect(error).toMatch(/![A-Z]+\d+/);
  expect(error).toContain('32,767');
  expect(hash(s.file)).toBe(before);
  const fits = await s.call('sidebarSave', [{ ...req, changes: [{ ...req.changes[0], after: 'あ'.repeat(32_767) }] }]);
  expect(JSON.parse(fits.text).value.status).toBe('saved');
});
