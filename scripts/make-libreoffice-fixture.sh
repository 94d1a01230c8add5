#!/usr/bin/env bash
# Makes test/fixtures/libreoffice/demo-libreoffice.xlsx: the demo book as LibreOffice Calc saves it (issue 13,
# item 1; attack report rows 1.18–1.20, appendix D).
#
#   1. `shinchoku init <tmp>/demo.xlsx --demo` (the project's own CLI; run `npm run build` first);
#   2. people's additions, written with exceljs (see PEOPLE below): a comment with one bold word and mixed
#      Latin/CJK comments on department tabs, an italic word in a 計画マスタ 備考, a note on 計画マスタ, and a
#      people's sheet メモ with rich text, a cross-sheet formula, a merge and notes on empty cells
#      (D2 in a row with a value, C8 in a row with none);
#   3. a round trip through LibreOffice Calc headless:
#      soffice --headless --norestore --convert-to xlsx --outdir <dir> <file>
#      with a private profile (-env:UserInstallation), so no user setting takes part.
#
# LibreOffice stores every cell whose text mixes Latin and CJK characters as rich text: one run per script, each
# with its own font (rFont "Noto Sans CJK SC" for the CJK runs, "Calibri" for the Latin ones, as fontconfig chose
# them on the machine that made the file). exceljs reads those cells as rich-text values, which is what the
# streaming writer once mixed up (every rich-text cell got the first rich text's string).
#
# The committed file was made with Debian 12's LibreOffice 7.4.7.2 (package libreoffice-calc-nogui
# 4:7.4.7-1+deb12u14) and exceljs 4.4.0: 280 shared strings, 125 of them rich text (355 runs); exceljs reads 374
# rich-text cells of 962. Details in test/fixtures/libreoffice/README.md.
#
# Run by hand (CI has no LibreOffice; the tests use the committed file):
#   apt-get install -y libreoffice-calc-nogui && npm run build && scripts/make-libreoffice-fixture.sh
#
# Reproducible in content: the same LibreOffice, exceljs and fonts give the same parts, except the zip's own
# timestamps and, now and then, the style index of a few empty 実績 cells (LibreOffice picks one of equivalent
# unlocked styles). Other fonts may split runs differently.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/test/fixtures/libreoffice"
out="$out_dir/demo-libreoffice.xlsx"

command -v soffice >/dev/null || { echo "soffice not found: apt-get install -y libreoffice-calc-nogui" >&2; exit 2; }
[ -f "$root/dist/cli.js" ] || { echo "dist/cli.js not found: run npm run build first" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/shinchoku-lo-fixture-XXXXXX")"
profile="/tmp/lo-profile-$$"
trap 'rm -rf "$work" "$profile"' EXIT

cd "$root"
node bin/shinchoku.js init "$work/demo.xlsx" --demo >/dev/null

# PEOPLE: what people add to the book in Excel before someone opens it in LibreOffice.
node - "$work/demo.xlsx" "$work/people.xlsx" <<'PEOPLE'
const ExcelJS = require('exceljs');
(async () => {
  const [from, to] = process.argv.slice(2);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  const fixed = new Date('2021-04-01T00:00:00Z');
  wb.created = fixed;
  wb.modified = fixed;
  const sheet = (name) => {
    const s = wb.getWorksheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  };
  // Department tabs: 2020 comments (column J) and a 2019 comment (G).
  sheet('税制課').getCell('J4').value = { richText: [{ text: '重要: ', font: { bold: true } }, { text: '窓口の混雑で遅れ' }] };
  sheet('情報政策室').getCell('J4').value = 'LGWAN 接続は 2020 年 10 月に完了';
  sheet('情報政策室').getCell('G4').value = { richText: [{ text: '前年比 ' }, { text: '+2.1pt', font: { italic: true } }] };
  sheet('市民課').getCell('J4').value = 'マイナンバーカード交付 3,200 枚（前年比 120%）';
  // 計画マスタ: an italic word in a 備考, a note on a 指標名 cell.
  const master = sheet('計画マスタ');
  master.getCell('P2').value = { richText: [{ text: '利用率の' }, { text: '平均', font: { italic: true } }, { text: '（Web 申請を含む）' }] };
  master.getCell('E4').note = '令和3年度に見直し予定';
  // A people's sheet.
  const memo = wb.addWorksheet('メモ');
  memo.getCell('A1').value = { richText: [{ text: '議事録 ', font: { bold: true } }, { text: '5月10日' }] };
  memo.getCell('A2').value = { richText: [{ text: 'Wi-Fi ' }, { text: '公衆無線LAN', font: { underline: true } }, { text: ' 整備' }] };
  memo.getCell('A3').value = '重要：予算要求';
  memo.getCell('B1').value = { formula: "'税制課'!I4", result: '課税証明 1,730件 住民票等 36,104件' };
  memo.getCell('A5').value = 'ICT 推進会議（第 2 回）';
  memo.mergeCells('A5:C5');
  memo.getCell('D2').note = '次回までに確認';
  memo.getCell('C8').note = '空の行にもメモ';
  memo.getColumn(1).width = 30;
  await wb.xlsx.writeFile(to);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
PEOPLE

soffice "-env:UserInstallation=file://$profile" --headless --norestore --convert-to xlsx --outdir "$work/lo" "$work/people.xlsx" >/dev/null
mkdir -p "$out_dir"
cp "$work/lo/people.xlsx" "$out"

sst="$(unzip -p "$out" xl/sharedStrings.xml)"
echo "wrote $out ($(wc -c <"$out") bytes) with $(soffice --version | head -n 1)"
echo "shared strings: $(grep -o '<si>' <<<"$sst" | wc -l), rich text: $(grep -o '<si><r>' <<<"$sst" | wc -l), runs: $(grep -o '<r>' <<<"$sst" | wc -l)"
