/**
 * The print-ready workbook of the demo's report (issue 14, item 3), read back three ways: exceljs (page setup, print
 * area, images), the package's XML (breaks, the default font), and as a reader gets it on paper — LibreOffice
 * headless prints it to PDF and poppler's pdfinfo and pdftotext -bbox show A4 pages, no text outside them, and
 * every indicator table whole on one page (its year columns on the page of its 予定 label).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarDate } from '../../src/core/calendar';
import { rollupWorkbook } from '../../src/core/jobs';
import { formatRate } from '../../src/core/rates';
import { buildReport, COVER_SHEET, PLANS_SHEET, reportPrintSheets, type ReportModel, type ReportSheetOutput } from '../../src/core/report';
import { renderReportXlsx, svgToPng, withDefaultFont } from '../../src/node/report/xlsx';
import { cli } from '../support/cli';
import { demoBook } from '../support/plans';

// LibreOffice takes a few seconds to start and print; no test here judges a time.
jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'shinchoku-report-xlsx-'));
const DATA_DATE = calendarDate(2021, 5, 31);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demoModel(): ReportModel {
  const { analysis, settings } = rollupWorkbook(demoBook());
  return buildReport(analysis, settings, { audience: 'internal', dataDate: DATA_DATE });
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface Page {
  width: number;
  height: number;
  words: Word[];
}

function bboxPages(pdf: string): Page[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, w, h, body]) => ({
    width: Number(w),
    height: Number(h),
    words: [...body!.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    })),
  }));
}

/** Whether `needle`'s characters occur in `hay` in order, within a stretch at most twice its length plus 12. */
function spreadIn(hay: string, needle: string): boolean {
  const limit = needle.length * 2 + 12;
  for (let start = hay.indexOf(needle[0]!); start >= 0; start = hay.indexOf(needle[0]!, start + 1)) {
    let at = start;
    let k = 1;
    for (; k < needle.length && at - start < limit; k++) {
      at = hay.indexOf(needle[k]!, at + 1);
      if (at < 0 || at - start >= limit) break;
    }
    if (k === needle.length && at - start < limit) return true;
  }
  return false;
}

describe('print-ready workbook of the demo', () => {
  let model: ReportModel;
  let sheets: ReportSheetOutput[];
  let bytes: Uint8Array;
  let file: string;
  let wb: ExcelJS.Workbook;
  let zip: JSZip;

  beforeAll(async () => {
    model = demoModel();
    sheets = reportPrintSheets(model);
    bytes = await renderReportXlsx(model);
    file = join(dir, 'report.xlsx');
    writeFileSync(file, bytes);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    zip = await JSZip.loadAsync(bytes);
  });

  test('the same model gives the same bytes', async () => {
    const again = await renderReportXlsx(demoModel());
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    // Every zip entry carries the data date, never "now".
    zip.forEach((_p, entry) => expect(entry.date.toISOString().slice(0, 10)).toBe('2021-05-31'));
  });

  test('A4 portrait, fit to one page wide, the print area and the repeated header as the layout says', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([COVER_SHEET, PLANS_SHEET]);
    for (const out of sheets) {
      const ws = wb.getWorksheet(out.name)!;
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true });
      const a = out.print.printArea;
      expect(ws.pageSetup.printArea).toBe(`A1:${String.fromCharCode(64 + a.numCols)}${a.numRows}`);
      expect(ws.pageSetup.margins).toEqual({ left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 });
      expect(ws.headerFooter.oddFooter).toContain('&P / &N');
      expect(ws.views[0]?.showGridLines).toBe(false);
      out.columnWidths!.forEach((w, i) => expect(ws.getColumn(i + 1).width).toBe(w));
      for (const { row, height } of out.print.rowHeights!) expect(ws.getRow(row).height).toBe(height);
      // Merged and wrapped as laid out; the texts in the font of the report.
      for (const m of out.merges!) expect(ws.getCell(m.row, m.col + m.numCols - 1).isMerged).toBe(true);
      for (const w of out.wrapped!) expect(ws.getCell(w.row, w.col).alignment?.wrapText).toBe(true);
      expect(ws.getCell(1, 1).font?.name).toBe('BIZ UDPゴシック');
    }
    const defined = zip.file('xl/workbook.xml')!;
    return defined.async('string').then((xml) => {
      expect(xml).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;${PLANS_SHEET}&apos;!$1:$1</definedName>`);
      expect(xml).not.toContain('_xlnm.Print_Titles" localSheetId="0"');
    });
  });

  test('a manual break before each page the layout starts, and the default font is the cells\' own', async () => {
    for (const [i, out] of sheets.entries()) {
      const xml = await zip.file(`xl/worksheets/sheet${i + 1}.xml`)!.async('string');
      const ids = [...xml.matchAll(/<brk id="(\d+)" max="16383" man="1"\/>/g)].map((m) => Number(m[1]));
      expect(ids).toEqual(out.print.rowBreaks.map((r) => r - 1));
      expect(ids.length).toBeGreaterThan(0);
    }
    const styles = await zip.file('xl/styles.xml')!.async('string');
    expect(styles).toMatch(/<fonts\b[^>]*><font><sz val="9"\/><name val="BIZ UDPゴシック"\/>/);
    expect(styles).not.toContain('Calibri');
    expect(() => withDefaultFont('<styleSheet/>')).toThrow();
  });

  test('one image per chart, where the layout puts it, a PNG of the chart in the report\'s font', async () => {
    const charts = sheets.flatMap((s) => s.charts);
    // One per indicator, one per version of a revised one (中間見直し).
    expect(charts.length).toBe(model.plans.reduce((n, p) => n + p.indicators.reduce((k, i) => k + i.charts.length, 0), 0));
    expect(charts.length).toBeGreaterThan(model.plans.reduce((n, p) => n + p.indicators.length, 0));
    const images = wb.getWorksheet(PLANS_SHEET)!.getImages();
    expect(images).toHaveLength(charts.length);
    expect(wb.getWorksheet(COVER_SHEET)!.getImages()).toHaveLength(0);
    const at = images.map((im) => `${im.range.tl.nativeRow + 1},${im.range.tl.nativeCol + 1}`).sort();
    expect(at).toEqual(sheets[1]!.charts.map((c) => `${c.row},${c.col}`).sort());
    const media = Object.keys(zip.files).filter((n) => n.startsWith('xl/media/') && !zip.files[n]!.dir);
    expect(media).toHaveLength(charts.length);
    const png = await zip.file(media[0]!)!.async('nodebuffer');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Twice the placed size, for print.
    expect(png.readUInt32BE(16)).toBe(charts[0]!.widthPx * 2);
    // The axis labels are drawn (text in the font makes ink beyond the lines): a chart without text is smaller.
    const bare = await svgToPng(charts[0]!.svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), charts[0]!.widthPx * 2);
    expect(png.length).toBeGreaterThan(bare.length + 2000);
  });

  describe('printed by LibreOffice', () => {
    let pages: Page[];
    let pdf: string;
    let pageCount: number;

    beforeAll(() => {
      const profile = mkdtempSync(join(tmpdir(), 'lo-'));
      try {
        execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'pipe', timeout: 150_000 });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
      pdf = join(dir, 'report.pdf');
      pages = bboxPages(pdf);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      pageCount = Number(/^Pages:\s+(\d+)$/m.exec(info)![1]);
    });

    test('every page A4 portrait, as many as the layout starts (no page LibreOffice had to add)', () => {
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' });
      const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => m[1]);
      expect(sizes).toHaveLength(pageCount);
      for (const s of sizes) expect(s).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/);
      expect(pages).toHaveLength(pageCount);
      const planned = sheets.reduce((n, s) => n + s.print.rowBreaks.length + 1, 0);
      expect(pageCount).toBe(planned);
      // ≈ one page per block: the cover and summary, the 15 plans (a tall one may take two: 期待値 and 達成見込み made
      // No.5, 13, 16 and 20 run on), the other plans.
      expect(pageCount).toBeGreaterThanOrEqual(1 + 15 + 1);
      expect(pageCount).toBeLessThanOrEqual(3 + 15 + 4 + 1);
    });

    test('no text outside the page, and the page numbers in the footer', () => {
      const outside: string[] = [];
      for (const p of pages)
        for (const w of p.words) if (w.x0 < 10 || w.y0 < 10 || w.x1 > p.width - 10 || w.y1 > p.height - 10) outside.push(w.text);
      expect(outside).toEqual([]);
      pages.forEach((p, i) => expect(p.words.map((w) => w.text).join(' ')).toContain(`${i + 1} / ${pageCount}`));
    });

    test('each plan block starts its own page, in order, under the repeated header', () => {
      const headerText = squeeze(model.header);
      const starts = model.plans.map((plan) => {
        const title = squeeze(`No.${plan.no}${plan.actionPlan}`);
        const found = pages.flatMap((p, i) => (squeeze(p.words.map((w) => w.text).join('')).includes(title) ? [i] : []));
        expect(found).toHaveLength(1);
        return found[0]!;
      });
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      expect(new Set(starts).size).toBe(15);
      for (const i of starts) expect(squeeze(pages[i]!.words.map((w) => w.text).join(''))).toContain(headerText);
    });

    test('no cut columns: each table\'s year labels are on the page of its 予定 row, left to right, and its 評価 row too', () => {
      const inds = model.plans.flatMap((p) => p.indicators);
      let tables = 0;
      for (const p of pages) {
        for (const label of p.words.filter((w) => w.text === '予定')) {
          // The year header row just above the label: one （2019年度） … per year, left to right.
          const heads = p.words
            .filter((w) => /^（\d{4}年度）$/.test(w.text) && w.y1 <= label.y0 + 1 && w.y0 >= label.y0 - 45)
            .sort((a, b) => a.x0 - b.x0);
          // Left to right, each right of the label, all on this page.
          expect(heads.map((w) => Number(w.text.slice(1, 5)))).toEqual([2019, 2020, 2021, 2022, 2023]);
          for (const h of heads) expect(h.x0).toBeGreaterThan(label.x1);
          // The 評価 row below it, on the same page.
          expect(p.words.some((w) => w.text === '評価' && Math.abs(w.x0 - label.x0) < 2 && w.y0 > label.y0 && w.y0 < label.y0 + 80)).toBe(true);
          tables++;
        }
      }
      expect(tables).toBe(inds.length);
    });

    test('every 実績 and every rate of the model is printed, on its plan\'s pages', () => {
      const pageText = (p: Page) => squeeze(p.words.map((w) => w.text).join(''));
      const text = squeeze(pages.map(pageText).join(''));
      const starts = model.plans.map((plan) => pages.findIndex((p) => pageText(p).includes(squeeze(`No.${plan.no}${plan.actionPlan}`))));
      let n = 0;
      model.plans.forEach((plan, i) => {
        const own = pages.slice(starts[i], starts[i + 1] ?? pages.length).map(pageText).join('');
        for (const y of plan.indicators.flatMap((ind) => ind.years)) {
          // A value too long for its cell wraps (閲覧者数 (本年度 / 未測定)), and the text flow puts the next cell's
          // line between its lines: every character is there, in order, within a short stretch.
          if (y.actual) expect(spreadIn(own, squeeze(y.actual))).toBe(true);
          if (y.rateValue !== null) expect(own).toContain(formatRate(y.rateValue));
          if (y.actual) n++;
        }
      });
      expect(n).toBeGreaterThan(25);
      for (const probe of ['令和元年度', '（2019年度）', '307.0%', '(本年度未測定)', '評価結果の概要']) expect(text).toContain(probe);
      // 中間見直し: No.1's pages say which years each version covers and the change; No.5's (never revised) do not.
      const own = (no: number) => {
        const i = model.plans.findIndex((p) => p.no === no);
        return pages.slice(starts[i], starts[i + 1] ?? pages.length).map(pageText).join('');
      };
      for (const probe of ['【令和元年度～令和3年度】申込み', '【令和4年度～令和5年度】電子化率', '令和4年度に指標変更（申込み→電子化率'])
        expect(own(1)).toContain(probe);
      expect(own(5)).not.toContain('指標変更');
      // 期待値 (No.5 閲覧者数 from its baseline) and 達成見込み on No.5's pages; No.2 (no baseline) has no 期待値 row.
      const no5 = model.plans.find((p) => p.no === 5)!.indicators[0]!;
      expect(no5.years[0]!.expected).toBe('154,577人');
      for (const probe of ['期待値', '期待値比', '154,577人', '152.0%', `${no5.outlook!.label}:${no5.outlook!.class}`]) expect(own(5)).toContain(squeeze(probe));
      expect(own(5)).toContain(squeeze(no5.outlook!.paceText).slice(0, 12));
      expect(own(2)).not.toContain('期待値');
      expect(own(2)).toContain('達成見込み（2020年度時点）:見込み算出不可');
      for (const x of model.otherPlans) expect(text).toContain(squeeze(x.reason));
    });
  });
});

describe('shinchoku report --xlsx', () => {
  let book = '';
  beforeAll(async () => {
    book = join(dir, 'cli-demo.xlsx');
    expect((await cli('init', book, '--demo')).code).toBe(0);
  });

  test('writes the print-ready workbook to --out; the book is not changed', async () => {
    const before = readFileSync(book);
    const out = join(dir, 'cli-report.xlsx');
    const r = await cli('report', book, '--xlsx', '--out', out, '--public');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('印刷用の .xlsx');
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(readFileSync(book).equals(before)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([COVER_SHEET, PLANS_SHEET]);
    expect(String(wb.getWorksheet(COVER_SHEET)!.getCell(1, wb.getWorksheet(COVER_SHEET)!.columnCount).value)).toBe('公表用');
  });

  test('refuses --out naming the book itself (also through a link), and a PDF name for the workbook', async () => {
    const before = readFileSync(book);
    const mtime = statSync(book).mtimeMs;
    for (const args of [['--xlsx', '--out', book], ['--out', book], ['--xlsx', '--out', join(dir, '.', 'cli-demo.xlsx')]]) {
      const r = await cli('report', book, ...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--out に元のブック');
    }
    const link = join(dir, 'hard-link.xlsx');
    linkSync(book, link);
    const viaLink = await cli('report', book, '--xlsx', '--out', link);
    expect(viaLink.code).toBe(2);
    expect(viaLink.err).toContain('--out に元のブック');
    expect(readFileSync(book).equals(before)).toBe(true);
    expect(statSync(book).mtimeMs).toBe(mtime);

    const pdfName = await cli('report', book, '--xlsx', '--out', join(dir, 'x.pdf'));
    expect(pdfName.code).toBe(2);
    expect(pdfName.err).toContain('.xlsx のファイルを指定');
    const noFlag = await cli('report', book, '--out', join(dir, 'y.xlsx'));
    expect(noFlag.code).toBe(2);
    expect(noFlag.err).toContain('--xlsx を付けてください');
  });
});
