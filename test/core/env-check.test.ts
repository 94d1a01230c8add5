/** 環境チェック's judgement: what each probe saw becomes a row, OK / 要確認 / 情報, with what to do; and the table's text. */
import {
  ENV_PROBES,
  TEMP_SHEET,
  listedAddresses,
  type CellSeen,
  type EnvObservations,
  type EnvRow,
  type ListedAddress,
} from '../../src/core/env-check';
import { escapeHtml, reportHtml, reportMarkdown, reportSummary } from '../../src/core/env-check-report';
import { envCheckRows } from '../../src/core/env-check-rows';
import { initWorkbook } from '../../src/core/jobs';
import { MemoryWorkbook } from '../support/memory-workbook';
import { otherCity } from '../support/plans';

const ME = 'kikaku@city.example.lg.jp';
const JINJI = 'jinji@city.example.lg.jp';
const OWNER = 'owner@city.example.lg.jp';
const FILE_EDITORS = [OWNER, ME, JINJI];
const LISTED: ListedAddress[] = [
  { email: ME, cell: 'B9', role: 'coordinator' },
  { email: JINJI, cell: 'B21', role: 'entry' },
];

const text = (written: string, over: Partial<CellSeen> = {}): CellSeen => ({ written, value: written, formula: '', format: '', display: written, ...over });

/** What a Sheets that behaves as the add-in assumes would show. */
function asAssumed(): EnvObservations {
  return {
    identity: { seen: { active: ME, effective: ME } },
    listed: LISTED,
    zones: { seen: { spreadsheet: 'Asia/Tokyo', script: 'Asia/Tokyo' } },
    date: {
      seen: {
        cell: text('2024/03/31', { value: { date: '2024-03-30T15:00:00.000Z' }, format: 'yyyy/MM/dd', display: '2024/03/31' }),
        asRead: '2024-03-31',
        writtenBack: '2024-03-31',
        inScriptZone: '2024-03-31',
        localClock: '2024-03-31',
        scriptZone: 'Asia/Tokyo',
      },
    },
    plainText: { seen: { oneByOne: ENV_PROBES.plainText.map((t) => text(t, { format: '@' })), atOnce: ENV_PROBES.plainText.map((t) => text(t, { format: '@' })) } },
    quoteInPlainText: { seen: text("'abc", { format: '@' }) },
    quoted: { seen: ENV_PROBES.quoted.map((t) => text(t, { type: 2 })) },
    unquoted: {
      seen: [
        text('1e5', { value: 100000, display: '1.00E+05', format: '0.00E+00', type: 1 }),
        text('#N/A', { type: 16 }),
        text('2024年3月31日', { value: { date: '2024-03-30T15:00:00.000Z' }, display: '2024年3月31日', format: 'yyyy"年"M"月"d"日"', type: 1 }),
      ],
    },
    percent: { seen: { formula: '=JP_NUMBER(I1)', value: 0.307, display: '0.307', attempts: 1 } },
    protection: { seen: { tried: [ME, JINJI], batchError: '', refused: [], editorsAfter: ['owner@city.example.lg.jp', ME, JINJI] } },
    newProtection: { seen: { file: FILE_EDITORS, fresh: FILE_EDITORS, afterFirstChange: FILE_EDITORS, me: ME } },
    rangeList: { seen: { asked: [...ENV_PROBES.rangeList], got: [...ENV_PROBES.rangeList] } },
    untouchedFormat: { seen: { format: '0.###############', readAsAutomatic: true } },
    clear: { seen: { before: true, after: true } },
    activation: { seen: { before: '設定', selectionBefore: 'B9', temp: TEMP_SHEET, afterInsert: TEMP_SHEET, restored: '設定', selectionRestored: 'B9' } },
    cleanup: { seen: { temp: TEMP_SHEET, leftoverRemoved: false } },
  };
}

const row = (o: EnvObservations, item: string): EnvRow => {
  const found = envCheckRows(o).find((r) => r.item.startsWith(item));
  if (!found) throw new Error(`no row ${item}`);
  return found;
};

describe('rows', () => {
  test('a Sheets that behaves as assumed: every row OK but the two that only inform', () => {
    const rows = envCheckRows(asAssumed());
    expect(rows.map((r) => [r.item, r.verdict])).toEqual([
      ['あなたのメールアドレス', 'ok'],
      ['タイムゾーン', 'ok'],
      ['日付の読み書き', 'ok'],
      ['書式なしテキストのセルで数式にならないか', 'ok'],
      ["書式なしテキストのセルの「'」", 'ok'],
      ["文字として書いた値（先頭に「'」を付けて書く）", 'ok'],
      ["「'」なしの文字の変換（参考）", 'info'],
      ['カスタム関数に渡る % の値', 'ok'],
      ['保護の編集者（「設定」のアドレス）', 'ok'],
      ['新しい保護の最初の編集者', 'ok'],
      ['範囲をまとめて取ったときの順序', 'ok'],
      ['何もしていないセルの表示形式', 'ok'],
      ['シートの消去と入力規則', 'info'],
      ['シートの追加と表示中のシート', 'ok'],
      ['作業用シートの削除', 'ok'],
    ]);
    expect(row(asAssumed(), 'あなたのメールアドレス').detail).toBe(`${ME}（「設定」B9 の調整担当者と一致）`);
    expect(row(asAssumed(), '新しい保護').detail).toBe('新しく作った保護の編集者は、ファイルの編集者（3人）と同じでした（編集者を変えたあとも同じです）');
    expect(row(asAssumed(), '範囲をまとめて').detail).toBe('「C3:D4」「A1」「B2:B5」「A1:B2」の順に求めた範囲が、その順のまま返りました');
    expect(row(asAssumed(), '「\'」なしの文字の変換').detail).toBe(
      '「1e5」→ 数値 100000、表示「1.00E+05」、表示形式 0.00E+00、「#N/A」→ エラー #N/A、「2024年3月31日」→ 日付 2024-03-30T15:00:00.000Z、表示「2024年3月31日」、表示形式 yyyy"年"M"月"d"日"',
    );
  });

  type Case = [name: string, item: string, change: (o: EnvObservations) => void, detail: RegExp, action: RegExp];
  const cases: Case[] = [
    ['e-mail hidden', 'あなたのメールアドレス', (o) => (o.identity = { seen: { active: '', effective: '' } }), /知らせません/, /組織の Google アカウントで開き直して/],
    ['another effective user', 'あなたのメールアドレス', (o) => (o.identity = { seen: { active: ME, effective: 'owner@x.jp' } }), /実行した人（kikaku@.*）と、権限を使う人（owner@x.jp）が違います/, /開発担当者/],
    ['not a coordinator', 'あなたのメールアドレス', (o) => (o.listed = [{ email: ME, cell: 'B21', role: 'entry' }]), /調整担当者にありません/, /調整担当者メールに/],
    ['Session throws', 'あなたのメールアドレス', (o) => (o.identity = { error: 'You do not have permission to call Session.getActiveUser.' }), /確認中にエラーになりました: You do not have permission/, /開発担当者/],
    ['zones differ', 'タイムゾーン', (o) => (o.zones = { seen: { spreadsheet: 'America/New_York', script: 'Asia/Tokyo' } }), /スプレッドシートは America\/New_York、アドオンは Asia\/Tokyo/, /タイムゾーン を Asia\/Tokyo に合わせて/],
    ['typed date stays text', '日付の読み書き', (o) => { if ('seen' in o.date!) o.date.seen.cell = text('2024/03/31'); }, /日付になりませんでした（文字「2024\/03\/31」）/, /地域/],
    ['date read as another day', '日付の読み書き', (o) => { if ('seen' in o.date!) o.date.seen.asRead = '2024-03-30'; }, /2024-03-30 の日付として読みました/, /開発担当者/],
    ['a date the add-in wrote reads back as another day', '日付の読み書き', (o) => { if ('seen' in o.date!) o.date.seen.writtenBack = '2024-03-30'; }, /アドオンが書いた 2024-03-31 の日付を読み直すと 2024-03-30 になりました/, /開発担当者/],
    ["V8's clock is not the script's zone", '日付の読み書き', (o) => { if ('seen' in o.date!) o.date.seen.localClock = '2024-03-30'; }, /スクリプトの時計では 2024-03-30、アドオンのタイムゾーン（Asia\/Tokyo）では 2024-03-31/, /開発担当者/],
    ['=… becomes a formula in a @ cell', '書式なしテキストのセルで', (o) => (o.plainText = { seen: { oneByOne: [text('=1+1', { formula: '=1+1', value: 2 }), text('+1', { format: '@' })], atOnce: [text('+1', { format: '@' })] } }), /変わりました。1セルずつ（サイドバーの保存）: 「=1\+1」→ 数式 =1\+1（値 2）$/, /数式として動くおそれ/],
    ['… only when written all at once', '書式なしテキストのセルで', (o) => (o.plainText = { seen: { oneByOne: [text('@x')], atOnce: [text('@x', { formula: '=@x', value: '' })] } }), /変わりました。まとめて（変更履歴）: 「@x」→ 数式 =@x$/, /数式として動くおそれ/],
    ["a @ cell drops the quote", "書式なしテキストのセルの「'」", (o) => (o.quoteInPlainText = { seen: text("'abc", { value: 'abc', display: 'abc' }) }), /「'abc」が「abc」になりました/, /「'」を失います/],
    ["a @ cell makes something else of it", "書式なしテキストのセルの「'」", (o) => (o.quoteInPlainText = { seen: text("'abc", { value: 0, formula: "='abc" }) }), /数式 ='abc/, /開発担当者/],
    ['a quoted text becomes a number', '文字として書いた値', (o) => (o.quoted = { seen: [text('1e5', { value: 100000, type: 1 }), text('#N/A', { type: 2 })] }), /「1e5」→ 数値 100000/, /数値や日付に変わるおそれ/],
    ['a quoted #N/A is an error value', '文字として書いた値', (o) => (o.quoted = { seen: [text('#N/A', { type: 16 })] }), /「#N\/A」→ エラー #N\/A/, /開発担当者/],
    ['custom function sees 30.7', 'カスタム関数', (o) => (o.percent = { seen: { formula: '=JP_NUMBER(I1)', value: 30.7, display: '30.7', attempts: 1 } }), /30\.7 として渡りました（0\.307 のはずです）/, /開発担当者/],
    ['custom function not computed', 'カスタム関数', (o) => (o.percent = { seen: { formula: '=JP_NUMBER(I1)', value: 'Loading...', display: 'Loading...', attempts: 5 } }), /=JP_NUMBER\(I1\) の計算が、5回読んでも終わりませんでした（文字「Loading...」）/, /=JP_NUMBER\(そのセル\) と入力してください。0\.307 と表示されれば/],
    ['an address refused', '保護の編集者', (o) => (o.protection = { seen: { tried: [ME, JINJI], batchError: 'Invalid email: jinji@city.example.lg.jp', refused: [{ email: JINJI, message: 'Invalid email: jinji@city.example.lg.jp' }], editorsAfter: [ME] } }), /jinji@city\.example\.lg\.jp（「設定」B21）: Invalid email/, /つづりを確かめ/],
    ['an address accepted but not an editor', '保護の編集者', (o) => (o.protection = { seen: { tried: [ME, JINJI], batchError: '', refused: [], editorsAfter: [ME.toUpperCase()] } }), /^jinji@city\.example\.lg\.jp（「設定」B21）は受け付けられましたが、編集者に入りませんでした$/, /つづりを確かめ/],
    ['a new protection lists someone the file does not', '新しい保護', (o) => (o.newProtection = { seen: { file: FILE_EDITORS, fresh: [...FILE_EDITORS, 'soumu@city.example.lg.jp'], afterFirstChange: [...FILE_EDITORS, 'soumu@city.example.lg.jp'], me: ME } }), /^作った直後: ファイルの編集者にない soumu@city\.example\.lg\.jp が、保護の編集者にいました。編集者を1人（あなた）加えたあと: ファイルの編集者にない soumu@city\.example\.lg\.jp が、保護の編集者にいました$/, /編集できるままになるおそれ.*開発担当者/],
    ['… only once its first editor call made it a list of its own', '新しい保護', (o) => (o.newProtection = { seen: { file: FILE_EDITORS, fresh: FILE_EDITORS, afterFirstChange: [...FILE_EDITORS, 'group@city.example.lg.jp'], me: ME } }), /^編集者を1人（あなた）加えたあと: ファイルの編集者にない group@city\.example\.lg\.jp が、保護の編集者にいました$/, /開発担当者/],
    ['a new protection leaves out a file editor', '新しい保護', (o) => (o.newProtection = { seen: { file: FILE_EDITORS, fresh: [OWNER, ME], afterFirstChange: [OWNER, ME], me: ME } }), /^作った直後: ファイルの編集者の jinji@city\.example\.lg\.jp が、保護の編集者にいませんでした。編集者を1人/, /開発担当者/],
    ['getRanges sorted', '範囲をまとめて', (o) => (o.rangeList = { seen: { asked: [...ENV_PROBES.rangeList], got: ['A1', 'A1:B2', 'B2:B5', 'C3:D4'] } }), /^「C3:D4」「A1」「B2:B5」「A1:B2」の順に求めた範囲が、「A1」「A1:B2」「B2:B5」「C3:D4」の順で返りました$/, /「部門シート作成・更新」の最初の書き込みが失敗するおそれ.*開発担当者/],
    ['getRanges merged', '範囲をまとめて', (o) => (o.rangeList = { seen: { asked: [...ENV_PROBES.rangeList], got: ['A1:D5'] } }), /、「A1:D5」の順で返りました$/, /開発担当者/],
    ['getRanges empty', '範囲をまとめて', (o) => (o.rangeList = { seen: { asked: [...ENV_PROBES.rangeList], got: [] } }), /範囲が1つも返りませんでした$/, /開発担当者/],
    ['General is not read as automatic', '何もしていないセルの表示形式', (o) => (o.untouchedFormat = { seen: { format: 'General', readAsAutomatic: false } }), /「General」（アドオンはこれを「自動」として読みません）/, /開発担当者/],
    ['the test rule did not stick', 'シートの消去と入力規則', (o) => (o.clear = { seen: { before: false, after: false } }), /付けられませんでした/, /開発担当者/],
    ['the sheet was not restored', 'シートの追加と表示中のシート', (o) => { if ('seen' in o.activation!) o.activation.seen.restored = TEMP_SHEET; }, /「設定」に戻せず/, /「設定」シートを開き直して/],
    ['the selection was not restored', 'シートの追加と表示中のシート', (o) => { if ('seen' in o.activation!) o.activation.seen.selectionRestored = 'A1'; }, /「B9」の選択が「A1」の選択になりました/, /選んでいたセルが変わる/],
    ['the temporary sheet could not be removed', '作業用シートの削除', (o) => (o.cleanup = { error: 'Service error' }), /Service error/, new RegExp(`シート「${TEMP_SHEET.replace(/[()（）]/g, '.')}」が残っていたら、手で削除して`)],
  ];
  test.each(cases)('要確認: %s', (_name, item, change, detail, action) => {
    const o = asAssumed();
    change(o);
    const r = row(o, item);
    expect(r.verdict).toBe('check');
    expect(r.detail).toMatch(detail);
    expect(r.action).toMatch(action);
    // The change touches only its own row.
    expect(envCheckRows(o).filter((x) => x.item !== r.item && x.verdict === 'check')).toEqual([]);
  });

  test('情報 rows tell what was seen either way', () => {
    const o = asAssumed();
    expect(row(o, 'シートの消去と入力規則').detail).toMatch(/入力規則は残りました/);
    o.clear = { seen: { before: true, after: false } };
    expect(row(o, 'シートの消去と入力規則')).toMatchObject({ verdict: 'info', detail: expect.stringMatching(/入力規則も消えました/) });
    o.activation = { seen: { before: '設定', selectionBefore: '', temp: TEMP_SHEET, afterInsert: '設定', restored: '設定', selectionRestored: '' } };
    expect(row(o, 'シートの追加と表示中のシート')).toMatchObject({ verdict: 'ok', detail: 'シートを追加しても「設定」のままでした。終わったあと「設定」と選択なしに戻しました' });
    o.cleanup = { seen: { temp: TEMP_SHEET, leftoverRemoved: true } };
    expect(row(o, '作業用シートの削除').detail).toMatch(/前回の中断で残っていたものも削除しました/);
  });

  test('a batch Google refuses while every single address is accepted: OK, saying so', () => {
    const o = { ...asAssumed(), protection: { seen: { tried: [ME, JINJI], batchError: 'Service error', refused: [], editorsAfter: [ME, JINJI] } } };
    expect(row(o, '保護の編集者')).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/（まとめて追加すると「Service error」で断られ、1件ずつなら受け付けられました）$/) });
  });

  test('without 設定 the identity and the protections are only information', () => {
    const o = { ...asAssumed(), listed: null, protection: { seen: { tried: [], batchError: '', refused: [], editorsAfter: [ME] } } };
    expect(row(o, 'あなたのメールアドレス')).toMatchObject({ verdict: 'info', action: '初期設定のあと、もう一度実行してください' });
    expect(row(o, '保護の編集者')).toMatchObject({ verdict: 'info', detail: '「設定」がないため、確かめていません' });
    const empty = { ...asAssumed(), protection: { seen: { tried: [], batchError: '', refused: [], editorsAfter: [ME] } } };
    expect(row(empty, '保護の編集者')).toMatchObject({ verdict: 'info', detail: '「設定」に調整担当者・入力担当者のアドレスがありません' });
  });

  test('with the e-mail hidden, the checks that write are listed as not run, saying why', () => {
    const o: EnvObservations = { identity: { seen: { active: '', effective: '' } }, listed: LISTED, zones: { seen: { spreadsheet: 'Asia/Tokyo', script: 'Asia/Tokyo' } }, skipped: 'noEmail' };
    const rows = envCheckRows(o);
    expect(rows.filter((r) => r.verdict === 'ok').map((r) => r.item)).toEqual(['タイムゾーン']);
    const notRun = rows.filter((r) => r.detail.startsWith('実行していません'));
    expect(notRun).toHaveLength(13);
    for (const r of notRun) {
      expect(r.verdict).toBe('check');
      expect(r.detail).toBe('実行していません（メールアドレスが分からないため、シートを使う確認はしていません）');
      expect(r.action).toMatch(/「あなたのメールアドレス」を直してから/);
    }
  });

  test('a new protection: addresses compared in any case, and the script user may be listed once added', () => {
    const o = asAssumed();
    o.newProtection = { seen: { file: FILE_EDITORS, fresh: FILE_EDITORS.map((e) => e.toUpperCase()), afterFirstChange: [...FILE_EDITORS, 'me@city.example.lg.jp'], me: 'Me@city.example.lg.jp' } };
    expect(row(o, '新しい保護').verdict).toBe('ok');
    // Only the script's user: anyone else added is a difference.
    o.newProtection = { seen: { file: FILE_EDITORS, fresh: FILE_EDITORS, afterFirstChange: [...FILE_EDITORS, 'me@city.example.lg.jp'], me: ME } };
    expect(row(o, '新しい保護').verdict).toBe('check');
  });

  test('range order: A1 notations compared in any case, but a different order or count is 要確認', () => {
    const o = asAssumed();
    o.rangeList = { seen: { asked: ['C3:D4', 'A1'], got: ['c3:d4', 'a1'] } };
    expect(row(o, '範囲をまとめて').verdict).toBe('ok');
    o.rangeList = { seen: { asked: ['C3:D4', 'A1'], got: ['C3:D4', 'A1', 'A1'] } };
    expect(row(o, '範囲をまとめて').verdict).toBe('check');
  });

  test('a probe that threw is 要確認 with its message, the others unaffected', () => {
    const o = { ...asAssumed(), percent: { error: 'Exceeded maximum execution time' } };
    expect(row(o, 'カスタム関数')).toMatchObject({ verdict: 'check', detail: '確認中にエラーになりました: Exceeded maximum execution time' });
    expect(envCheckRows(o).filter((r) => r.verdict === 'check')).toHaveLength(1);
  });
});

describe('the addresses of 設定', () => {
  test('coordinators and 入力担当者 with the cell each is written in, each address once', () => {
    const b = new MemoryWorkbook();
    initWorkbook(b, { ...otherCity, settings: { ...otherCity.settings, coordinators: [ME, 'sub@city.example.lg.jp'], editors: { 人事課: [JINJI], DX推進課: [ME] } } });
    const listed = listedAddresses(b.readSheet('設定'));
    const coordinatorCell = b.find('設定', '調整担当者メール');
    const dept = b.find('設定', '人事課');
    const cell = (row: number, col: number) => `${String.fromCharCode(64 + col)}${row}`;
    // The editors table lists departments in the order given: DX推進課 right below 人事課.
    const dx = { row: b.find('設定', '人事課').row + 1, col: 1 };
    expect(b.readSheet('設定')!.values[dx.row - 1][0]).toBe('DX推進課');
    expect(listed).toEqual([
      { email: ME, cell: `${cell(coordinatorCell.row, coordinatorCell.col + 1)}・${cell(dx.row, dx.col + 1)}`, role: 'coordinator' },
      { email: 'sub@city.example.lg.jp', cell: cell(coordinatorCell.row, coordinatorCell.col + 1), role: 'coordinator' },
      { email: JINJI, cell: cell(dept.row, dept.col + 1), role: 'entry' },
    ]);
  });

  test('no 設定, or one whose plan period cannot be read: null', () => {
    expect(listedAddresses(undefined)).toBeNull();
    expect(listedAddresses({ name: '設定', values: [['計画名', 'x']] })).toBeNull();
  });
});

describe('the table', () => {
  const report = (rows: EnvRow[]) => ({ checkedAt: '2026-04-01 09:30 Asia/Tokyo', spreadsheet: '北浜市 DX推進計画', rows });

  test('summary counts 要確認 first and leaves out kinds with no row', () => {
    const o = asAssumed();
    o.zones = { seen: { spreadsheet: 'UTC', script: 'Asia/Tokyo' } };
    expect(reportSummary(envCheckRows(o))).toBe('要確認 1件・OK 12件・情報 2件');
    expect(reportSummary([{ item: 'x', verdict: 'ok', detail: '', action: '' }])).toBe('OK 1件');
  });

  test('Markdown for copying: one line per row, pipes and line breaks kept inside their cell', () => {
    const md = reportMarkdown(report([{ item: 'a|b', verdict: 'check', detail: '1\n2', action: '' }]));
    expect(md.split('\n')).toEqual([
      '進捗 環境チェック（2026-04-01 09:30 Asia/Tokyo・北浜市 DX推進計画）: 要確認 1件',
      '',
      '| 項目 | 結果 | 詳細 | 対処 |',
      '| --- | --- | --- | --- |',
      '| a\\|b | 要確認 | 1 2 |  |',
    ]);
  });

  test('the dialog escapes every text it shows, in the table and in the copy box', () => {
    const evil = '<script>alert("x")</script>&';
    const html = reportHtml(report([{ item: evil, verdict: 'check', detail: `<img src=x onerror=alert(1)>`, action: "it's" }]));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
    expect(html).toContain('it&#39;s');
    // The copy box holds the Markdown, escaped once (the browser shows it as typed).
    const box = /<textarea id="report" readonly>([\s\S]*?)<\/textarea>/.exec(html)![1];
    expect(box).toBe(escapeHtml(reportMarkdown(report([{ item: evil, verdict: 'check', detail: `<img src=x onerror=alert(1)>`, action: "it's" }]))));
    expect(html).toMatch(/<tr class="check"><td>&lt;script&gt;/);
    expect(html).toContain('要確認の行は「対処」を読んでください');
  });
});
