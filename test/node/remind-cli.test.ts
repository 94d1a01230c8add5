/**
 * `shinchoku remind` on the demo book as real .xlsx files: the preview writes nothing; `--drafts d/` writes one .eml per
 * department not submitted, which mailparser reads back with the Japanese subject, To, Cc, From and body intact; each
 * draft is recorded as 督促 in 確認履歴 so `status --json` shows lastReminder, and a second run raises the count.
 * Refusals: a department without 入力担当者メール (listed, the others still written), a folder that cannot be written,
 * and a closed year.
 */
import { simpleParser } from 'mailparser';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cycleStatus, type CycleStatus } from '../../src/core/cycle';
import { draftFileName, safeNamePart } from '../../src/node/reminder-drafts';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { CLI_USER, cli, demoBookFile, fileHash, loadXlsx } from '../support/cli';

jest.setTimeout(120_000);

const COORD = 'kikaku@city.example.lg.jp';
const HEAD = 'zeisei-kacho@city.example.lg.jp';
const editorOf = (dept: string) => (dept === '税制課' ? ['zeisei1@city.example.lg.jp', 'zeisei2@city.example.lg.jp'] : [`${encodeURIComponent(dept).replace(/%/g, '').toLowerCase().slice(0, 20)}@city.example.lg.jp`]);

async function status(book: string): Promise<CycleStatus> {
  const r = await cli('status', book, '--json');
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out) as CycleStatus;
}

/** The coordinator fills 設定 in Excel: 調整担当者メール, 提出期限, and the 入力担当者 (税制課 two, with its 所属長). */
async function fillSettings(book: string, depts: string[], leaveOut = ''): Promise<void> {
  const wb = await loadXlsx(book);
  const ws = wb.getWorksheet('設定')!;
  let header = 0;
  ws.eachRow((row, r) => {
    const key = row.getCell(1).value;
    if (key === '調整担当者メール') row.getCell(2).value = COORD;
    if (key === '提出期限') row.getCell(2).value = '令和3年5月31日';
    if (row.getCell(2).value === '入力担当者メール') header = r;
  });
  expect(header).toBeGreaterThan(0);
  expect(ws.getCell(header, 4).value).toBe('所属長メール');
  depts.forEach((dept, i) => {
    ws.getCell(header + 1 + i, 1).value = dept;
    ws.getCell(header + 1 + i, 2).value = dept === leaveOut ? '' : editorOf(dept).join('、');
    if (dept === '税制課') ws.getCell(header + 1 + i, 4).value = HEAD;
  });
  await wb.xlsx.writeFile(book);
}

async function submitInExcel(book: string, dept: string): Promise<void> {
  const wb = await loadXlsx(book);
  const ws = wb.getWorksheet(dept)!;
  expect(ws.getCell('C1').value).toBe('提出状況');
  ws.getCell('D1').value = '提出済';
  await wb.xlsx.writeFile(book);
}

/** A demo book with 設定 filled and 広報課 submitted. */
async function book(leaveOut = ''): Promise<{ book: string; depts: string[]; due: string[] }> {
  const file = await demoBookFile('shinchoku-remind-');
  const depts = (await status(file)).departments.map((d) => d.dept);
  await fillSettings(file, depts, leaveOut);
  await submitInExcel(file, '広報課');
  return { book: file, depts, due: depts.filter((d) => d !== '広報課') };
}

const reminderRows = async (file: string) => {
  const ws = (await loadXlsx(file)).getWorksheet('確認履歴');
  const rows: string[][] = [];
  ws?.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
  return rows.filter((r) => r[4] === '督促');
};

test('without --drafts it previews every mail and writes nothing', async () => {
  const { book: file, due } = await book();
  const before = fileHash(file);
  const r = await cli('remind', file);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('2020年度の督促（提出期限: 令和3年5月31日（月））');
  for (const dept of due) expect(r.out).toContain(`件名: 【提出のお願い】吹田市第4期 情報化推進計画 2020年度の実績（${dept}）`);
  expect(r.out).not.toContain('（広報課）');
  expect(r.out).toContain(`・税制課（入力中）: 宛先 zeisei1@city.example.lg.jp、zeisei2@city.example.lg.jp、CC ${HEAD}`);
  expect(r.out).toContain(`ファイル「${basename(file)}」の「税制課」シート`);
  expect(r.out).toContain('何も書いていません');
  expect(fileHash(file)).toBe(before);
});

test('--drafts writes one standards-compliant .eml per department due, recorded as 督促; a second run raises the count', async () => {
  const { book: file, due } = await book();
  const drafts = join(mkdtempSync(join(tmpdir(), 'shinchoku-drafts-')), 'd');
  const r = await cli('remind', file, '--drafts', drafts);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('コマンドラインは調整担当者として実行し、確認履歴にそう記録します。');
  expect(r.out).toContain(`${due.length}部門の下書きを書き出し`);

  const files = readdirSync(drafts).sort();
  expect(files).toEqual(due.map((d) => `2020年度_${d}_督促.eml`).sort());
  for (const dept of due) {
    const path = join(drafts, `2020年度_${dept}_督促.eml`);
    expect(r.out).toContain(`・${dept}（入力中）: 宛先 ${editorOf(dept).join('、')}`);
    expect(r.out).toContain(`→ ${path}`);
    const raw = readFileSync(path);
    // Headers are 7-bit: the Japanese subject is RFC 2047 encoded, not raw UTF-8.
    const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
    expect(/^[\x00-\x7f]*$/.test(head)).toBe(true);
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(head).toMatch(/^X-Unsent: 1$/m);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(`【提出のお願い】吹田市第4期 情報化推進計画 2020年度の実績（${dept}）`);
    const addresses = (a: typeof mail.to) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));
    expect(addresses(mail.to)).toEqual(editorOf(dept));
    expect(addresses(mail.cc)).toEqual(dept === '税制課' ? [HEAD] : []);
    expect(addresses(mail.from)).toEqual([COORD]);
    expect(mail.text).toContain(`${dept} 入力ご担当者様`);
    expect(mail.text).toContain('■ 提出期限: 令和3年5月31日（月）');
    expect(mail.text).toContain(`ファイル「${basename(file)}」の「${dept}」シート`);
    expect(mail.text).toContain(`ご不明な点は 情報政策室（${COORD}） までお問い合わせください。`);
  }

  const s1 = await status(file);
  for (const d of s1.departments) {
    if (due.includes(d.dept)) expect(d).toMatchObject({ reminders: 1, lastReminder: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/) });
    else expect(d).toMatchObject({ reminders: 0, lastReminder: '' });
  }
  const rows = await reminderRows(file);
  expect(rows.map((x) => [x[1], x[2], x[3], x[5], x[6], x[9]])).toEqual(
    due.map((d) => [`${CLI_USER}（コマンドライン・調整担当者として）`, d, '2020年度', '入力中', '入力中', `下書き（2020年度_${d}_督促.eml）`]),
  );

  const again = await cli('remind', file, '--drafts', drafts);
  expect(again.code).toBe(0);
  expect(again.out).toContain('これまでの督促 2回');
  expect(readdirSync(drafts)).toHaveLength(due.length);
  const s2 = await status(file);
  expect(s2.departments.filter((d) => due.includes(d.dept)).every((d) => d.reminders === 2)).toBe(true);
  expect(await reminderRows(file)).toHaveLength(2 * due.length);
});

test('a department without 入力担当者メール gets a draft without To, said on stderr; the others are addressed', async () => {
  const { book: file, due } = await book('税制課');
  const drafts = mkdtempSync(join(tmpdir(), 'shinchoku-drafts-'));
  const r = await cli('remind', file, '--drafts', drafts);
  expect(r.code).toBe(0);
  expect(r.err).toContain('注意: 「税制課」: 「設定」の入力担当者の表に「税制課」の入力担当者メールがありません');
  expect(r.err).toContain('下書きは宛先なしで作ります');
  expect(readdirSync(drafts).sort()).toEqual(due.map((d) => `2020年度_${d}_督促.eml`).sort());
  const zei = await simpleParser(readFileSync(join(drafts, '2020年度_税制課_督促.eml')));
  expect(zei.to).toBeUndefined();
  expect(zei.subject).toContain('税制課');
  expect((await reminderRows(file)).map((x) => x[2])).toContain('税制課');
});

test('the demo as it is (no addresses in 設定): one draft per department not submitted, each with the deadline', async () => {
  const file = await demoBookFile('shinchoku-remind-');
  const drafts = mkdtempSync(join(tmpdir(), 'shinchoku-drafts-'));
  const r = await cli('remind', file, '--drafts', drafts);
  expect(r.code).toBe(0);
  const depts = cycleStatus(await XlsxWorkbook.open(file), null).departments.map((d) => d.dept);
  expect(readdirSync(drafts).sort()).toEqual(depts.map((d) => `2020年度_${d}_督促.eml`).sort());
  for (const dept of depts) {
    const mail = await simpleParser(readFileSync(join(drafts, `2020年度_${dept}_督促.eml`)));
    expect(mail.subject).toContain(dept);
    expect(mail.text).toContain('令和3年5月31日（月）');
  }
});

test('refused: a folder that cannot be written, and a closed year; the book is left as it was', async () => {
  const { book: file } = await book();
  const blocker = join(mkdtempSync(join(tmpdir(), 'shinchoku-drafts-')), 'not-a-folder');
  writeFileSync(blocker, 'x');
  const before = fileHash(file);
  const r = await cli('remind', file, '--drafts', join(blocker, 'd'));
  expect(r.code).toBe(2);
  expect(r.err).toContain(`下書きのフォルダ ${join(blocker, 'd')} に書き込めません`);
  expect(fileHash(file)).toBe(before);

  expect((await cli('close-year', file, '2020')).code).toBe(0);
  const closedHash = fileHash(file);
  const drafts = join(mkdtempSync(join(tmpdir(), 'shinchoku-drafts-')), 'd');
  const closed = await cli('remind', file, '--drafts', drafts);
  expect(closed.code).toBe(2);
  expect(closed.err).toContain('2020年度は年度確定済みです。督促はできません');
  expect(existsSync(drafts) ? readdirSync(drafts) : []).toEqual([]);
  expect(fileHash(file)).toBe(closedHash);
  expect((await cli('remind', file)).err).toContain('年度確定済みです');
});

test('draft file names are safe on Windows and never collide', () => {
  expect(safeNamePart('情報/政策:室*')).toBe('情報_政策_室_');
  expect(safeNamePart('CON')).toBe('_CON');
  expect(safeNamePart('課. ')).toBe('課');
  expect(safeNamePart('a\u0000b?')).toBe('a_b_');
  const taken = new Set<string>();
  expect(draftFileName('2020年度', '情報/政策室', taken)).toBe('2020年度_情報_政策室_督促.eml');
  expect(draftFileName('2020年度', '情報:政策室', taken)).toBe('2020年度_情報_政策室_督促_2.eml');
  expect(draftFileName('2020年度', '税制課', taken)).toBe('2020年度_税制課_督促.eml');
});
