/** 入力チェック marks the cells its findings are about, keeps people's notes, and takes its marks back when fixed. */
import { checkWorkbook } from '../../src/core/jobs';
import { FINDING_NOTE_MARK, findingNotes, withFindingNote } from '../../src/core/layout/finding-notes';
import { parseA1 } from '../../src/core/workbook';
import { actualCell, otherCityBook } from '../support/plans';

describe('withFindingNote', () => {
  const mark = `${FINDING_NOTE_MARK}\nエラー: 単位が違います`;
  test.each([
    ['', mark, mark],
    ['確認中', mark, `${mark}\n――――\n確認中`],
    [`${FINDING_NOTE_MARK}\n警告: 古い`, mark, mark],
    [`${FINDING_NOTE_MARK}\n警告: 古い\n――――\n確認中`, mark, `${mark}\n――――\n確認中`],
    [`${FINDING_NOTE_MARK}\n警告: 古い\n――――\n確認中`, undefined, '確認中'],
    [`${FINDING_NOTE_MARK}\n警告: 古い`, undefined, ''],
    ['確認中', undefined, '確認中'],
    // A person's note that merely mentions the mark later on is theirs.
    [`メモ ${FINDING_NOTE_MARK}`, undefined, `メモ ${FINDING_NOTE_MARK}`],
  ])('%j + %j → %j', (existing, finding, expected) => {
    expect(withFindingNote(existing, finding)).toBe(expected);
  });

  test('applying the same finding twice changes nothing', () => {
    const once = withFindingNote('確認中', mark);
    expect(withFindingNote(once, mark)).toBe(once);
  });
});

test('parseA1 reads single cells only', () => {
  expect(parseA1('A1')).toEqual({ row: 1, col: 1 });
  expect(parseA1('AB12')).toEqual({ row: 12, col: 28 });
  expect(parseA1('A0')).toBeUndefined();
  expect(parseA1('A1:B2')).toBeUndefined();
  expect(parseA1('')).toBeUndefined();
});

test('one note per cell, errors first; findings without a cell or on other sheets get none', () => {
  const notes = findingNotes(
    [
      { severity: 'warning', code: 'w', sheet: '人事課', cell: 'E5', indicator: '', message: '警告文' },
      { severity: 'error', code: 'e', sheet: '人事課', cell: 'E5', indicator: '', message: 'エラー文' },
      { severity: 'error', code: 'x', sheet: '人事課', cell: '', indicator: '', message: 'シート全体' },
      { severity: 'error', code: 'y', sheet: '達成状況', cell: 'A1', indicator: '', message: '生成シート' },
    ],
    ['人事課', '計画マスタ'],
  );
  expect(notes.get('人事課')).toEqual([{ row: 5, col: 5, text: `${FINDING_NOTE_MARK}\nエラー: エラー文\n警告: 警告文` }]);
  expect(notes.get('計画マスタ')).toEqual([]);
  expect(notes.has('達成状況')).toBe(false);
});

test('checkWorkbook notes the bad cell, keeps a person\'s note, and clears the mark once fixed', () => {
  const book = otherCityBook();
  const { row, col } = actualCell(book, '人事課', '年間残業時間', 2025);
  book.type('人事課', row, col, '46,000人');
  book.notes.set('人事課', new Map([[`${row},${col}`, '人事課: 確認中'], ['1,1', '部門のメモ']]));
  checkWorkbook(book);
  const note = book.notes.get('人事課')!.get(`${row},${col}`)!;
  expect(note).toMatch(new RegExp(`^${FINDING_NOTE_MARK}\\nエラー: 単位「人」が指標の単位「時間」と異なります\\n――――\\n人事課: 確認中$`));

  book.type('人事課', row, col, '46,000時間');
  checkWorkbook(book);
  expect(book.notes.get('人事課')!.get(`${row},${col}`)).toBe('人事課: 確認中');
  expect(book.notes.get('人事課')!.get('1,1')).toBe('部門のメモ');
  // 計画マスタ and 設定 are people's sheets too, checked the same way; nothing is left marked.
  const marked = [...book.notes.values()].flatMap((m) => [...m.values()]).filter((t) => t.startsWith(FINDING_NOTE_MARK));
  expect(marked).toEqual([]);
});
