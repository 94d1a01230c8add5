/**
 * The command line gives the same results whatever the machine's time zone (issue 11): an .xlsx date is a serial,
 * read and written back as the same calendar day, and a date where a fiscal year is expected is read by its day.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';
import { MACHINE_ZONES, inLocalTimeZoneAsync } from '../support/time-zone';

const dir = mkdtempSync(join(tmpdir(), 'shinchoku-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The cell right of the first cell that reads `label`. */
function besideLabel(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && cell.value === label) found = row.getCell(Number(cell.col) + 1);
    }),
  );
  if (!found) throw new Error(`no ${label} on ${ws.name}`);
  return found;
}

/** A demo plan whose 評価年度 is a date (2021/4/1, so FY2021) and whose 税制課 was submitted on a date (2021/6/30). */
let input: string;
beforeAll(async () => {
  input = join(dir, 'input.xlsx');
  expect((await cli('init', input, '--demo')).code).toBe(0);
  const wb = await load(input);
  // exceljs writes a Date by its UTC fields: these are those calendar days.
  besideLabel(wb.getWorksheet('設定')!, '評価年度').value = new Date(Date.UTC(2021, 3, 1));
  const tab = wb.getWorksheet('税制課')!;
  besideLabel(tab, '提出状況').value = '提出済';
  const date = besideLabel(tab, '提出日');
  date.value = new Date(Date.UTC(2021, 5, 30));
  date.numFmt = 'yyyy/m/d';
  await wb.xlsx.writeFile(input);
});

/** setup, validate and rollup on a copy of the input, with the machine in `zone`; what they print and keep. */
async function runIn(zone: string) {
  return inLocalTimeZoneAsync(zone, async () => {
    const book = join(dir, `${zone.replace('/', '-')}.xlsx`);
    copyFileSync(input, book);
    const setup = await cli('setup', book);
    const validate = await cli('validate', book, '--json');
    const rolledUp = join(dir, `${zone.replace('/', '-')}-rollup.xlsx`);
    const rollup = await cli('rollup', book, '--json', '--out', rolledUp);
    const submitted = besideLabel((await load(book)).getWorksheet('税制課')!, '提出日').value;
    const title = (await load(rolledUp)).getWorksheet('達成状況')!.getCell('A1').value;
    return { setup: setup.out, validate: validate.out, rollup: rollup.out, submitted, title };
  });
}

test('setup, validate and rollup give the same results under TZ=UTC, America/New_York and Asia/Tokyo', async () => {
  const results = [];
  for (const zone of MACHINE_ZONES) results.push(await runIn(zone));
  const [first, ...others] = results;
  for (const r of others) expect(r).toEqual(first);

  // The date kept by setup is still 2021/6/30 (its serial at UTC midnight, as exceljs reads it).
  expect((first!.submitted as Date).getTime()).toBe(Date.UTC(2021, 5, 30));
  // 評価年度 2021/4/1 is FY2021.
  expect(first!.title).toMatch(/評価年度: 2021年度/);
  const rollup = JSON.parse(first!.rollup) as { submissions: { department: string; submittedAt: unknown }[] };
  expect(rollup.submissions.find((s) => s.department === '税制課')!.submittedAt).toBe('2021-06-30');
});
