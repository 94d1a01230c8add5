/**
 * The shape of a save request as it arrives from the page (google.script.run or the preview): any JSON a hostile or
 * outdated page sends. Checked before anything is read, so a wrong field (e.g. `__proto__`, attack report 2.8) or a
 * wrong type is refused with a Japanese message instead of being saved as a comment or failing in English.
 */
import { UserError } from '../errors';
import type { Field, ReportRequest, SaveRequest } from './types';
import { isRecord } from '../json-values';

const FIELDS: readonly Field[] = ['actual', 'comment', 'cause', 'direction'];

function refuse(what: string): never {
  throw new UserError(`保存の依頼の内容が正しくありません（${what}）。サイドバーを開き直してください`);
}

export function checkSaveRequest(request: unknown): asserts request is SaveRequest {
  if (!isRecord(request)) refuse('依頼がありません');
  if (typeof request.dept !== 'string') refuse('部門');
  if (typeof request.fiscalYear !== 'number' || !Number.isInteger(request.fiscalYear)) refuse('年度');
  if (typeof request.submit !== 'boolean') refuse('提出');
  if (request.correctionReason !== undefined && typeof request.correctionReason !== 'string') refuse('事務局修正の理由');
  if (!Array.isArray(request.changes)) refuse('変更');
  for (const c of request.changes as unknown[]) {
    if (!isRecord(c)) refuse('変更');
    if (typeof c.no !== 'number' || typeof c.name !== 'string') refuse('指標');
    if (!FIELDS.includes(c.field as Field)) refuse(`項目「${String(c.field)}」は実績（actual）・コメント（comment）・要因（cause）・今後の方向性（direction）だけです`);
    if (typeof c.before !== 'string' || typeof c.after !== 'string') refuse('セルの内容');
  }
}

const AUDIENCES: readonly string[] = ['internal', 'public'];

/** A 報告書作成 request as it arrives from the page; the scope's names are checked against the master by buildReport. */
function bad(what: string): never {
  throw new UserError(`報告書作成の依頼の内容が正しくありません（${what}）。サイドバーを開き直してください`);
}

export function checkReportRequest(request: unknown): asserts request is ReportRequest {
  if (!isRecord(request)) bad('依頼がありません');
  if (request.fiscalYear !== null && (typeof request.fiscalYear !== 'number' || !Number.isInteger(request.fiscalYear))) bad('年度');
  if (!AUDIENCES.includes(request.audience as string)) bad('庁内用・公表用');
  const scope = request.scope;
  if (!isRecord(scope)) bad('範囲');
  if (scope.kind === 'policy') {
    if (typeof scope.policy !== 'string') bad('基本方針');
  } else if (scope.kind === 'department') {
    if (typeof scope.department !== 'string') bad('部門');
  } else if (scope.kind !== 'all') bad('範囲');
}
