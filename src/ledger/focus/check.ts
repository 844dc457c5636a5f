/**
 * The conformance checker (pure): parses an export's two CSV files (RFC 4180, core/csv.ts) and runs every rule of
 * rules.ts over them; returns the findings, each with its rule id (none: the export conforms).
 */
import { parseCsv } from '../../core/csv.js';
import { type FocusRow, type FocusTables, RULES, type Rule } from './rules.js';

export interface Violation {
  readonly rule: string;
  readonly file: string;
  /** 1-based data row (header excluded), when about one row. */
  readonly row?: number;
  readonly message: string;
}

const FILES = { cost_and_usage: 'cost_and_usage.csv', contract_commitment: 'contract_commitment.csv' } as const;

function table(text: string, file: string): { header: string[]; rows: FocusRow[] } {
  const t = parseCsv(text, file);
  if (!t.ok) throw new Error(`${file}: ${t.issues.map((i) => i.message).join('; ')}`);
  const header = [...t.value.header.fields];
  const rows = t.value.records.map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])));
  return { header, rows };
}

export function checkFocus(
  files: { costAndUsage: string; contractCommitment: string },
  rules: readonly Rule[] = RULES,
): Violation[] {
  const t: FocusTables = {
    costAndUsage: table(files.costAndUsage, FILES.cost_and_usage),
    contractCommitment: table(files.contractCommitment, FILES.contract_commitment),
  };
  const out: Violation[] = [];
  for (const rule of rules) {
    const file = FILES[rule.dataset];
    if (rule.row) {
      const rows = rule.dataset === 'cost_and_usage' ? t.costAndUsage.rows : t.contractCommitment.rows;
      rows.forEach((r, i) => {
        const m = rule.row?.(r);
        if (m !== undefined) out.push({ rule: rule.id, file, row: i + 1, message: m });
      });
    }
    if (rule.table)
      for (const f of rule.table(t))
        out.push({ rule: rule.id, file, ...(f.row !== undefined ? { row: f.row + 1 } : {}), message: f.message });
  }
  return out;
}
