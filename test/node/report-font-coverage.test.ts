/** The glyph check before the report's PDF: the font's cmap, and where a missing character came from. */
import { readFileSync } from 'node:fs';
import { calendarDate } from '../../src/core/calendar';
import { rollupWorkbook } from '../../src/core/jobs';
import { buildReport } from '../../src/core/report';
import { fontCodePoints, missingCharacters } from '../../src/node/report/font-coverage';
import { demoBook } from '../support/plans';

const font = (weight: string) =>
  fontCodePoints(readFileSync(require.resolve(`@expo-google-fonts/biz-udpgothic/${weight}/BIZUDPGothic_${weight}.ttf`)));

/** A font file holding only a cmap with one format-4 subtable: A–C by delta, あ by the glyph array, ぃ mapped to 0. */
function format4Font(): Uint8Array {
  const segs = [
    { start: 0x41, end: 0x43, delta: -0x40, range: 0 },
    { start: 0x3042, end: 0x3043, delta: 0, range: 4 },
    { start: 0xffff, end: 0xffff, delta: 1, range: 0 },
  ];
  const glyphIds = [7, 0];
  const sub: number[] = [4, 0, 0, segs.length * 2, 0, 0, 0, ...segs.map((s) => s.end), 0, ...segs.map((s) => s.start), ...segs.map((s) => s.delta & 0xffff), ...segs.map((s) => s.range), ...glyphIds];
  const cmap = [0, 1, 3, 1, 0, 12]; // version, count, (platform 3, encoding 1, offset 12 as two u16)
  const words = [...cmap, ...sub];
  const bytes = new Uint8Array(12 + 16 + words.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, 1);
  bytes.set([...'cmap'].map((c) => c.charCodeAt(0)), 12);
  view.setUint32(12 + 8, 28);
  view.setUint32(12 + 12, words.length * 2);
  words.forEach((w, i) => view.setUint16(28 + i * 2, w));
  return bytes;
}

describe('font coverage', () => {
  test('BIZ UDPGothic has the report\'s characters and lacks 𠮷', () => {
    for (const weight of ['400Regular', '700Bold']) {
      const cps = font(weight);
      expect(cps.size).toBeGreaterThan(7000);
      for (const ch of '令和2年度（2020年度）研修参加人数−・％%▲ABCabc,.:【】「」…') expect([ch, cps.has(ch.codePointAt(0)!)]).toEqual([ch, true]);
      expect(cps.has('𠮷'.codePointAt(0)!)).toBe(false);
    }
  });

  test('a format-4 cmap: ranges by delta and by glyph array, glyph 0 as missing', () => {
    const cps = fontCodePoints(format4Font());
    expect([...cps].sort((a, b) => a - b)).toEqual([0x41, 0x42, 0x43, 0x3042]);
  });

  test('each missing character is named once per place, with the place in Japanese', () => {
    const { analysis, settings } = rollupWorkbook(demoBook());
    const model = buildReport(analysis, settings, { audience: 'internal', dataDate: calendarDate(2021, 5, 31) });
    model.cover.planTitle = '𠮷田市 計画';
    model.otherPlans[0]!.reason = '𠮷のため';
    model.plans[1]!.indicators[0]!.name = '𠮷𠮷件数';
    const covered = font('400Regular');
    const missing = missingCharacters(model, covered, [{ text: '\n\t', where: 'テンプレート' }]);
    expect(missing.map((m) => [m.char, m.codePoint, m.where])).toEqual([
      ['𠮷', 'U+20BB7', '表紙 計画名'],
      ['𠮷', 'U+20BB7', 'No.2 指標「𠮷𠮷件数」 指標名'],
      ['𠮷', 'U+20BB7', 'No.3（個別ページなし） 理由'],
    ]);
  });

  test('the demo report has no character the font lacks', () => {
    const { analysis, settings } = rollupWorkbook(demoBook());
    for (const audience of ['internal', 'public'] as const)
      expect(missingCharacters(buildReport(analysis, settings, { audience, dataDate: calendarDate(2021, 5, 31) }), font('400Regular'))).toEqual([]);
  });
});
