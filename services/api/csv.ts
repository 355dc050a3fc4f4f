/**
 * CSV cells per RFC 4180 (quote when a cell holds a quote, comma, CR or LF; double the quotes),
 * and against formula injection (OWASP): a cell starting with = + - @ (or a tab/CR) is prefixed
 * with a single quote so spreadsheets show it as text.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(';') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
