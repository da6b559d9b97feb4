/** Picks the delimiter of a header line: tab, comma or semicolon, whichever occurs most. */
export function sniffDelimiter(header: string, path: string): string {
  if (/\.tsv$/i.test(path)) return "\t";
  let best = ",";
  let bestCount = 0;
  for (const d of [",", "\t", ";"]) {
    const count = header.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Whether a line leaves a quoted field open (an odd number of quote characters). */
export function opensQuote(line: string): boolean {
  let n = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) n++;
  return n % 2 === 1;
}

/** Splits one CSV record (RFC 4180 quoting, `""` as an escaped quote). */
export function splitCsvLine(line: string, delim: string): string[] {
  if (line.indexOf('"') === -1) return line.split(delim);
  const out: string[] = [];
  let field = "";
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delim) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}
