/**
 * The cycle through the command line on real .xlsx files (read back with exceljs): `return` then `status --json`
 * shows 差戻し with the reason (the done-when case), `confirm` after a department marks its tab 提出済,
 * refusals that name the department and state and leave the file byte-identical, and `close-year` waiting for
 * 確認済 once the cycle is in use (`--force-reason` to override, recorded); `confirm --as-head` for the 所属長 step;
 * the text and JSON board carrying the last reminder and whether 年度確定 would wait; rollup --json with 要因・方向性.
 */
import ExcelJS from 'exceljs';
import { calendarDate } from '../../src/core/calendar';
import { REVIEW_HEADERS, REVIEW_LOG, reviewRow, type CycleStatus } from '../../src/core/cycle';
import { deptForm, saveForm } from '../../src/core/sidebar/service';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { CLI_USER, cli, demoBookFile, fileHash, loadXlsx } from '../support/cli';

jest.setTimeout(120_000);

const USER = CLI_USER;
const hash = fileHash;
const load = loadXlsx;
const demoBook = () => demoBookFile('shinchoku-cycle-', 'demo.xlsx');

/** A department marks its tab 提出済 in Excel (the 提出状況 cell D1 and 提出日 F1 of the generated tab). */
async function submitInExcel(book: string, dept: string): Promise<void> {
  const wb = await load(book);
  const ws = wb.getWorksheet(dept)!;
  expect(ws.getCell('C1').value).toBe('提出状況');
  ws.getCell('D1').value = '提出済';
  ws.getCell('F1').value = '2021/05/10';
  await wb.xlsx.writeFile(book);
}

async function status(book: string, ...more: string[]): Promise<CycleStatus> {
  const r = await cli('status', book, '--json', ...more);
  expect(r).toMatchObject({ code: 0, err: '' });
  return JSON.parse(r.out) as CycleStatus;
}

const dept = (s: CycleStatus, name: string) => s.departments.find((d) => d.dept === name)!;

/** 確認履歴 as rows of text (header first). */
async function reviewSheet(book: string): Promise<string[][]> {
  const ws = (await load(book)).getWorksheet('確認履歴');
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

test('return then status --json: 税制課 差戻し with the reason, recorded on a protected 確認履歴', async () => {
  const book = await demoBook();
  const before = await status(book, '--year', '2020');
  expect(before).toMatchObject({ fiscalYear: 2020, inUse: false, headStep: false, closed: false });
  expect(dept(before, '税制課')).toMatchObject({ state: '入力中', returns: [], lastTransition: null });
  expect(dept(before, '税制課').total).toBeGreaterThan(0);

  const r = await cli('return', book, '--dept', '税制課', '--year', '2020', '--reason', '課税証明の件数の根拠を記入してください');
  expect(r.code).toBe(0);
  expect(r.out).toContain('「税制課」の2020年度を差し戻しました（入力中 → 差戻し、理由: 課税証明の件数の根拠を記入してください）');
  expect(r.out).toContain('コマンドラインは調整担当者として実行し');

  const after = await status(book);
  expect(after.inUse).toBe(true);
  expect(dept(after, '税制課')).toMatchObject({
    state: '差戻し',
    returns: [{ act: '差戻し', from: '入力中', to: '差戻し', no: null, indicator: '', reason: '課税証明の件数の根拠を記入してください', by: `${USER}（コマンドライン・調整担当者として）`, at: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/) }],
  });
  expect(dept(after, '広報課').state).toBe('入力中');

  const rows = await reviewSheet(book);
  expect(rows[0]).toEqual([...REVIEW_HEADERS]);
  expect(rows[0].slice(0, 10)).toEqual(['日時', '利用者', '部門', '年度', '操作', '変更前', '変更後', 'No.', '指標名', '理由']);
  expect(rows.slice(1).map((x) => x.slice(2, 10))).toEqual([['税制課', '2020年度', '差戻し', '入力中', '差戻し', '', '', '課税証明の件数の根拠を記入してください']]);
  const ws = (await load(book)).getWorksheet('確認履歴')!;
  expect((ws as ExcelJS.Worksheet & { sheetProtection?: { sheet?: boolean } }).sheetProtection).toMatchObject({ sheet: true });

  // The text board says the same.
  const text = await cli('status', book);
  expect(text.out).toContain('・税制課: 差戻し（入力');
  expect(text.out).toContain('差戻しの理由: 課税証明の件数の根拠を記入してください');
});

test('confirm after submit works; confirming a tab not submitted is refused naming it and its state, file unchanged', async () => {
  const book = await demoBook();
  const untouched = hash(book);
  const refused = await cli('confirm', book, '--dept', '広報課', '--year', '2020');
  expect(refused).toMatchObject({ code: 2, out: '' });
  expect(refused.err).toContain('「広報課」の2020年度は「入力中」です。まだ提出されていないため確認できません');
  expect(hash(book)).toBe(untouched);

  await submitInExcel(book, '広報課');
  expect(dept(await status(book), '広報課').state).toBe('提出済');
  const ok = await cli('confirm', book, '--dept', '広報課', '--year', '2020');
  expect(ok).toMatchObject({ code: 0, err: '' });
  expect(ok.out).toContain('「広報課」の2020年度を確認しました（提出済 → 確認済）。');
  expect(ok.out).toContain('コマンドラインは調整担当者として実行し');
  expect(dept(await status(book), '広報課')).toMatchObject({ state: '確認済', lastTransition: { act: '確認', from: '提出済', to: '確認済' } });

  const again = await cli('confirm', book, '--dept', '広報課');
  expect(again.code).toBe(2);
  expect(again.err).toContain('「広報課」の2020年度は「確認済」です。すでに確認済みです');
});

test('a return per indicator (--no, --indicator) clears 提出済 so the department can edit again', async () => {
  const book = await demoBook();
  await submitInExcel(book, '税制課');
  const r = await cli('return', book, '--dept', '税制課', '--year', '2020', '--reason', '単位が違います', '--no', '2', '--indicator', '課税証明');
  expect(r.code).toBe(0);
  expect(r.out).toContain('「税制課」の2020年度（No.2 課税証明）を差し戻しました（提出済 → 差戻し');
  const wb = await load(book);
  expect(wb.getWorksheet('税制課')!.getCell('D1').value).toBe('未提出');
  expect(dept(await status(book), '税制課').returns).toEqual([expect.objectContaining({ no: 2, indicator: '課税証明', reason: '単位が違います' })]);

  const wrong = await cli('return', book, '--dept', '税制課', '--reason', 'x', '--no', '2', '--indicator', '住民票等');
  expect(wrong.code).toBe(2);
  expect(wrong.err).toContain('「税制課」に No.2 住民票等 の指標がありません（「税制課」の指標: No.2 課税証明）');
  const noReason = await cli('return', book, '--dept', '税制課', '--reason', ' ');
  expect(noReason.err).toContain('差し戻す理由を入力してください');
});

test('close-year refuses while a department is not 確認済 once the cycle is in use; --force-reason closes and records it', async () => {
  const book = await demoBook();
  await submitInExcel(book, '広報課');
  expect((await cli('confirm', book, '--dept', '広報課', '--year', '2020')).code).toBe(0);
  const before = hash(book);
  const refused = await cli('close-year', book, '2020');
  expect(refused.code).toBe(2);
  expect(refused.err).toContain('2020年度を確定できません。確認済みでない部門が');
  expect(refused.err).toContain('・税制課（入力中）');
  expect(refused.err).not.toContain('・広報課');
  expect(refused.err).toContain('確認を待たずに確定するには --force-reason <理由> を付けてください');
  expect(hash(book)).toBe(before);

  const blank = await cli('close-year', book, '2020', '--force-reason', ' ');
  expect(blank.err).toContain('--force-reason には確認を待たずに確定する理由を書いてください');

  const forced = await cli('close-year', book, '2020', '--force-reason', '議会報告に間に合わせるため');
  expect(forced.code).toBe(0);
  expect(forced.out).toContain('2020年度を確定しました');
  expect(forced.out).toContain('理由: 議会報告に間に合わせるため（確認履歴に記録しました）');
  const s = await status(book, '--year', '2020');
  expect(s.closed).toBe(true);
  expect(s.departments.every((d) => d.state === '確定')).toBe(true);
  const rows = (await reviewSheet(book)).slice(1);
  expect(rows.find((x) => x[2] === '広報課' && x[4] === '確定')).toEqual(expect.arrayContaining(['確認済', '確定']));
  expect(rows.find((x) => x[2] === '税制課' && x[4] === '確認なしで確定')?.[9]).toBe('議会報告に間に合わせるため');
  const close = (await load(book)).getWorksheet('年度確定')!;
  const closeRows: string[] = [];
  close.eachRow((row) => closeRows.push((row.values as unknown[]).map(String).join('|')));
  expect(closeRows.join('\n')).toContain('理由: 議会報告に間に合わせるため');
});

test('a demo book with no transition closes as before', async () => {
  const book = await demoBook();
  const r = await cli('close-year', book, '2020');
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(await reviewSheet(book)).toEqual([]);
});

/** 設定 with 所属長確認 on and 広報課's 所属長 (the row and column init writes). */
async function headStepOn(book: string): Promise<void> {
  const wb = await load(book);
  const ws = wb.getWorksheet('設定')!;
  let headRow = 0;
  let editorRow = 0;
  ws.eachRow((row, r) => {
    if (row.getCell(1).value === '所属長確認') headRow = r;
    if (row.getCell(2).value === '入力担当者メール') editorRow = r;
  });
  expect([headRow > 0, editorRow > 0, ws.getRow(editorRow).getCell(4).value]).toEqual([true, true, '所属長メール']);
  ws.getRow(headRow).getCell(2).value = '使う';
  ws.getRow(editorRow + 1).getCell(1).value = '広報課';
  ws.getRow(editorRow + 1).getCell(2).value = 'koho@city.example.lg.jp';
  ws.getRow(editorRow + 1).getCell(4).value = 'koho-kacho@city.example.lg.jp';
  await wb.xlsx.writeFile(book);
}

test('confirm --as-head: the 所属長 step from the command line, recorded as such; without it the command line stays the coordinator', async () => {
  const book = await demoBook();
  const off = await cli('confirm', book, '--dept', '広報課', '--as-head');
  expect(off.code).toBe(2);
  expect(off.err).toContain('「入力中」です。まだ提出されていないため確認できません');
  await submitInExcel(book, '広報課');
  const noStep = await cli('confirm', book, '--dept', '広報課', '--as-head');
  expect(noStep.code).toBe(2);
  expect(noStep.err).toContain('「所属長確認」を使う設定になっていないため、所属長としては確認できません');

  await headStepOn(book);
  const untouched = hash(book);
  const asCoordinator = await cli('confirm', book, '--dept', '広報課');
  expect(asCoordinator.code).toBe(2);
  expect(asCoordinator.err).toContain('先に「広報課」の所属長（「設定」の所属長メール）の確認が必要です');
  expect(asCoordinator.err).toContain('所属長として確認するときは --as-head を付けてください');
  expect(hash(book)).toBe(untouched);

  const head = await cli('confirm', book, '--dept', '広報課', '--as-head');
  expect(head).toMatchObject({ code: 0, err: '' });
  expect(head.out).toContain('「広報課」の2020年度を確認しました（提出済 → 所属長確認済）。');
  expect(head.out).toContain('コマンドラインは所属長として確認し');
  const twice = await cli('confirm', book, '--dept', '広報課', '--as-head');
  expect(twice.err).toContain('所属長として確認できるのは「提出済」のときだけです');
  // Without --as-head the command line is the coordinator again.
  const coordinator = await cli('confirm', book, '--dept', '広報課');
  expect(coordinator.out).toContain('（所属長確認済 → 確認済）');

  const rows = (await reviewSheet(book)).slice(1).filter((x) => x[2] === '広報課');
  expect(rows.map((x) => [x[1], x[4], x[5], x[6]])).toEqual([
    [`${USER}（コマンドライン・所属長として）`, '所属長確認', '提出済', '所属長確認済'],
    [`${USER}（コマンドライン・調整担当者として）`, '確認', '所属長確認済', '確認済'],
  ]);
  const s = await status(book);
  expect(s.headStep).toBe(true);
  expect(dept(s, '広報課').state).toBe('確認済');
});

test('status carries what the board shows: last reminder, indicators, the plan years, and whether 年度確定 would wait', async () => {
  const book = await demoBook();
  const fresh = await cli('status', book);
  expect(fresh.out).toContain('2020年度はまだ確認・差戻しの記録がありません');
  expect(fresh.out).toMatch(/・広報課: 入力中（入力 1\/2、[^）]*）/);

  // A reminder as recorded in 確認履歴 (督促 rows are what `remind` and the sidebar's 督促 append).
  const wb = await XlsxWorkbook.open(book);
  wb.appendLog([reviewRow({ dept: '広報課', fy: 2020, act: '督促', from: '入力中', to: '入力中', no: null, indicator: '', reason: '' }, { now: calendarDate(2021, 5, 12, 9, 30, 0), user: 'kikaku@city.example.lg.jp' })], REVIEW_LOG);
  await wb.save(book);
  await submitInExcel(book, '税制課');
  expect((await cli('confirm', book, '--dept', '税制課')).code).toBe(0);

  const s = await status(book);
  expect(s.years.map((y) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023]);
  expect(s.evaluationYear).toBe(2020);
  expect(dept(s, '広報課')).toMatchObject({ lastReminder: '2021/05/12 09:30:00', reminders: 1, indicators: [{ no: 5, name: '閲覧者数' }, { no: 5, name: '登録者数' }] });
  expect(dept(s, '税制課')).toMatchObject({ state: '確認済', reminders: 0, lastReminder: '' });
  expect(s.unconfirmed).toContain('広報課');
  expect(s.unconfirmed).not.toContain('税制課');
  expect(s.unconfirmed).toHaveLength(s.departments.length - 1);

  const text = (await cli('status', book)).out;
  expect(text).toContain('最後の督促 2021/05/12 09:30:00（1回）');
  expect(text).toContain(`年度確定はまだできません。確認済みでない部門: ${s.unconfirmed.join('・')}（${s.unconfirmed.length}部門）`);
  expect(text).toMatch(/・税制課: 確認済（[^\n]*提出日 2021\/05\/10/);
});

test('rollup --json rows carry 要因 and 今後の方向性', async () => {
  const book = await demoBook();
  const wb = await XlsxWorkbook.open(book);
  const form = deptForm(wb, '広報課');
  const row = form.rows.find((r) => r.name === '閲覧者数')!;
  const saved = saveForm(wb, {
    dept: '広報課', fiscalYear: form.fiscalYear, submit: false,
    changes: [
      { no: row.no, name: row.name, field: 'cause', before: row.cause.text, after: 'サイト改修が遅れたため' },
      { no: row.no, name: row.name, field: 'direction', before: row.direction.text, after: '改善' },
    ],
  }, { now: calendarDate(2021, 5, 1, 9, 0, 0), user: 'koho@city.example.lg.jp' });
  expect(saved.saved).toBe(2);
  await wb.save(book);
  const r = await cli('rollup', book, '--json');
  expect(r.code).toBe(0);
  const summary = (JSON.parse(r.out) as { summary: { indicator: string; fiscalYear: number; cause: string; direction: string }[] }).summary;
  expect(summary.find((x) => x.indicator === '閲覧者数' && x.fiscalYear === 2020)).toMatchObject({ cause: 'サイト改修が遅れたため', direction: '改善' });
  expect(summary.find((x) => x.indicator === '閲覧者数' && x.fiscalYear === 2019)).toMatchObject({ cause: '', direction: '' });
});
