/**
 * Typed calls to the server: a promise over google.script.run, typed from the add-in's public module, so a
 * renamed or retyped server function breaks the page's build. Failures become readable Japanese messages.
 */
import type * as Main from '../gas/main';
import type { SidebarApi } from '../core/sidebar/types';
import { readableError } from './errors';

type Api = Pick<typeof Main, keyof SidebarApi>;

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
