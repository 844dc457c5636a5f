/**
 * A strict RFC 4180 reader for the conformance test, written apart from the exporter and from src/core/csv.ts so
 * the test does not read the export with the code that wrote it. Records end in CRLF (RFC 4180 §2.1); a field is
 * either bare (no comma, quote, CR or LF) or quoted, with an inner quote doubled (§2.5–2.7); every record has the
 * header's field count (§2.4). The bytes must be UTF-8 (FOCUS StringHandling: valid Unicode), without a BOM.
 * An empty bare field is null (FOCUS NullHandling); a quoted empty field "" is an empty string, which FOCUS forbids.
 */

export interface CsvTable {
  readonly header: readonly string[];
  /** Cells by column name; null for an empty bare field. */
  readonly rows: readonly Readonly<Record<string, string | null>>[];
}

export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) throw new Error('UTF-8 byte order mark');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** One record's fields (null = empty bare field) and where the next record starts. */
function record(text: string, at: number, line: number): { fields: (string | null)[]; next: number } {
  const fields: (string | null)[] = [];
  let i = at;
  for (;;) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`record ${line}: unterminated quoted field`);
        v += text.slice(i, q);
        if (text[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(v);
    } else {
      let j = i;
      while (j < text.length && !',\r\n"'.includes(text[j] ?? '')) j++;
      if (text[j] === '"') throw new Error(`record ${line}: a quote inside a bare field`);
      fields.push(j === i ? null : text.slice(i, j));
      i = j;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) return { fields, next: i + 2 };
    throw new Error(`record ${line}: a record must end in CRLF`);
  }
}

export function readCsv(text: string): CsvTable {
  const first = record(text, 0, 1);
  const header = first.fields.map((h) => {
    if (h === null) throw new Error('an empty column name');
    return h;
  });
  const rows: Record<string, string | null>[] = [];
  let at = first.next;
  let line = 2;
  while (at < text.length) {
    const r = record(text, at, line);
    if (r.fields.length !== header.length)
      throw new Error(`record ${line}: ${r.fields.length} fields, the header has ${header.length}`);
    rows.push(Object.fromEntries(header.map((h, k) => [h, r.fields[k] ?? null])));
    at = r.next;
    line++;
  }
  return { header, rows };
}
