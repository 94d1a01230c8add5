/** What the sidebar shows for a failed server call: Google's own failures in Japanese, ours as they are. */
import { readableError } from '../../src/ui/errors';

describe('readableError', () => {
  test('Google asking for authorization (a consent missing, or several accounts signed in) says what to do', () => {
    const text = readableError(new Error('ScriptError: Authorization is required to perform that action.'));
    expect(text).toMatch(/^Google が許可を求めています。/);
    expect(text).toContain('「拡張機能 → 進捗」');
    expect(text).toContain('複数の Google アカウント');
  });

  test('the multi-account failure in its other forms', () => {
    for (const m of ['PERMISSION_DENIED', 'Error reading from storage'])
      expect(readableError(new Error(m))).toMatch(/^サーバーを呼び出せませんでした。ブラウザで複数の Google アカウント/);
  });

  test("Google's transient server errors ask to try again, also inside our own wrapper's message", () => {
    for (const m of ["We're sorry, a server error occurred. Please wait a bit and try again.", '保存で予期しないエラーが発生しました: Service Spreadsheets timed out while accessing document with id x.'])
      expect(readableError(new Error(m))).toBe('Google のサーバーで一時的なエラーが起きました。少し待ってから、もう一度お試しください。');
  });

  test('our own Japanese messages pass through, without the class name Google may put in front', () => {
    expect(readableError(new Error('ScriptError: 部門「広報課」の入力担当者ではありません'))).toBe('部門「広報課」の入力担当者ではありません');
    expect(readableError('年度確定した年度です')).toBe('年度確定した年度です');
    expect(readableError(undefined)).toBe('不明なエラーが発生しました。もう一度お試しください。');
  });
});
