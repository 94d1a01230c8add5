/**
 * The demo's report as PDF (issue 14), read back as a reader's tools see it: poppler's pdfinfo, pdffonts, pdftotext
 * and pdftoppm (Debian's poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { calendarDate } from '../../src/core/calendar';
import { demoEntries, demoMaster, demoSettings } from '../../src/core/demo/suita';
import { UserError } from '../../src/core/errors';
import { initWorkbook, rollupWorkbook, setupDepartmentTabs } from '../../src/core/jobs';
import { formatRate } from '../../src/core/rates';
import { buildReport, type ReportModel, type ReportScope } from '../../src/core/report';
import { bookDataDate, renderReportPdf, reportPdfOfWorkbook, typesetReport } from '../../src/node/report/pdf';
import { XlsxWorkbook } from '../../src/node/xlsx-workbook';
import { cli } from '../support/cli';
import { demoBook } from '../support/plans';

// Rendering and poppler take a few seconds on a busy machine; no test here judges a time.
jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'shinchoku-report-'));
/** The seed document (chapter 6), for the plan texts as it writes them. */
const SEED = join(__dirname, '..', 'fixtures', 'seed', 'suita-plan.txt');
const DATA_DATE = calendarDate(2021, 5, 31);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A poppler tool's stdout; its stderr (Typst's valid /MarkInfo makes poppler 22 print a syntax note) is not checked. */
function poppler(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Text with all white space removed: a value wrapped in its table cell still reads as one. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

function demoModel(audience: 'internal' | 'public' = 'internal', scope?: ReportScope): ReportModel {
  const { analysis, settings } = rollupWorkbook(demoBook());
  return buildReport(analysis, settings, { audience, dataDate: DATA_DATE, ...(scope ? { scope } : {}) });
}

/** PNG's row filters: None, Sub, Up, Average, Paeth. */
function predictor(filter: number, a: number, b: number, c: number): number {
  if (filter === 1) return a;
  if (filter === 2) return b;
  if (filter === 3) return (a + b) >> 1;
  if (filter === 4) {
    const p = a + b - c;
    const pa = Math.abs(p - a);
    const pb = Math.abs(p - b);
    const pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
  return 0;
}

/** An 8-bit gray or RGB PNG (as pdftoppm writes it) as rows of pixel values, each the darkest of its channels. */
function decodePng(png: Buffer): { width: number; height: number; rows: Uint8Array[] } {
  let at = 8;
  let width = 0;
  let height = 0;
  let bpp = 1;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      expect([0, 2]).toContain(data[9]);
      bpp = data[9] === 2 ? 3 : 1;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const rows: Uint8Array[] = [];
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      out[x] = (line[x]! + predictor(filter, a, b, c)) & 0xff;
    }
    const pixels = new Uint8Array(width);
    for (let x = 0; x < width; x++) {
      let v = 255;
      for (let k = 0; k < bpp; k++) v = Math.min(v, out[x * bpp + k]!);
      pixels[x] = v;
    }
    rows.push(pixels);
    prev = out;
  }
  return { width, height, rows };
}

describe('report PDF of the demo', () => {
  let model: ReportModel;
  let pdf: Uint8Array;
  let second: Uint8Array;
  let file: string;
  let pages: string[];
  let raw: string;

  beforeAll(async () => {
    model = demoModel();
    pdf = await renderReportPdf(model);
    second = await renderReportPdf(demoModel());
    file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    pages = poppler('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);
    raw = squeeze(poppler('pdftotext', ['-raw', file, '-']));
  });

  test('two renders of the same workbook give the same bytes', () => {
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(Buffer.from(second).equals(Buffer.from(pdf))).toBe(true);
  });

  test('every page is A4, and the document date is the data date', () => {
    const info = poppler('pdfinfo', ['-f', '1', '-l', '999', file]);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => m[1]);
    expect(sizes).toHaveLength(pages.length);
    for (const s of sizes) expect(s).toBe('595.276 x 841.89 pts (A4)');
    expect(info).toMatch(/^CreationDate:\s+Mon May 31 00:00:00 2021 UTC$/m);
    expect(info).toMatch(/^Title:\s+吹田市第4期 情報化推進計画 令和2年度（2020年度） アクションプラン 進行管理報告書（庁内用）$/m);
  });

  test('only BIZ UDPGothic, embedded and subset, with a Unicode map', () => {
    const rows = poppler('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      const [name, ...rest] = r.trim().split(/\s+/);
      expect(name).toMatch(/^[A-Z]{6}\+BIZUDPGothic-(Regular|Bold)$/);
      expect(rest.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']); // emb sub uni
    }
  });

  test('pages: the cover, the summary (with the lines for the 7 other plans), then one page per active plan', () => {
    expect(pages[0]).toContain('評価対象年度 令和2年度（2020年度）');
    expect(pages[0]).toContain('庁内用');
    const band = (no: number, name: string) => squeeze(`No.${no}${name}`);
    const planStart = pages.findIndex((p) => squeeze(p).includes(band(model.plans[0]!.no, model.plans[0]!.actionPlan)));
    const summaryPages = planStart - 1;
    expect(summaryPages).toBeGreaterThanOrEqual(1);
    expect(summaryPages).toBeLessThanOrEqual(3);
    expect(pages).toHaveLength(1 + summaryPages + 15);
    expect(model.plans).toHaveLength(15);
    model.plans.forEach((p, i) => {
      const page = squeeze(pages[planStart + i]!);
      expect(page).toContain(band(p.no, p.actionPlan));
      for (const other of model.plans) if (other !== p) expect(page).not.toContain(band(other.no, other.actionPlan));
    });
    const summary = squeeze(pages.slice(1, planStart).join(''));
    expect(summary).toContain('評価結果の概要');
    // The グラフ sheet's two graphs, drawn as vector text in the PDF: their titles and every bar's label.
    expect(model.summary.graphs.map((g) => g.title)).toEqual(['評価の推移（年度別）', '基本方針別の評価（2020年度）']);
    for (const g of model.summary.graphs) expect(summary).toContain(squeeze(g.title));
    for (const label of ['2019年度', '2020年度', '市民を守るICT', '業務改善を支えるICT']) expect(summary).toContain(label);
    expect(model.otherPlans).toHaveLength(7);
    for (const x of model.otherPlans) expect(summary).toContain(squeeze(`No.${x.no}${x.actionPlan}${x.state}`));
  });

  test('the running header and the page numbers are on every page but the cover', () => {
    pages.slice(1).forEach((p, i) => {
      expect(squeeze(p)).toContain(squeeze(model.header));
      expect(p).toMatch(new RegExp(`\\b${i + 2} / ${pages.length}\\b`));
    });
    expect(squeeze(pages[0]!)).not.toContain(squeeze(model.header));
  });

  test('No.1\'s page shows its 概要, 目的 and 成果目標 as the seed writes them, with their labels', () => {
    // The seed's first 概要 row is No.1's: two <p> paragraphs.
    const cellOf = (label: string) => readFileSync(SEED, 'utf8').split('\n').find((l) => l.startsWith(`${label}\t`))!.split('\t')[1]!;
    const sentences = cellOf('概要').replace(/<[^>]*>/g, '').split('。').filter((x) => x.trim()).map((x) => `${x.trim()}。`);
    expect(sentences[0]).toBe('各種手続の電子化（申請手続をインターネットを通じて行えるようにする電子申請）については、マイナンバーカードの活用も含めて検討し、推進します。');
    const no1 = model.plans.findIndex((p) => p.no === 1);
    const page = squeeze(pages.find((p) => squeeze(p).includes(squeeze(`No.1${model.plans[no1]!.actionPlan}`)))!);
    for (const s of sentences) expect(page).toContain(squeeze(s));
    expect(page).toContain(squeeze(cellOf('目的').replace(/<[^>]*>/g, '')));
    // 成果目標（アウトカム） is set on two lines in its label cell, so the layout text has the halves apart.
    for (const label of ['概要', '目的', '成果目標', '（アウトカム）']) expect(page).toContain(label);
    // The label block comes before the indicator tables, as on the plan's own page.
    expect(page.indexOf(squeeze(sentences[0]!))).toBeLessThan(page.indexOf('評価指標:'));
  });

  test('No.1\'s page shows the 中間見直し as the plan does: each version with its years, 「令和4年度に指標変更」, a 指標 row', () => {
    const pageOf = (no: number) => pages.find((p) => squeeze(p).includes(squeeze(`No.${no}${model.plans.find((x) => x.no === no)!.actionPlan}`)))!;
    const no1 = pageOf(1);
    const flat = squeeze(no1);
    expect(flat).toContain('評価指標:申込み→電子化率');
    expect(flat).toContain('【令和元年度～令和3年度】申込み');
    expect(flat).toContain('【令和4年度～令和5年度】電子化率');
    expect(flat).toContain('電子申込システムを利用する各手続のシステム利用率の平均');
    expect(flat).toContain('電子化対象手続の電子化率');
    expect(flat).toContain(squeeze('令和4年度に指標変更（申込み → 電子化率、改定根拠: 中間見直し素案（令和3年度）'));
    // One table: its 指標 row names each year's version, and the 予定 row runs on into 電子化率's years.
    expect(no1.split('\n').find((l) => /^指標\s/.test(l))!.trim().split(/\s+/)).toEqual(['指標', '申込み', '申込み', '申込み', '電子化率', '電子化率']);
    expect(no1.split('\n').find((l) => /^予定\s/.test(l))!.trim().split(/\s+/)).toEqual(['予定', '10%', '20%', '30%', '45%', '100%']);
    expect(no1.match(/評価指標:/g)).toHaveLength(1);
    // A plan never revised says nothing of the kind.
    for (const no of [5, 12]) {
      const page = pageOf(no);
      expect(page).not.toContain('指標変更');
      expect(page).not.toContain('【');
      expect(page.split('\n').some((l) => /^指標\s/.test(l))).toBe(false);
    }
  });

  test('No.5\'s page shows 期待値 and 期待値比 rows and 「達成見込み（2020年度時点）」 with its basis; No.2 (no baseline) has no 期待値 row', () => {
    const pageOf = (no: number) => pages.find((p) => squeeze(p).includes(squeeze(`No.${no}${model.plans.find((x) => x.no === no)!.actionPlan}`)))!;
    const no5 = pageOf(5);
    const ind = model.plans.find((p) => p.no === 5)!.indicators[0]!;
    const rowOf = (label: string) => no5.split('\n').map((l) => l.trim()).find((l) => new RegExp(`^${label}\\s`).test(l))!.split(/\s+/);
    // The 閲覧者数 table comes first on the page; its 期待値 row is 達成状況's E1 line, FY2019 144,865 + 29,135 × 2/6.
    expect(rowOf('期待値')).toEqual(['期待値', '154,577人', '159,433人', '164,288人', '169,144人', '174,000人']);
    expect(rowOf('期待値比')).toEqual(['期待値比', '152.0%', '219.5%']);
    expect(ind.years.map((y) => y.expected)).toEqual(rowOf('期待値').slice(1));
    const flat = squeeze(no5);
    expect(flat).toContain(squeeze(`達成見込み（2020年度時点）: ${ind.outlook!.class}`));
    expect(ind.outlook!.class).toBe('ほぼ達成できる');
    // Beside the chart: the layout text interleaves the axis labels, the content order (-raw) has it whole.
    expect(raw).toContain(squeeze(`${ind.outlook!.label}: ${ind.outlook!.class}${ind.outlook!.basis}${ind.outlook!.paceText}`));
    const no2 = pageOf(2);
    expect(no2.split('\n').some((l) => /^期待値/.test(l.trim()))).toBe(false);
    expect(squeeze(no2)).toContain('達成見込み（2020年度時点）:見込み算出不可');
  });

  test('a search finds 研修参加人数 and 令和2年度（2020年度）, as typed', () => {
    const text = pages.join('\n');
    expect(text).toContain('研修参加人数');
    expect(text).toContain('令和2年度（2020年度）');
    expect(text).toContain('令和元年度（2019年度）');
    expect(text).not.toMatch(/令和 2 年度|\uFFFD/);
  });

  test('every 実績 as 達成状況 writes it, and every rate to one decimal, is in the text', () => {
    const { analysis } = rollupWorkbook(demoBook());
    // A revised indicator's year is the version in force (中間見直し): its cell names that version.
    const cellOf = (no: number, name: string, fy: number) =>
      model.plans.find((p) => p.no === no)!.indicators.flatMap((i) => i.years.filter((y) => y.fiscalYear === fy && (i.versions.length ? y.version : i.name) === name))[0]!;
    let actuals = 0;
    let rates = 0;
    for (const r of analysis.rows) {
      const cell = cellOf(r.no, r.indicator, r.fiscalYear);
      if (cell.actual) {
        expect(raw).toContain(squeeze(cell.actual));
        actuals++;
      }
      if (r.rate !== null) {
        expect(raw).toContain(formatRate(r.rate));
        rates++;
      }
    }
    // Every 実績 typed for the seed (2019–2021), and the rates of the graded rows.
    expect(actuals).toBe(analysis.rows.filter((r) => r.actual !== null || r.actualText !== '').length);
    expect(actuals).toBeGreaterThan(25);
    expect(rates).toBe(analysis.rows.filter((r) => r.status === '評価済').length);
    for (const probe of ['30.7%', '307.0%', '57.5%', '1,730件', '349,879人', '-16.7%', '(本年度末測定)', '(本年度未測定)', '115.48%'])
      expect(raw).toContain(probe);
  });

  test('no text runs outside the page', () => {
    const html = poppler('pdftotext', ['-bbox', file, '-']);
    const pageBoxes = [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)];
    expect(pageBoxes).toHaveLength(pages.length);
    const margin = 14; // 5 mm: nothing is set closer to the paper's edge
    let words = 0;
    const outside: string[] = [];
    for (const [, w, h, body] of pageBoxes) {
      for (const m of body!.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">/g)) {
        const [x0, y0, x1, y1] = m.slice(1, 5).map(Number) as [number, number, number, number];
        if (x0 < margin || y0 < margin || x1 > Number(w) - margin || y1 > Number(h) - margin) outside.push(m[0]);
        words++;
      }
    }
    expect(outside).toEqual([]);
    expect(words).toBeGreaterThan(1000);
  });

  test('the README\'s page images: the summary and plan No.1, from this very PDF', () => {
    // Rewritten on every run, like the sidebar's screenshots: what README shows is what this test read.
    const target = join(__dirname, 'report-pages');
    const summary = pages.findIndex((p) => p.includes('評価結果の概要'));
    const plan = pages.findIndex((p) => /No\.1\s+手続の電子化/.test(p));
    expect([summary, plan].every((i) => i > 0)).toBe(true);
    for (const [name, index] of [['summary', summary], ['plan-no1', plan]] as const) {
      const base = join(dir, `readme-${name}`);
      poppler('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', String(index + 1), '-l', String(index + 1), file, base]);
      const png = readFileSync(`${base}.png`);
      const { width, height } = decodePng(png);
      expect(height / width).toBeCloseTo(841.89 / 595.276, 1);
      writeFileSync(join(target, `${name}.png`), png);
    }
  });

  test('page images: one per page, A4 proportions, ink on each and none at the edges', () => {
    const out = join(dir, 'page');
    poppler('pdftoppm', ['-png', '-r', '24', file, out]);
    const images = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
    expect(images).toHaveLength(pages.length);
    for (const name of images) {
      const { width, height, rows } = decodePng(readFileSync(join(dir, name)));
      expect(height / width).toBeCloseTo(841.89 / 595.276, 1);
      const edge = 4; // px at 24 dpi ≈ 4 mm
      let dark = 0;
      let inkAtEdge = 0;
      for (let y = 0; y < height; y++) {
        const row = rows[y]!;
        for (let x = 0; x < width; x++) {
          const v = row[x]!;
          if (v < 128) dark++;
          if (v <= 240 && (y < edge || y >= height - edge || x < edge || x >= width - edge)) inkAtEdge++;
        }
      }
      expect({ page: name, inkAtEdge }).toEqual({ page: name, inkAtEdge: 0 });
      expect(dark).toBeGreaterThan(50);
    }
  });
});

describe('report PDF guards', () => {
  test('a character the font lacks stops the PDF with the character and where it came from', async () => {
    const model = demoModel();
    const no20 = model.plans.find((p) => p.no === 20)!;
    no20.comments.push({ department: '情報政策室', indicator: '研修参加人数', fiscalYear: 2020, yearLabel: '令和2年度（2020年度）', text: '𠮷田さんが講師' });
    const err = await renderReportPdf(model).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain('「𠮷」（U+20BB7）: No.20 令和2年度（2020年度）のコメント（情報政策室） 本文');
  });

  test('data is printed as text, never run as markup', async () => {
    const model = demoModel();
    const text = '#read("/etc/passwd") *太字* $x^2$ <b> #pagebreak() ]';
    model.plans[0]!.comments.push({ department: '情報政策室', indicator: '申込み', fiscalYear: 2020, yearLabel: '令和2年度（2020年度）', text });
    const file = join(dir, 'inert.pdf');
    writeFileSync(file, await renderReportPdf(model));
    expect(squeeze(poppler('pdftotext', ['-raw', file, '-']))).toContain(squeeze(text));
    expect(poppler('pdfinfo', [file])).toMatch(/^Pages:\s+18$/m);
  });

  test('a long table breaks between rows and repeats its header; long comments run on to the next page whole', async () => {
    const model = demoModel();
    const depts = model.summary.counts[3]!;
    depts.lines = Array.from({ length: 90 }, (_, i) => {
      const counts = depts.columns.map((_, k) => (i + k) % 3);
      return { label: `部門${i + 1}`, counts, total: counts.reduce((a, b) => a + b, 0) };
    });
    const first = model.plans[0]!;
    first.comments = Array.from({ length: 24 }, (_, i) => ({
      department: '情報政策室', indicator: '申込み', fiscalYear: 2020, yearLabel: '令和2年度（2020年度）',
      text: `コメント${i + 1}番: ${'電子申込システムの利用を広げるため、手続の所管課と調整を進めました。'.repeat(3)}`,
    }));
    const file = join(dir, 'long.pdf');
    writeFileSync(file, await renderReportPdf(model));
    const pages = poppler('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);
    expect(pages.length).toBeGreaterThan(18);
    const rowPages = depts.lines.map((l) => {
      const row = new RegExp(`^\\s*${l.label}\\s+${[...l.counts, l.total].join('\\s+')}\\s*$`, 'm');
      const found = pages.flatMap((p, i) => (row.test(p) ? [i] : []));
      expect({ row: l.label, pages: found.length }).toEqual({ row: l.label, pages: 1 });
      return found[0]!;
    });
    const spanned = [...new Set(rowPages)];
    expect(spanned.length).toBeGreaterThan(1);
    for (const i of spanned) expect(pages[i]).toMatch(/^\s*報告部門\s+A 達成/m);
    for (const c of first.comments) {
      const on = pages.filter((p) => squeeze(p).includes(squeeze(c.text)));
      expect({ comment: c.text.slice(0, 8), pages: on.length }).toEqual({ comment: c.text.slice(0, 8), pages: 1 });
    }
    const html = poppler('pdftotext', ['-bbox', file, '-']);
    for (const m of html.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">/g)) {
      const [x0, y0, x1, y1] = m.slice(1, 5).map(Number) as [number, number, number, number];
      if (x0 < 0 || y0 < 0 || x1 > 595.3 || y1 > 841.9) throw new Error(`text outside the page: ${m[0]}`);
    }
  });

  test('a report for one 基本方針 says so on the cover and has only its plans', async () => {
    const model = demoModel('internal', { kind: 'policy', policy: '市民を守るICT' });
    const file = join(dir, 'scope.pdf');
    writeFileSync(file, await renderReportPdf(model));
    const pages = poppler('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);
    expect(pages[0]).toContain('基本方針: 市民を守るICT');
    expect(poppler('pdfinfo', [file])).toMatch(/^Title:\s+.*（庁内用） 基本方針: 市民を守るICT$/m);
    expect(model.plans.map((p) => p.no)).toEqual([13, 15]);
    const text = squeeze(pages.join(''));
    expect(text).toContain(squeeze('No.13施設のICT環境の充実'));
    expect(text).toContain(squeeze('No.15街頭防犯カメラのネットワーク対応の推進'));
    expect(text).not.toContain(squeeze('No.1手続の電子化'));
    expect(pages.length).toBe(1 + 1 + 2);
  });

  test('any compiler warning fails the render (here an unknown font family)', () => {
    expect(() => typesetReport('#set text(font: "No Such Font Family")\nこんにちは', demoModel())).toThrow(/警告/);
    expect(typesetReport('#set text(font: "BIZ UDPGothic", fallback: false)\nこんにちは', demoModel()).length).toBeGreaterThan(1000);
  });

  test('公表用 says so and holds no e-mail address', async () => {
    const book = XlsxWorkbook.create();
    initWorkbook(book, { settings: { ...demoSettings, coordinators: ['kanri@example.jp'] }, master: demoMaster });
    setupDepartmentTabs(book, demoEntries);
    const internal = join(dir, 'internal.pdf');
    const published = join(dir, 'public.pdf');
    writeFileSync(internal, await reportPdfOfWorkbook(book, { dataDate: DATA_DATE }));
    writeFileSync(published, await reportPdfOfWorkbook(book, { dataDate: DATA_DATE, public: true }));
    expect(poppler('pdftotext', [internal, '-'])).toContain('kanri@example.jp');
    const text = poppler('pdftotext', [published, '-']);
    expect(text).toContain('公表用');
    expect(text).not.toMatch(/@|＠/);
    expect(text).not.toContain('検証結果');
  });
});

describe('report PDF from an .xlsx workbook', () => {
  test('a saved demo book gives the same PDF as the in-memory one, dated by its file', async () => {
    const file = join(dir, 'demo.xlsx');
    const book = XlsxWorkbook.create();
    initWorkbook(book, { settings: demoSettings, master: demoMaster });
    setupDepartmentTabs(book, demoEntries);
    await book.save(file);
    utimesSync(file, new Date(2021, 4, 31, 15, 30), new Date(2021, 4, 31, 15, 30)); // local time, as the machine shows it
    const dataDate = await bookDataDate(file);
    expect(dataDate).toEqual(DATA_DATE);
    const fromFile = await reportPdfOfWorkbook(await XlsxWorkbook.open(file), { dataDate });
    expect(Buffer.from(fromFile).equals(Buffer.from(await renderReportPdf(demoModel())))).toBe(true);
    await expect(reportPdfOfWorkbook(await XlsxWorkbook.open(file), { dataDate, year: 2030 })).rejects.toThrow(UserError);
  });
});

describe('shinchoku report (the command line)', () => {
  test('writes the PDF, leaves the book untouched, and refuses a year outside the plan in Japanese', async () => {
    const book = join(dir, 'cli-demo.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
    const before = readFileSync(book);
    const out = join(dir, 'cli-report.pdf');
    const r = await cli('report', book, '--out', out);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('庁内用');
    expect(poppler('pdfinfo', [out])).toMatch(/Pages:\s+18\n/);
    expect(readFileSync(book).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const pub = await cli('report', book, '--out', join(dir, 'cli-public.pdf'), '--public', '--year', '令和元年度');
    expect(pub.code).toBe(0);
    expect(poppler('pdftotext', [join(dir, 'cli-public.pdf'), '-'])).toContain('公表用');
    const scoped = await cli('report', book, '--out', join(dir, 'cli-dept.pdf'), '--dept', '税制課');
    expect(scoped.code).toBe(0);
    const scopedText = poppler('pdftotext', [join(dir, 'cli-dept.pdf'), '-']);
    expect(scopedText).toContain('部門: 税制課');
    expect(scopedText).not.toContain('No.1 ');
    for (const args of [['--dept', '存在しない課'], ['--policy', 'x', '--dept', '税制課']]) {
      const r = await cli('report', book, '--out', join(dir, 'never.pdf'), ...args);
      expect([r.code, /[ぁ-ん]/.test(r.err)]).toEqual([2, true]);
    }
    const bad = await cli('report', book, '--out', join(dir, 'never.pdf'), '--year', 'R9');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('計画期間');
    expect(readdirSync(dir)).not.toContain('never.pdf');
  });
});
