/**
 * The year's report as PDF: the core's ReportModel laid out by Typst (src/node/report/report.typ), the model passed as
 * JSON and the BIZ UDPGothic font from npm, nothing from the machine (report-dependencies.md has the measurements).
 */
import type { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { calendarOfLocalTime } from '../../core/calendar';
import { UserError } from '../../core/errors';
import type { ReportModel, ReportScope } from '../../core/report';
import { reportOfBook } from '../../core/report/job';
import type { WorkbookPort } from '../../core/workbook';
import { fontCodePoints, missingCharacters } from './font-coverage';

/** The template, relative to the package root (the build leaves src/ in place, so dist/cli.js finds it too). */
const TEMPLATE = join('src', 'node', 'report', 'report.typ');
const FONT_PACKAGE = '@expo-google-fonts/biz-udpgothic';
const FONT_FILES = ['400Regular/BIZUDPGothic_400Regular.ttf', '700Bold/BIZUDPGothic_700Bold.ttf'];
export const REPORT_FONT = 'BIZ UDPGothic';

/** The package root above this module (sources, dist/cli.js), else above the working folder (the bench's bundle). */
function packageRoot(): string {
  for (const start of [__dirname, process.cwd()])
    for (let dir = start; dir !== dirname(dir); dir = dirname(dir))
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, TEMPLATE))) return dir;
  throw new Error(`report template not found above ${__dirname} (${TEMPLATE})`);
}

interface Engine {
  compiler: NodeCompiler;
  template: string;
  /** Code points both weights can draw. */
  covered: Set<number>;
}

let engine: Engine | undefined;

/** One compiler per process: the fonts are parsed once (later reports take tens of milliseconds). */
function getEngine(): Engine {
  if (engine) return engine;
  const fonts = FONT_FILES.map((f) => readFileSync(require.resolve(`${FONT_PACKAGE}/${f}`)));
  const [regular, ...others] = fonts.map((f) => fontCodePoints(f));
  const covered = new Set([...regular!].filter((cp) => others.every((o) => o.has(cp))));
  const template = readFileSync(join(packageRoot(), TEMPLATE), 'utf8');
  // Typst 0.14 in this wrapper also scans system fonts (typst.ts#893); the template pins the family with fallback off.
  // Loaded on first use: the other commands of the CLI never pay for the native binary.
  const typst = require('@myriaddreamin/typst-ts-node-compiler') as typeof import('@myriaddreamin/typst-ts-node-compiler');
  const compiler = typst.NodeCompiler.create({ fontArgs: [{ fontBlobs: fonts }] });
  engine = { compiler, template, covered };
  return engine;
}

function missingGlyphError(model: ReportModel, e: Engine): UserError | null {
  const missing = missingCharacters(model, e.covered, [{ text: e.template, where: `テンプレート（${TEMPLATE}）` }]);
  if (!missing.length) return null;
  const lines = missing.slice(0, 10).map((m) => `・「${m.char}」（${m.codePoint}）: ${m.where || '報告書'}`);
  if (missing.length > 10) lines.push(`…ほか${missing.length - 10}件`);
  return new UserError(
    `報告書のフォント（${REPORT_FONT}）にない文字があるため、PDF を作れません。次の文字を、フォントにある字（例: 𠮷→吉）に書き換えてください:\n${lines.join('\n')}`,
  );
}

function diagnosticsText(compiler: NodeCompiler, err: Parameters<NodeCompiler['fetchDiagnostics']>[0]): string {
  const diags = compiler.fetchDiagnostics(err) as { message?: string; severity?: string; hints?: string[] }[];
  return diags.map((d) => `${d.severity ?? ''} ${d.message ?? JSON.stringify(d)}${d.hints?.length ? ` (${d.hints.join('; ')})` : ''}`.trim()).join('\n');
}

/** The PDF of a report model; throws before compiling when a character has no glyph, and on any Typst warning. */
export async function renderReportPdf(model: ReportModel): Promise<Uint8Array> {
  return typesetReport(getEngine().template, model);
}

/** `template` compiled with `model` as sys.inputs.data (renderReportPdf's template; other ones in tests). */
export function typesetReport(template: string, model: ReportModel): Uint8Array {
  const e = getEngine();
  const missing = missingGlyphError(model, { ...e, template });
  if (missing) throw missing;
  const result = e.compiler.compile({ mainFileContent: template, inputs: { data: JSON.stringify(model) } });
  const doc = result.result;
  const error = result.takeError();
  if (!doc || error) throw new Error(`報告書の PDF を組版できませんでした:\n${error ? diagnosticsText(e.compiler, error) : '結果がありません'}`);
  // A warning (an unknown font family, a missing image format …) means the PDF is not what the template says.
  const warnings = result.takeWarnings();
  if (warnings) throw new Error(`報告書の組版で警告が出たため PDF を作りませんでした:\n${diagnosticsText(e.compiler, warnings)}`);
  const pdf = e.compiler.pdf(doc);
  e.compiler.evictCache(10);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

export interface WorkbookReportOptions {
  /** Fiscal year under evaluation (`--year`); 設定's 評価年度 when left out. */
  year?: number;
  /** 公表用 (`--public`) instead of 庁内用. */
  public?: boolean;
  /** The date the figures are as of (a core calendar date); `bookDataDate` gives the workbook file's. */
  dataDate: Date;
  /** The whole plan (default), one 基本方針, or one department's plans. */
  scope?: ReportScope;
}

/** The report model of a plan workbook, from the same analysis the rollup writes 達成状況 from; writes nothing. */
export function reportOfWorkbook(book: WorkbookPort, options: WorkbookReportOptions): ReportModel {
  return reportOfBook(book, { fiscalYear: options.year ?? null, audience: options.public ? 'public' : 'internal', scope: options.scope }, options.dataDate).model;
}

/** `shinchoku report <book> [--year Y] [--public]`: the PDF bytes of a workbook's report (the caller saves them). */
export async function reportPdfOfWorkbook(book: WorkbookPort, options: WorkbookReportOptions): Promise<Uint8Array> {
  return renderReportPdf(reportOfWorkbook(book, options));
}

/**
 * The date of a workbook's figures: the day its file was last saved, on this machine's calendar. The same file gives
 * the same date, so the same report bytes.
 */
export async function bookDataDate(file: string): Promise<Date> {
  const { mtime } = await stat(file);
  const d = calendarOfLocalTime(mtime);
  d.setUTCHours(0, 0, 0, 0);
  return d;
}
