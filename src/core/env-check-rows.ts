/**
 * 環境チェック's judgement: what the probes saw (src/core/env-check.ts's observations) becomes one row per fact, OK /
 * 要確認 / 情報, with what was seen and what to do. Every row says 要確認 when its probe threw or did not run.
 */
import { ENV_PROBES, SKIPPED, TEMP_SHEET, type CellSeen, type EnvObservations, type EnvRow, type ListedAddress, type Probe, type SeenValue } from './env-check';
import { SHEET } from './layout/sheet-names';
import { emailKey } from './roles';

const DEVELOPER = 'この結果をコピーして、開発担当者に送ってください';
const same = (a: string, b: string) => emailKey(a) === emailKey(b);
const where = (a: ListedAddress | undefined) => (a?.cell ? `「${SHEET.settings}」${a.cell}` : `「${SHEET.settings}」`);

/** A value as a short Japanese description: 文字「…」, 数値 1, 日付 …, エラー #N/A. */
export function describeCell(c: CellSeen): string {
  const shown = c.display !== '' && c.display !== plain(c.value, true) ? `、表示「${c.display}」` : '';
  const format = c.format ? `、表示形式 ${c.format}` : '';
  const formula = c.formula ? `数式 ${c.formula}${c.value === '' ? '' : `（値 ${plain(c.value)}）`}` : '';
  if (formula) return formula;
  if (c.type === 16) return `エラー ${plain(c.value)}`;
  return `${kindOf(c.value)}${shown}${format}`;
}

/** The value as text; `asShown` spells booleans as Sheets shows them (TRUE / FALSE). */
function plain(v: SeenValue, asShown = false): string {
  if (typeof v === 'object') return v.date;
  if (typeof v === 'boolean' && asShown) return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function kindOf(v: SeenValue): string {
  if (typeof v === 'object') return `日付 ${v.date}`;
  if (typeof v === 'number') return `数値 ${v}`;
  if (typeof v === 'boolean') return `真偽値 ${v ? 'TRUE' : 'FALSE'}`;
  return v === '' ? '空欄' : `文字「${v}」`;
}

/** A row for a probe that threw or did not run, or the probe's own row. */
function rowFor<T>(item: string, probe: Probe<T> | undefined, skipped: EnvObservations['skipped'], judge: (seen: T) => Omit<EnvRow, 'item'>, onError = DEVELOPER): EnvRow {
  if (!probe) {
    const why = skipped ? SKIPPED[skipped] : undefined;
    return { item, verdict: 'check', detail: `実行していません${why ? `（${why.reason}）` : ''}`, action: why?.action ?? DEVELOPER };
  }
  if ('error' in probe) return { item, verdict: 'check', detail: `確認中にエラーになりました: ${probe.error}`, action: onError };
  return { item, ...judge(probe.seen) };
}

function identityRow(o: EnvObservations): EnvRow {
  return rowFor('あなたのメールアドレス', o.identity, undefined, ({ active, effective }) => {
    if (active === '')
      return {
        verdict: 'check',
        detail: 'Google があなたのメールアドレスを知らせません（空欄でした）',
        action:
          '組織の Google アカウントで開き直してください。個人や他の組織のアカウントでは、調整担当者・入力担当者の役割が使えません。' +
          '組織のアカウントでも空欄なら、Google Workspace の管理者に確認してもらってください',
      };
    if (!same(active, effective))
      return { verdict: 'check', detail: `実行した人（${active}）と、権限を使う人（${effective}）が違います`, action: DEVELOPER };
    if (o.listed === null)
      return { verdict: 'info', detail: `${active}（「${SHEET.settings}」がまだないため、調整担当者かどうかは確かめていません）`, action: '初期設定のあと、もう一度実行してください' };
    const me = o.listed.find((a) => same(a.email, active) && a.role === 'coordinator');
    if (!me)
      return { verdict: 'check', detail: `${active} は「${SHEET.settings}」の調整担当者にありません`, action: `「${SHEET.settings}」の調整担当者メールに、このアドレスをそのまま書いてください` };
    return {
      verdict: 'ok',
      detail: `${active}（${where(me)} の調整担当者と一致）`,
      action: 'ほかの人のアドレスも、Google アカウントのメインのアドレスで書いてください（別名のアドレスは一致しません）',
    };
  });
}

function zonesRow(o: EnvObservations): EnvRow {
  return rowFor('タイムゾーン', o.zones, o.skipped, ({ spreadsheet, script }) =>
    spreadsheet === script
      ? { verdict: 'ok', detail: `スプレッドシートもアドオンも ${script}`, action: '' }
      : {
          verdict: 'check',
          detail:
            `スプレッドシートは ${spreadsheet}、アドオンは ${script} です。アドオンは日付をスプレッドシートのタイムゾーンで読み書きするので、` +
            `変更履歴の日時や「今日」から決める年度は ${spreadsheet} の時刻になります`,
          action: `日本の時刻で記録するには、ファイル → 設定 → タイムゾーン を ${script} に合わせてください`,
        },
  );
}

function dateRow(o: EnvObservations): EnvRow {
  const want = ENV_PROBES.expectedDate;
  return rowFor('日付の読み書き', o.date, o.skipped, (d) => {
    const typed = `「${d.cell.written}」`;
    if (d.writtenBack !== want)
      return { verdict: 'check', detail: d.writtenBack ? `アドオンが書いた ${want} の日付を読み直すと ${d.writtenBack} になりました` : `アドオンが書いた ${want} の日付を読み直すと、日付ではありませんでした`, action: DEVELOPER };
    if (typeof d.cell.value !== 'object')
      return { verdict: 'check', detail: `${typed}が日付になりませんでした（${describeCell(d.cell)}）`, action: 'ファイル → 設定 → 地域 が「日本」か確かめてください' };
    if (d.asRead !== want)
      return { verdict: 'check', detail: `シートに入れた${typed}を、アドオンは ${d.asRead} の日付として読みました`, action: DEVELOPER };
    if (d.localClock !== d.inScriptZone)
      return {
        verdict: 'check',
        detail: `アドオンは ${want} と読みましたが、スクリプトの時計では ${d.localClock}、アドオンのタイムゾーン（${d.scriptZone}）では ${d.inScriptZone} です`,
        action: DEVELOPER,
      };
    return { verdict: 'ok', detail: `シートに入れた${typed}を、アドオンも ${want} として読みました（アドオンが書いた日付も同じです）`, action: '' };
  });
}

/** Cells that did not come back as `expected(written)` text (a formula, another value, or TYPE not text). */
function changed(cells: CellSeen[], expected: (written: string) => string): CellSeen[] {
  return cells.filter((c) => c.formula !== '' || c.value !== expected(c.written) || (typeof c.type === 'number' && c.type !== 2));
}

const list = (cells: CellSeen[]) => cells.map((c) => `「${c.written}」→ ${describeCell(c)}`).join('、');
const quotes = (texts: readonly string[]) => texts.map((t) => `「${t}」`).join('');

function plainTextRow(o: EnvObservations): EnvRow {
  return rowFor('書式なしテキストのセルで数式にならないか', o.plainText, o.skipped, ({ oneByOne, atOnce }) => {
    const paths = [
      ['1セルずつ（サイドバーの保存）', changed(oneByOne, (w) => w)],
      ['まとめて（変更履歴）', changed(atOnce, (w) => w)],
    ] as const;
    const bad = paths.filter(([, cells]) => cells.length);
    if (!bad.length) return { verdict: 'ok', detail: `${quotes(ENV_PROBES.plainText)}は、書式なしテキストのセルに書いた文字のまま残りました`, action: '' };
    return {
      verdict: 'check',
      detail: `書式なしテキストのセルに書いた文字が変わりました。${bad.map(([how, cells]) => `${how}: ${list(cells)}`).join('。')}`,
      action: `入力欄に「=」などで始まる文字を保存すると、数式として動くおそれがあります。${DEVELOPER}`,
    };
  });
}

function quoteInPlainTextRow(o: EnvObservations): EnvRow {
  return rowFor('書式なしテキストのセルの「\'」', o.quoteInPlainText, o.skipped, (c) => {
    if (c.formula === '' && c.value === c.written) return { verdict: 'ok', detail: `「${c.written}」は「'」も含めてそのまま残りました`, action: '' };
    if (c.formula === '' && c.value === c.written.slice(1))
      return { verdict: 'check', detail: `「${c.written}」が「${c.value}」になりました（先頭の「'」が消えます）`, action: `「'」で始まる入力が、保存すると「'」を失います。困る場合は、${DEVELOPER}` };
    return { verdict: 'check', detail: `「${c.written}」→ ${describeCell(c)}`, action: DEVELOPER };
  });
}

function quotedRow(o: EnvObservations): EnvRow {
  return rowFor('文字として書いた値（先頭に「\'」を付けて書く）', o.quoted, o.skipped, (cells) => {
    const bad = changed(cells, (w) => w);
    if (!bad.length) return { verdict: 'ok', detail: `${quotes(cells.map((c) => c.written))}は、書いた文字のまま残りました`, action: '' };
    return { verdict: 'check', detail: `文字のまま残りませんでした: ${list(bad)}`, action: `アドオンが文字として書いた値が、数値や日付に変わるおそれがあります。${DEVELOPER}` };
  });
}

function unquotedRow(o: EnvObservations): EnvRow {
  return rowFor('「\'」なしの文字の変換（参考）', o.unquoted, o.skipped, (cells) => ({
    verdict: 'info',
    detail: list(cells),
    action: '参考情報です（テスト用の模擬環境が同じように変換するかを、開発担当者が確かめます）',
  }));
}

function percentRow(o: EnvObservations): EnvRow {
  return rowFor('カスタム関数に渡る % の値', o.percent, o.skipped, (p) => {
    const { value, format } = ENV_PROBES.percent;
    const manual = `空いているセルに 30.7% と入力し、隣のセルに ${ENV_PROBES.percent.formula('そのセル')} と入力してください。${value} と表示されれば問題ありません（30.7 なら、${DEVELOPER}）`;
    if (typeof p.value === 'number' && Math.abs(p.value - value) < 1e-9)
      return { verdict: 'ok', detail: `表示形式 ${format} の 30.7% は、カスタム関数に ${value}（割合）として渡りました`, action: '' };
    if (typeof p.value === 'number')
      return { verdict: 'check', detail: `30.7% のセルが、カスタム関数に ${p.value} として渡りました（${value} のはずです）`, action: `達成率の関数の結果が正しくないおそれがあります。${DEVELOPER}` };
    const seen = describeCell({ written: p.formula, value: p.value, formula: '', format: '', display: p.display });
    return { verdict: 'check', detail: `${p.formula} の計算が、${p.attempts}回読んでも終わりませんでした（${seen}）`, action: manual };
  });
}

function protectionRow(o: EnvObservations): EnvRow {
  if (o.listed === null && o.protection && !('error' in o.protection))
    return { item: '保護の編集者（「設定」のアドレス）', verdict: 'info', detail: `「${SHEET.settings}」がないため、確かめていません`, action: '初期設定のあと、もう一度実行してください' };
  return rowFor('保護の編集者（「設定」のアドレス）', o.protection, o.skipped, (p) => {
    if (!p.tried.length) return { verdict: 'info', detail: `「${SHEET.settings}」に調整担当者・入力担当者のアドレスがありません`, action: '' };
    const at = (email: string) => where(o.listed?.find((a) => same(a.email, email)));
    const refused = p.refused.map((r) => `${r.email}（${at(r.email)}）: ${r.message}`);
    const missing = p.tried
      .filter((e) => !p.refused.some((r) => same(r.email, e)) && !p.editorsAfter.some((x) => same(x, e)))
      .map((e) => `${e}（${at(e)}）は受け付けられましたが、編集者に入りませんでした`);
    if (!refused.length && !missing.length) {
      const batch = p.batchError ? `（まとめて追加すると「${p.batchError}」で断られ、1件ずつなら受け付けられました）` : '';
      return { verdict: 'ok', detail: `「${SHEET.settings}」の ${p.tried.length}件のアドレスを、すべて保護の編集者として受け付けました${batch}`, action: '' };
    }
    return {
      verdict: 'check',
      detail: [...refused, ...missing].join('、'),
      action: `そのセルのアドレスのつづりを確かめ、組織の Google アカウントのアドレスに直してください。直すまで、その人は保護されたセルを編集できません`,
    };
  });
}

/** Addresses of `a` not in `b`, compared in lower case, each once. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const drop = new Set(b.map(emailKey));
  return [...new Set(a.map(emailKey).filter((e) => e !== '' && !drop.has(e)))];
}

/**
 * protection.ts narrows a new protection with one removeEditors of the file's editors it should not have: it relies on
 * the protection starting with exactly the file's editors, before its first editor call and once that call has
 * turned the mirror into a list of its own (plus the script's user, whom that call adds).
 */
function newProtectionRow(o: EnvObservations): EnvRow {
  return rowFor('新しい保護の最初の編集者', o.newProtection, o.skipped, ({ file, fresh, afterFirstChange, me }) => {
    const names = (emails: string[]) => emails.join('、');
    const diffs = [
      ['作った直後', without(fresh, file), without(file, fresh)],
      ['編集者を1人（あなた）加えたあと', without(afterFirstChange, [...file, me]), without(file, afterFirstChange)],
    ] as const;
    const found = diffs.flatMap(([when, extra, missing]) => [
      ...(extra.length ? [`${when}: ファイルの編集者にない ${names(extra)} が、保護の編集者にいました`] : []),
      ...(missing.length ? [`${when}: ファイルの編集者の ${names(missing)} が、保護の編集者にいませんでした`] : []),
    ]);
    if (!found.length)
      return { verdict: 'ok', detail: `新しく作った保護の編集者は、ファイルの編集者（${file.length}人）と同じでした（編集者を変えたあとも同じです）`, action: '' };
    return {
      verdict: 'check',
      detail: found.join('。'),
      action: `アドオンが作る保護で、編集できないはずの人が保護されたセルを編集できるままになるおそれがあります。${DEVELOPER}`,
    };
  });
}

/** SheetsWorkbook's rangesOf pairs getRanges() with the A1 notations it asked for, by position. */
function rangeListRow(o: EnvObservations): EnvRow {
  return rowFor('範囲をまとめて取ったときの順序', o.rangeList, o.skipped, ({ asked, got }) => {
    const inOrder = got.length === asked.length && asked.every((a, i) => same(a, got[i]));
    if (inOrder) return { verdict: 'ok', detail: `${quotes(asked)}の順に求めた範囲が、その順のまま返りました`, action: '' };
    return {
      verdict: 'check',
      detail: got.length ? `${quotes(asked)}の順に求めた範囲が、${quotes(got)}の順で返りました` : `${quotes(asked)}を求めましたが、範囲が1つも返りませんでした`,
      action: `「部門シート作成・更新」の最初の書き込みが失敗するおそれがあります。${DEVELOPER}`,
    };
  });
}

function untouchedFormatRow(o: EnvObservations): EnvRow {
  return rowFor('何もしていないセルの表示形式', o.untouchedFormat, o.skipped, ({ format, readAsAutomatic }) =>
    readAsAutomatic
      ? { verdict: 'ok', detail: `「${format}」（アドオンは「自動」として読みます）`, action: '' }
      : { verdict: 'check', detail: `「${format}」（アドオンはこれを「自動」として読みません）`, action: DEVELOPER },
  );
}

function clearRow(o: EnvObservations): EnvRow {
  return rowFor('シートの消去と入力規則', o.clear, o.skipped, ({ before, after }) => {
    if (!before) return { verdict: 'check', detail: 'テスト用の入力規則を付けられませんでした', action: DEVELOPER };
    return {
      verdict: 'info',
      detail: after ? 'シートを消去（Sheet.clear）しても、入力規則は残りました' : 'シートを消去（Sheet.clear）すると、入力規則も消えました',
      action: '参考情報です（アドオンは入力規則を別に消しています）',
    };
  });
}

function activationRow(o: EnvObservations): EnvRow {
  return rowFor('シートの追加と表示中のシート', o.activation, o.skipped, (a) => {
    const inserted = a.afterInsert === a.temp ? 'シートを追加すると、そのシートが表示されました' : `シートを追加しても「${a.afterInsert}」のままでした`;
    const selection = (s: string) => (s ? `「${s}」の選択` : '選択なし');
    if (a.restored !== a.before)
      return { verdict: 'check', detail: `${inserted}。「${a.before}」に戻せず、「${a.restored}」が表示されています`, action: `「${a.before}」シートを開き直してください。${DEVELOPER}` };
    if (a.selectionRestored !== a.selectionBefore)
      return {
        verdict: 'check',
        detail: `${inserted}。「${a.before}」には戻しましたが、${selection(a.selectionBefore)}が${selection(a.selectionRestored)}になりました`,
        action: `アドオンがシートを作ったあと、選んでいたセルが変わることがあります。${DEVELOPER}`,
      };
    return { verdict: 'ok', detail: `${inserted}。終わったあと「${a.before}」と${selection(a.selectionBefore)}に戻しました`, action: '' };
  });
}

function cleanupRow(o: EnvObservations): EnvRow {
  return rowFor(
    '作業用シートの削除',
    o.cleanup,
    o.skipped,
    (c) => ({
      verdict: 'ok',
      detail: `作業用シート「${c.temp}」を削除しました${c.leftoverRemoved ? '（前回の中断で残っていたものも削除しました）' : ''}`,
      action: '',
    }),
    `シート「${TEMP_SHEET}」が残っていたら、手で削除してください`,
  );
}

/** Every row, in the order shown. */
export function envCheckRows(o: EnvObservations): EnvRow[] {
  return [
    identityRow(o),
    zonesRow(o),
    dateRow(o),
    plainTextRow(o),
    quoteInPlainTextRow(o),
    quotedRow(o),
    unquotedRow(o),
    percentRow(o),
    protectionRow(o),
    newProtectionRow(o),
    rangeListRow(o),
    untouchedFormatRow(o),
    clearRow(o),
    activationRow(o),
    cleanupRow(o),
  ];
}
