/**
 * The shape of a save request as it arrives from the page (google.script.run or the preview): any JSON a hostile or
 * outdated page sends. Checked before anything is read, so a wrong field (e.g. `__proto__`, attack report 2.8) or a
 * wrong type is refused with a Japanese message instead of being saved as a comment or failing in English.
 */
import { UserError } from '../errors';
import type { Field, SaveRequest } from './types';

const FIELDS: readonly Field[] = ['actual', 'comment'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function refuse(what: string): never {
  throw new UserError(`保存の依頼の内容が正しくありません（${what}）。サイドバーを開き直してください`);
}

export function checkSaveRequest(request: unknown): asserts request is SaveRequest {
  if (!isRecord(request)) refuse('依頼がありません');
  if (typeof request.dept !== 'string') refuse('部門');
  if (typeof request.fiscalYear !== 'number' || !Number.isInteger(request.fiscalYear)) refuse('年度');
  if (typeof request.submit !== 'boolean') refuse('提出');
  if (!Array.isArray(request.changes)) refuse('変更');
  for (const c of request.changes as unknown[]) {
    if (!isRecord(c)) refuse('変更');
    if (typeof c.no !== 'number' || typeof c.name !== 'string') refuse('指標');
    if (!FIELDS.includes(c.field as Field)) refuse(`項目「${String(c.field)}」は実績（actual）かコメント（comment）だけです`);
    if (typeof c.before !== 'string' || typeof c.after !== 'string') refuse('セルの内容');
  }
}
