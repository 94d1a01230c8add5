/**
 * 環境チェック through the built bundle on the fakes: a coordinator gets the table in a dialog and the workbook back
 * exactly as it was (the temporary sheet gone, their sheet and selection restored); anyone else is refused; fakes set
 * up to behave otherwise than assumed turn the matching rows into 要確認.
 */
import { TEMP_SHEET } from '../../src/core/env-check';
import { addon as makeAddon, buildProject, type Addon, type Built } from './bundle-harness';
import { categorize, createEnvironment, type EnvironmentOptions, type FakeEnvironment } from './fakes';
import { errorCells } from './fakes/range';
import type { FakeSheet } from './fakes/sheet';
import { unwrap } from './fakes/wrap';

let built: Built;
beforeAll(() => {
  built = buildProject();
});

const OWNER = 'kikaku@city.example.lg.jp';
const KOHO = 'koho@city.example.lg.jp';

/** The demo plan set up by its owner, with a 入力担当者 for 広報課 in 設定. */
function demo(options: EnvironmentOptions = {}): Addon {
  const a = makeAddon(built, createEnvironment({ strictGrid: true, ownerEmail: OWNER, editorEmails: [KOHO], ...options }));
  a.call('menuInitDemo');
  const settings = a.env.spreadsheet.getSheetByName('設定')!;
  const header = settings.getDataRange().getValues().findIndex((r) => r[0] === '部門') + 1;
  settings.getRange(header + 1, 1, 1, 2).setValues([['広報課', KOHO]]);
  a.call('menuSetup');
  computeFormulas(a);
  return a;
}

/** Sheets computes formulas; the fakes take results from a resolver: TYPE(), and the bundle's JP_NUMBER run as a cell would run it. */
function computeFormulas(a: Addon): void {
  const { env } = a;
  env.formulaResolver = (formula, sheetName) => {
    const sheet = env.spreadsheet.getSheetByName(sheetName)!;
    const type = /^=TYPE\(([A-Z]+\d+)\)$/.exec(formula);
    if (type) {
      const cell = sheet.getRange(type[1]);
      if (errorCells(cell)[0][0] !== null) return 16;
      const v = cell.getValue();
      return typeof v === 'string' ? 2 : typeof v === 'boolean' ? 4 : 1;
    }
    const jp = /^=JP_NUMBER\(([A-Z]+\d+)\)$/.exec(formula);
    if (jp) {
      const result = env.runCustomFunction((x: unknown) => a.call('JP_NUMBER', x), [env.toArgument(sheet.getRange(jp[1]))]);
      return 'value' in result ? result.value : result.error;
    }
    return undefined;
  };
}

/**
 * Everything a person could see changed: the sheets in order, every stored cell (value, formula, format, note, style,
 * rule, read from the fake's sparse grid, so nothing outside a data range escapes), protections, the active cell and
 * the document's properties.
 */
function snapshot(env: FakeEnvironment) {
  const ss = env.spreadsheet;
  const { SHEET, RANGE } = env.globals.SpreadsheetApp.ProtectionType;
  return {
    active: ss.getActiveSheet()?.getName(),
    selection: ss.getActiveRange()?.getA1Notation(),
    properties: env.properties.document.getProperties(),
    sheets: ss.getSheets().map((s) => {
      const raw = unwrap(s) as unknown as FakeSheet;
      const cells = [...raw._rows].flatMap(([r, line]) =>
        [...line].map(([c, { validation, ...cell }]) => [`${r},${c}`, { ...cell, validation: validation && JSON.stringify(validation._state) }]),
      );
      const protections = [...s.getProtections(SHEET), ...s.getProtections(RANGE)].map((p) => ({
        description: p.getDescription(),
        range: p.getRange().getA1Notation(),
        editors: p.getEditors().map((u) => u.getEmail()),
        domain: p.canDomainEdit(),
        warning: p.isWarningOnly(),
        open: p.getUnprotectedRanges().map((r) => r.getA1Notation()),
      }));
      return {
        name: s.getName(),
        hidden: s.isSheetHidden(),
        size: [s.getMaxRows(), s.getMaxColumns(), s.getFrozenRows()],
        cells,
        rules: s.getConditionalFormatRules().length,
        protections,
      };
    }),
  };
}

type Row = { item: string; verdict: string; detail: string; action: string };

/** The rows of the dialog's table, unescaped. */
function dialogRows(env: FakeEnvironment): Row[] {
  const shown = env.ui.shown.at(-1);
  expect(shown).toMatchObject({ kind: 'modal', title: '環境チェック' });
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...shown!.content.matchAll(/<tr class="(?:ok|check|info)">((?:<td[^>]*>[\s\S]*?<\/td>){4})<\/tr>/g)].map((m) => {
    const [item, verdict, detail, action] = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescape(c[1]));
    return { item, verdict, detail, action };
  });
}

/** Methods that change the document, called by script code since the last resetCalls(). */
const writes = (env: FakeEnvironment) => Object.keys(env.callCounts()).filter((name) => categorize(...(name.split('.') as [string, string])) === 'write');

const verdicts = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.item, r.verdict]));
const rowOf = (rows: Row[], start: string) => rows.find((r) => r.item.startsWith(start))!;

describe('as a coordinator', () => {
  test('the table in a dialog, everything as the fakes assume; the workbook, active sheet and selection as before', () => {
    const { env, call } = demo({ enforceProtection: true });
    env.spreadsheet.getSheetByName('税制課')!.getRange('C5').activate();
    const before = snapshot(env);
    const dialogs = env.ui.shown.length;
    env.resetCalls();
    call('menuEnvCheck');
    expect(writes(env)).toEqual(expect.arrayContaining(['Spreadsheet.insertSheet', 'Spreadsheet.deleteSheet', 'Range.setValues', 'Protection.addEditor']));
    expect(env.ui.shown).toHaveLength(dialogs + 1);
    const rows = dialogRows(env);
    expect(verdicts(rows)).toEqual({
      あなたのメールアドレス: 'OK',
      タイムゾーン: 'OK',
      日付の読み書き: 'OK',
      書式なしテキストのセルで数式にならないか: 'OK',
      "書式なしテキストのセルの「'」": 'OK',
      "文字として書いた値（先頭に「'」を付けて書く）": 'OK',
      "「'」なしの文字の変換（参考）": '情報',
      'カスタム関数に渡る % の値': 'OK',
      '保護の編集者（「設定」のアドレス）': 'OK',
      新しい保護の最初の編集者: 'OK',
      範囲をまとめて取ったときの順序: 'OK',
      何もしていないセルの表示形式: 'OK',
      シートの消去と入力規則: '情報',
      シートの追加と表示中のシート: 'OK',
      作業用シートの削除: 'OK',
    });
    expect(rowOf(rows, 'あなたのメールアドレス').detail).toMatch(new RegExp(`^${OWNER}（「設定」B\\d+ の調整担当者と一致）$`));
    expect(rowOf(rows, '保護の編集者').detail).toBe('「設定」の 2件のアドレスを、すべて保護の編集者として受け付けました');
    // The file's editors in the fakes: the owner and the 入力担当者 the demo shares the file with.
    expect(rowOf(rows, '新しい保護').detail).toBe(`新しく作った保護の編集者は、ファイルの編集者（${env.spreadsheet.getEditors().length}人）と同じでした（編集者を変えたあとも同じです）`);
    // The probe's own protection is made and removed again (the temporary sheet's deletion would hide a leftover).
    expect([env.calls['Range.protect'], env.calls['Protection.remove']]).toEqual([1, 1]);
    expect(rowOf(rows, '範囲をまとめて').detail).toBe('「C3:D4」「A1」「B2:B5」「A1:B2」の順に求めた範囲が、その順のまま返りました');
    // What the fakes' typed-input parsing made of the raw strings (the 情報 row is how a live run is compared with them).
    expect(rowOf(rows, "「'」なしの文字の変換").detail).toBe(
      '「1e5」→ 数値 100000、表示「1.00E+05」、表示形式 0.00E+00、「#N/A」→ エラー #N/A、「2024年3月31日」→ 日付 2024-03-30T15:00:00.000Z、表示「2024年3月31日」、表示形式 yyyy"年"M"月"d"日"、「１２３」→ 数値 123、「TRUE」→ 真偽値 TRUE、「+1+1」→ 数式 =+1+1、「-1+1」→ 文字「-1+1」、「@x」→ 文字「@x」',
    );
    expect(rowOf(rows, 'シートの追加と表示中のシート').detail).toBe(`シートを追加すると、そのシートが表示されました。終わったあと「税制課」と「C5」の選択に戻しました`);
    // The copy box carries the same table as text.
    expect(env.ui.shown.at(-1)!.content).toMatch(/<textarea id="report" readonly>進捗 環境チェック（\d{4}-\d\d-\d\d \d\d:\d\d Asia\/Tokyo・Shinchoku test）: OK 13件・情報 2件/);

    expect(env.spreadsheet.getSheetByName(TEMP_SHEET)).toBeNull();
    expect(snapshot(env)).toEqual(before);
    // Under the document lock, flushed before it was released; the custom function was read once (it had its result).
    expect(env.flushBeforeRelease.at(-1)).toBe(true);
    expect(env.lock.holder('document')).toBe('none');
  });

  test('a leftover of an interrupted check is removed first; a sheet of that name that is not one stops the check', () => {
    const { env, call } = demo();
    const leftover = env.spreadsheet.insertSheet(TEMP_SHEET);
    leftover.protect().setDescription('進捗: 環境チェックの作業用シートです（終わると削除されます）');
    env.spreadsheet.getSheetByName('設定')!.activate();
    call('menuEnvCheck');
    expect(rowOf(dialogRows(env), '作業用シートの削除')).toMatchObject({ verdict: 'OK', detail: expect.stringMatching(/前回の中断で残っていたものも削除しました/) });
    expect(env.spreadsheet.getSheetByName(TEMP_SHEET)).toBeNull();

    const someones = env.spreadsheet.insertSheet(TEMP_SHEET);
    someones.getRange('A1').setValue('だれかのメモ');
    env.spreadsheet.getSheetByName('設定')!.activate();
    const shown = env.ui.shown.length;
    call('menuEnvCheck');
    expect(env.ui.alerts.at(-1)).toMatchObject({ title: '環境チェック: エラー', prompt: `「${TEMP_SHEET}」という名前のシートがあります。名前を変えるか削除してから、もう一度実行してください` });
    expect(env.ui.shown).toHaveLength(shown);
    expect(env.spreadsheet.getSheetByName(TEMP_SHEET)!.getRange('A1').getValue()).toBe('だれかのメモ');
  });

  test('probes that throw are reported; the temporary sheet still goes and the workbook is as before', () => {
    const { env, call } = demo();
    env.formulaResolver = () => {
      throw new Error('計算できません');
    };
    const before = snapshot(env);
    call('menuEnvCheck');
    const rows = dialogRows(env);
    for (const item of ["文字として書いた値", "「'」なしの文字の変換", 'カスタム関数'])
      expect(rowOf(rows, item)).toMatchObject({ verdict: '要確認', detail: '確認中にエラーになりました: 計算できません' });
    expect(rowOf(rows, '作業用シートの削除').verdict).toBe('OK');
    expect(env.spreadsheet.getSheetByName(TEMP_SHEET)).toBeNull();
    expect(snapshot(env)).toEqual(before);
  });
});

describe('who may run it', () => {
  test('a 入力担当者 is refused in Japanese and nothing is touched', () => {
    const { env, call } = demo();
    env.context.activeUserEmail = KOHO;
    env.context.effectiveUserEmail = KOHO;
    env.resetCalls();
    call('menuEnvCheck');
    expect(env.ui.alerts.at(-1)).toMatchObject({
      title: '環境チェック: エラー',
      prompt: `環境チェックは調整担当者だけが実行できます（${KOHO} は「設定」の「調整担当者メール」にありません）`,
    });
    expect(writes(env)).toEqual([]);
  });

  test('someone whose e-mail Google hides gets the checks that write nothing, and is told why the rest did not run', () => {
    const { env, call } = demo();
    env.context.activeUserEmail = '';
    env.context.effectiveUserEmail = '';
    env.resetCalls();
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, 'あなたのメールアドレス')).toMatchObject({ verdict: '要確認', detail: 'Google があなたのメールアドレスを知らせません（空欄でした）' });
    expect(rowOf(rows, 'タイムゾーン').verdict).toBe('OK');
    expect(rows.filter((r) => r.detail.startsWith('実行していません（メールアドレスが分からないため'))).toHaveLength(13);
    expect(writes(env)).toEqual([]);
  });
});

describe('fakes that behave otherwise: the matching rows say 要確認', () => {
  test('the spreadsheet in New York', () => {
    const { env, call } = demo({ spreadsheetTimeZone: 'America/New_York' });
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, 'タイムゾーン')).toMatchObject({
      verdict: '要確認',
      detail: expect.stringMatching(/^スプレッドシートは America\/New_York、アドオンは Asia\/Tokyo です/),
      action: 'ファイル → 設定 → タイムゾーン を Asia/Tokyo に合わせてください'.replace('ファイル', '日本の時刻で記録するには、ファイル'),
    });
    // The add-in reads date cells in the spreadsheet's zone, so the typed date keeps its calendar date.
    expect(rowOf(rows, '日付の読み書き').verdict).toBe('OK');
    expect(rows.filter((r) => r.verdict === '要確認').map((r) => r.item)).toEqual(['タイムゾーン']);
  });

  test('a Sheets that parsed text written into plain-text cells: the formula-injection guard and the quote rows', () => {
    const { env, call } = demo({ plainTextParsed: true });
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, '書式なしテキストのセルで')).toMatchObject({
      verdict: '要確認',
      detail:
        '書式なしテキストのセルに書いた文字が変わりました。1セルずつ（サイドバーの保存）: 「=1+1」→ 数式 =1+1、「+1」→ 数値 1、表示形式 @。' +
        'まとめて（変更履歴）: 「=1+1」→ 数式 =1+1、「+1」→ 数値 1、表示形式 @',
      action: expect.stringMatching(/数式として動くおそれがあります/),
    });
    expect(rowOf(rows, "書式なしテキストのセルの「'」")).toMatchObject({ verdict: '要確認', detail: "「'abc」が「abc」になりました（先頭の「'」が消えます）" });
    expect(rows.filter((r) => r.verdict === '要確認').map((r) => r.item)).toEqual(['書式なしテキストのセルで数式にならないか', "書式なしテキストのセルの「'」"]);
  });

  test('more formula prefixes in typed input: the 情報 row shows them (quoted text is unaffected)', () => {
    const { env, call } = demo({ formulaPrefixes: ['+', '-', '@'] });
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, "「'」なしの文字の変換").detail).toMatch(/「-1\+1」→ 数式 =-1\+1、「@x」→ 数式 =@x$/);
    expect(rows.filter((r) => r.verdict === '要確認')).toEqual([]);
  });

  test('an address of 設定 that Google refuses as an editor: named with its cell', () => {
    const { env, call } = demo({ refusedEditors: [KOHO] });
    call('menuEnvCheck');
    const rows = dialogRows(env);
    const values = env.spreadsheet.getSheetByName('設定')!.getDataRange().getValues();
    const cell = `B${values.findIndex((r) => r[1] === KOHO) + 1}`;
    expect(rowOf(rows, '保護の編集者')).toMatchObject({
      verdict: '要確認',
      detail: expect.stringMatching(new RegExp(`^${KOHO}（「設定」${cell}）: .+`)),
      action: expect.stringMatching(/つづりを確かめ/),
    });
    expect(rows.filter((r) => r.verdict === '要確認').map((r) => r.item)).toEqual(['保護の編集者（「設定」のアドレス）']);
    expect(env.spreadsheet.getSheetByName(TEMP_SHEET)).toBeNull();
  });

  // Both what-ifs are switched on after setup, which relies on them too (rangesOf, protection.ts narrowNew).
  test('getRanges handing the ranges back sorted: the range-order row, the workbook as before', () => {
    const { env, call } = demo();
    env.context.rangeListSorted = true;
    const before = snapshot(env);
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, '範囲をまとめて')).toMatchObject({
      verdict: '要確認',
      detail: '「C3:D4」「A1」「B2:B5」「A1:B2」の順に求めた範囲が、「A1」「A1:B2」「B2:B5」「C3:D4」の順で返りました',
      action: '「部門シート作成・更新」の最初の書き込みが失敗するおそれがあります。この結果をコピーして、開発担当者に送ってください',
    });
    expect(rows.filter((r) => r.verdict === '要確認').map((r) => r.item)).toEqual(['範囲をまとめて取ったときの順序']);
    expect(snapshot(env)).toEqual(before);
  });

  test('a new protection listing someone the file does not: the new-protection row, its protection removed again', () => {
    const { env, call } = demo({ enforceProtection: true });
    const SOUMU = 'soumu@city.example.lg.jp';
    env.context.newProtectionExtraEditors = [SOUMU];
    const before = snapshot(env);
    env.resetCalls();
    call('menuEnvCheck');
    const rows = dialogRows(env);
    expect(rowOf(rows, '新しい保護')).toMatchObject({
      verdict: '要確認',
      detail: `作った直後: ファイルの編集者にない ${SOUMU} が、保護の編集者にいました。編集者を1人（あなた）加えたあと: ファイルの編集者にない ${SOUMU} が、保護の編集者にいました`,
      action: expect.stringMatching(/^アドオンが作る保護で、編集できないはずの人が保護されたセルを編集できるままになるおそれがあります。この結果をコピーして、開発担当者に送ってください$/),
    });
    expect(rows.filter((r) => r.verdict === '要確認').map((r) => r.item)).toEqual(['新しい保護の最初の編集者']);
    expect([env.calls['Range.protect'], env.calls['Protection.remove']]).toEqual([1, 1]);
    expect(snapshot(env)).toEqual(before);
  });

  test('custom functions that do not compute within the execution: the manual step', () => {
    const { env, call } = demo();
    env.formulaResolver = (formula) => (formula.startsWith('=TYPE(') ? 2 : undefined);
    call('menuEnvCheck');
    expect(rowOf(dialogRows(env), 'カスタム関数')).toMatchObject({
      verdict: '要確認',
      detail: '=JP_NUMBER(I1) の計算が、5回読んでも終わりませんでした（空欄）',
      action: expect.stringMatching(/=JP_NUMBER\(そのセル\) と入力してください/),
    });
    expect(env.context.sleptMs).toBe(4000);
  });
});
