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
import { attack } from '../support/attack';

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
  /** A save that writes: the first entry changed (and the 要因 提出 needs) and 提出済 set. */
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
    // 提出 needs a 要因 where the grade is low (the demo's 情報政策室 has a D): the save writes those too.
    const causes = form.rows.filter((r) => r.causeNeeded).map((r) => ({ no: r.no, name: r.name, field: 'cause' as const, before: r.cause.text, after: '要因も書いた' }));
    return { dept: form.dept, fiscalYear: form.fiscalYear, submit: true, changes: [{ no: row.no, name: row.name, field: 'comment', before: row.comment.text, after: '攻撃者が書いた' }, ...causes] };
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
  const names = ['sidebarSave', 'sidebarRollup', 'sidebarCheck'];
  await attack('2.2', 'cross-origin text/plain POST to the preview (save, 集計, 入力チェック)', names.length, async (i) => {
    const r = await send(s.port, 'POST', `/rpc/${names[i]}`, { host: s.host, origin: 'http://evil.example', 'content-type': 'text/plain;charset=UTF-8' }, JSON.stringify([req]));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toMatch(/[ぁ-んァ-ン]/);
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
  expect(s.preview.calls).not.toContain('sidebarSave');
});

test('an auto-submitted <form enctype=text/plain> or urlencoded form is refused, even with the own Origin and the token', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  const tries: (() => Promise<void>)[] = [
    // What a hostile page's form sends: a foreign (or opaque) Origin, no token.
    ...['null', 'http://evil.example'].map((origin) => async () => {
      const r = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin, 'content-type': 'text/plain' }, `${JSON.stringify([req]).slice(0, -1)}=]`);
      expect(r.status).toBe(403);
    }),
    // The content type alone is refused too.
    ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'].map((type) => async () => {
      const r = await s.call('sidebarSave', [req], { 'content-type': type });
      expect(r.status).toBe(415);
      expect(JSON.parse(r.text).error).toContain('JSON');
    }),
    // No Origin at all on a call (only a GET of the page may come without one).
    async () => {
      const bare = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, 'content-type': 'application/json', 'x-shinchoku-token': s.token }, JSON.stringify([req]));
      expect(bare.status).toBe(403);
    },
  ];
  await attack('2.4', 'auto-submitted form (text/plain, urlencoded, multipart) or no Origin', tries.length, async (i) => {
    await tries[i]();
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
});

test('a foreign Host (DNS rebinding) gets neither the page, its token, nor a call', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  const evil = `evil.example:${s.port}`;
  const names = ['sidebarStart', 'sidebarStatus', 'sidebarSave'];
  await attack('2.6', 'foreign Host (DNS rebinding): the page, then reads and a save with the token', 1 + names.length, async (i) => {
    if (i === 0) {
      const page = await send(s.port, 'GET', '/', { host: evil });
      expect(page.status).toBe(403);
      expect(page.text).not.toContain(s.token || 'const token');
      expect(page.text).toMatch(/[ぁ-んァ-ン]/);
    } else {
      // Even with the token (had it leaked), a call through the rebound name is refused.
      const r = await send(s.port, 'POST', `/rpc/${names[i - 1]}`, { host: evil, origin: `http://${evil}`, 'content-type': 'application/json', 'x-shinchoku-token': s.token }, JSON.stringify([req]));
      expect(r.status).toBe(403);
      expect(r.text).not.toContain(req.changes[0].name);
    }
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
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
  const variants = [{ 'x-shinchoku-token': '' }, { 'x-shinchoku-token': wrong }, { 'x-shinchoku-token': 'short' }];
  await attack('2.3', 'a call with the own Origin and JSON but no or a wrong per-run token', variants.length, async (i) => {
    const r = await s.call('sidebarSave', [req], variants[i]);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error).toContain('プレビュー');
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
  const none = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin: s.origin, 'content-type': 'application/json' }, JSON.stringify([req]));
  expect(none.status).toBe(403);
  expect(hash(s.file)).toBe(before);
});

test('an oversized body is refused (413) before it is queued, and the preview keeps answering', async () => {
  const s = await setup();
  const before = hash(s.file);
  const big = JSON.stringify([{ ...(await s.save()), changes: [] }, 'x'.repeat(2 * 1024 * 1024)]);
  // Declared too large.
  await attack('2.9', 'oversized body (2 MB), declared and streamed', 2, async (i) => {
    if (i === 0) {
      const declared = await s.call('sidebarSave', [], { 'content-length': String(Buffer.byteLength(big)) }).catch((e: Error) => ({ status: -1, text: e.message }));
      expect(declared.status).toBe(413);
    } else {
      // Streamed without a length (chunked): refused as it passes the limit; the connection may be cut.
      const streamed = await send(s.port, 'POST', '/rpc/sidebarSave', { host: s.host, origin: s.origin, 'content-type': 'application/json', 'x-shinchoku-token': s.token, 'transfer-encoding': 'chunked' }, big)
        .catch((e: Error) => ({ status: -1, text: e.message }));
      expect([413, -1]).toContain(streamed.status);
    }
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
  expect(s.preview.calls).not.toContain('sidebarSave');
  expect(hash(s.file)).toBe(before);
  const after = await s.call('sidebarStart', []);
  expect(after.status).toBe(200);
});

test('a stalled body does not block other calls, and is dropped with 408', async () => {
  const s = await setup({ bodyTimeoutMs: 3_000 });
  const before = hash(s.file);
  await attack('2.10', 'slowloris: a body that stalls, then another call', 1, async () => {
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
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
});

test('a text longer than an .xlsx cell holds (32,767) is refused naming the cell, nothing saved; 32,767 is saved', async () => {
  const s = await setup();
  const req = await s.save();
  const before = hash(s.file);
  await attack('2.14', 'a comment over the cell limit (32,768 characters) through the sidebar save', 1, async () => {
    const tooLong = { ...req, changes: [{ ...req.changes[0], after: 'あ'.repeat(32_768) }] };
    const r = await s.call('sidebarSave', [tooLong]);
    const error = String(JSON.parse(r.text).error ?? '');
    expect(error).toMatch(/![A-Z]+\d+/);
    expect(error).toContain('32,767');
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
  const fits = await s.call('sidebarSave', [{ ...req, changes: [{ ...req.changes[0], after: 'あ'.repeat(32_767) }, ...req.changes.slice(1)] }]);
  expect(JSON.parse(fits.text).value.status).toBe('saved');
});

test('odd and traversing paths get 404 and never a file of the machine', async () => {
  const s = await setup();
  const paths = ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '//etc/passwd', '/sidebar.html/../../package.json', '/build/sidebar.html', '/dist/cli.js', '/%00', '/package.json', '/rpc/constructor', '/rpc/__proto__', '/rpc/toString', '/rpc/hasOwnProperty'];
  const tries: [string, string][] = [...paths.map((p): [string, string] => ['GET', p]), ...['/rpc/constructor', '/rpc/__proto__'].map((p): [string, string] => ['POST', p]), ['OPTIONS', '/rpc/sidebarSave']];
  const before = hash(s.file);
  await attack('2.7', 'path traversal and odd paths (%2e%2e, //, %00, /rpc/__proto__, OPTIONS)', tries.length, async (i) => {
    const [method, path] = tries[i];
    const r = await send(s.port, method, path, { host: s.host, origin: s.origin, 'content-type': 'application/json', 'x-shinchoku-token': s.token }, method === 'POST' ? '[]' : undefined);
    if (r.status !== 404) return `${method} ${path}: ${r.status}`;
    if (/root:|"name": "shinchoku"|<html/i.test(r.text)) return `${method} ${path}: served content`;
    return hash(s.file) === before ? undefined : 'the workbook changed';
  });
});

test('20 clients saving 20 different empty cells at once: every save is in the file; 20 racing for one cell: one wins, no silent overwrite', async () => {
  const s = await setup();
  const start = JSON.parse((await s.call('sidebarStart', [])).text) as { value: SidebarStart };
  const departments = start.value.form!.departments;
  // Empty comment cells of the evaluation year, over the departments.
  const empty: { dept: string; fiscalYear: number; no: number; name: string }[] = [];
  for (const dept of departments) {
    const form = (JSON.parse((await s.call('sidebarForm', [dept])).text) as { value: DeptForm }).value;
    for (const row of form.rows) if (!row.comment.text) empty.push({ dept, fiscalYear: form.fiscalYear, no: row.no, name: row.name });
  }
  expect(empty.length).toBeGreaterThanOrEqual(21);
  const saveOne = (c: (typeof empty)[number], text: string) =>
    s.call('sidebarSave', [{ dept: c.dept, fiscalYear: c.fiscalYear, submit: false, changes: [{ no: c.no, name: c.name, field: 'comment', before: '', after: text }] }]).then((r) => JSON.parse(r.text) as { value?: { status: string }; error?: string });
  const commentOf = async (c: (typeof empty)[number]) => {
    const form = (JSON.parse((await s.call('sidebarForm', [c.dept])).text) as { value: DeptForm }).value;
    return form.rows.find((r) => r.no === c.no && r.name === c.name)!.comment.text;
  };
  // The distinct-cell round (each client is one try).
  const cells = empty.slice(0, 20);
  const answers = await Promise.all(cells.map((c, i) => saveOne(c, `同時保存 ${i}`)));
  const kept = await Promise.all(cells.map(commentOf));
  await attack('2.11', '20 concurrent clients saving 20 different cells at once', cells.length, async (i) => {
    if (answers[i].value?.status !== 'saved') return `answer ${JSON.stringify(answers[i]).slice(0, 80)}`;
    return kept[i] === `同時保存 ${i}` ? undefined : `cell holds 「${kept[i]}」`;
  });
  // One cell, 20 clients: exactly one save wins, the others get a conflict and the cell holds the winner's text.
  const target = empty[20];
  const race = await Promise.all(Array.from({ length: 20 }, (_, i) => saveOne(target, `競合 ${i}`)));
  const winners = race.flatMap((r, i) => (r.value?.status === 'saved' ? [i] : []));
  const now = await commentOf(target);
  await attack('2.11b', '20 concurrent clients racing for one empty cell', race.length, async (i) => {
    const status = race[i].value?.status;
    if (status !== 'saved' && status !== 'conflict') return `answer ${JSON.stringify(race[i]).slice(0, 80)}`;
    if (winners.length !== 1) return `${winners.length} saves won`;
    return status === 'saved' && now !== `競合 ${i}` ? `the winner's text is not in the cell (「${now}」)` : undefined;
  });
});
