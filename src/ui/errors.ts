/** Failed server calls as the sidebar shows them: Google's own failures in Japanese, the add-in's as they are. */

/**
 * Google asking for authorization: a consent missing under granular consent (the server's requireAllScopes), or the
 * known failure when several Google accounts are signed in to the browser (issuetracker 69270374); the sidebar shows
 * "ScriptError: Authorization is required to perform that action." for both (reported: GitHub
 * alexwforsythe/code-blocks#104, #53).
 */
const AUTHORIZATION = /Authorization is required|requires authorization/i;
/** The multi-account failure's other forms. */
const MULTI_ACCOUNT = /PERMISSION_DENIED|reading from storage/i;
/** Google's own transient failures (audit: "We're sorry, a server error occurred" reaches the page as a ScriptError). */
const TRANSIENT = /We're sorry, a server error occurred|Service error|timed out|Service Spreadsheets failed/i;

const SIGNED_IN_TWICE = 'ブラウザで複数の Google アカウントにログインしていると起きることがあります。ほかのアカウントからログアウトするか、シークレット ウィンドウでスプレッドシートを開き直してください。';

export function readableError(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  if (AUTHORIZATION.test(text))
    return `Google が許可を求めています。メニュー「拡張機能 → 進捗」のどれかを実行し、出てくる画面ですべての項目を許可してから、サイドバーを開き直してください。許可したのに出るときは、${SIGNED_IN_TWICE}`;
  if (MULTI_ACCOUNT.test(text)) return `サーバーを呼び出せませんでした。${SIGNED_IN_TWICE}`;
  if (TRANSIENT.test(text)) return 'Google のサーバーで一時的なエラーが起きました。少し待ってから、もう一度お試しください。';
  if (/^NetworkError|Failed to fetch|network/i.test(text)) return 'サーバーに接続できませんでした。ネットワークを確かめて、もう一度お試しください。';
  // Our own failures arrive as Japanese messages (src/gas/sidebar.ts); Google may prefix the error's class name.
  return text.replace(/^ScriptError:\s*/, '') || '不明なエラーが発生しました。もう一度お試しください。';
}
