/**
 * Typed calls to the server: a promise over google.script.run, typed from the add-in's public module, so a
 * renamed or retyped server function breaks the page's build. Failures become readable Japanese messages.
 */
import type * as Main from '../gas/main';
import type { SidebarApi } from '../core/sidebar/types';

type Api = Pick<typeof Main, keyof SidebarApi>;

/** The known failure when several Google accounts are signed in to the browser (issuetracker 69270374). */
const MULTI_ACCOUNT = /PERMISSION_DENIED|reading from storage|Authorization is required|ScriptError/i;

export function readableError(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  if (MULTI_ACCOUNT.test(text))
    return 'サーバーを呼び出せませんでした。ブラウザで複数の Google アカウントにログインしていると起きることがあります。ほかのアカウントからログアウトするか、シークレット ウィンドウでスプレッドシートを開き直してください。';
  if (/^NetworkError|Failed to fetch|network/i.test(text)) return 'サーバーに接続できませんでした。ネットワークを確かめて、もう一度お試しください。';
  return text || '不明なエラーが発生しました。もう一度お試しください。';
}

export function call<K extends keyof Api>(name: K, ...args: Parameters<Api[K]>): Promise<ReturnType<Api[K]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<Api[K]>))
      .withFailureHandler((error) => reject(new Error(readableError(error))));
    const fn = runner[name];
    if (typeof fn !== 'function') {
      reject(new Error('サーバーの関数が見つかりません。アドオンを更新してから開き直してください。'));
      return;
    }
    (fn as (...a: unknown[]) => void).apply(runner, args);
  });
}
