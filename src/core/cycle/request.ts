/**
 * 確認 and 差戻し requests as they arrive from a page (google.script.run): any JSON. Checked before anything is read,
 * so a wrong field or type is refused with a Japanese message.
 */
import { UserError } from '../errors';
import type { ReturnRequest, TabRef } from './service';
import { isRecord } from '../json-values';

function refuse(what: string): never {
  throw new UserError(`確認・差戻しの依頼の内容が正しくありません（${what}）。サイドバーを開き直してください`);
}

export function checkTabRef(request: unknown): asserts request is TabRef {
  if (!isRecord(request)) refuse('依頼がありません');
  if (typeof request.dept !== 'string' || !request.dept) refuse('部門');
  if (request.year !== null && (typeof request.year !== 'number' || !Number.isInteger(request.year))) refuse('年度');
}

export function checkReturnRequest(request: unknown): asserts request is ReturnRequest {
  checkTabRef(request);
  const r = request as unknown as Record<string, unknown>;
  if (typeof r.reason !== 'string') refuse('理由');
  if (r.indicators !== undefined) {
    if (!Array.isArray(r.indicators)) refuse('指標');
    for (const i of r.indicators as unknown[]) {
      if (!isRecord(i) || typeof i.no !== 'number' || !Number.isInteger(i.no)) refuse('指標の No.');
      if (i.name !== undefined && typeof i.name !== 'string') refuse('指標名');
    }
  }
}
