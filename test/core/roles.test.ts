/** Who may do what, read from 設定: coordinators, per-department 入力担当者, and nobody when the e-mail is unknown. */
import { UserError } from '../../src/core/errors';
import { initWorkbook } from '../../src/core/jobs';
import { readSettings } from '../../src/core/layout/settings';
import { authorize, authorizeIn, canEnter, isCoordinator } from '../../src/core/roles';
import { MemoryWorkbook } from '../support/memory-workbook';
import { otherCity } from '../support/plans';

function book(coordinators: string[], editors: Record<string, string[]>): MemoryWorkbook {
  const b = new MemoryWorkbook();
  initWorkbook(b, { ...otherCity, settings: { ...otherCity.settings, coordinators, editors } });
  return b;
}

const settingsOf = (b: MemoryWorkbook) => readSettings(b.readSheet('設定')).settings!;

test('設定 holds coordinators and, per department, its 入力担当者; both read back case-insensitively', () => {
  const s = settingsOf(book(['Kikaku@City.example.lg.jp'], { 人事課: ['jinji1@city.example.lg.jp', 'JINJI2@city.example.lg.jp'] }));
  expect(s.coordinators).toEqual(['kikaku@city.example.lg.jp']);
  expect(s.editors.get('人事課')).toEqual(['jinji1@city.example.lg.jp', 'jinji2@city.example.lg.jp']);
  expect(isCoordinator(s, 'KIKAKU@city.example.lg.jp')).toBe(true);
  expect(canEnter(s, 'jinji2@city.example.lg.jp', '人事課')).toBe(true);
  expect(canEnter(s, 'jinji2@city.example.lg.jp', 'DX推進課')).toBe(false);
  expect(canEnter(s, 'kikaku@city.example.lg.jp', 'DX推進課')).toBe(true);
});

test('a table typed by hand: several rows per department, 、 and full-width commas', () => {
  const b = book([], {});
  const at = b.find('設定', '部門');
  b.type('設定', at.row + 1, 1, '人事課');
  b.type('設定', at.row + 1, 2, 'a@x.jp、b@x.jp');
  b.type('設定', at.row + 2, 1, '人事課');
  b.type('設定', at.row + 2, 2, 'c@x.jp，d@x.jp');
  expect(settingsOf(b).editors.get('人事課')).toEqual(['a@x.jp', 'b@x.jp', 'c@x.jp', 'd@x.jp']);
});

describe('authorize', () => {
  const s = settingsOf(book(['kikaku@city.example.lg.jp'], { 人事課: ['jinji@city.example.lg.jp'] }));
  test.each([
    ['kikaku@city.example.lg.jp', { kind: 'coordinator', what: '集計' }, null],
    ['jinji@city.example.lg.jp', { kind: 'coordinator', what: '集計' }, /集計は調整担当者だけが実行できます（jinji@city\.example\.lg\.jp は「設定」の「調整担当者メール」にありません）/],
    ['jinji@city.example.lg.jp', { kind: 'dept', dept: '人事課' }, null],
    ['jinji@city.example.lg.jp', { kind: 'dept', dept: 'DX推進課' }, /「DX推進課」の実績を保存できるのは/],
    ['kikaku@city.example.lg.jp', { kind: 'dept', dept: 'DX推進課' }, null],
    ['', { kind: 'coordinator', what: '集計' }, /メールアドレスを知らせないため/],
    ['', { kind: 'dept', dept: '人事課' }, /メールアドレスを知らせないため/],
  ] as const)('%s / %j', (email, need, refused) => {
    if (refused === null) expect(() => authorize(s, email, need)).not.toThrow();
    else expect(() => authorize(s, email, need)).toThrow(refused);
  });

  test('with no coordinator listed nobody may run coordinator jobs (never allowed by default)', () => {
    const none = settingsOf(book([], {}));
    expect(() => authorize(none, 'someone@city.example.lg.jp', { kind: 'coordinator', what: '集計' })).toThrow(/実行できる人がまだ決まっていません/);
    expect(() => authorize(none, 'someone@city.example.lg.jp', { kind: 'dept', dept: '人事課' })).toThrow(UserError);
  });

  test('authorizeIn reads 設定 from the workbook; an unknown user is refused even when 設定 is broken', () => {
    const b = book(['kikaku@city.example.lg.jp'], {});
    expect(() => authorizeIn(b, 'kikaku@city.example.lg.jp', { kind: 'coordinator', what: '集計' })).not.toThrow();
    b.deleteSheet('設定');
    expect(() => authorizeIn(b, '', { kind: 'coordinator', what: '集計' })).toThrow(/メールアドレスを知らせないため/);
  });
});
