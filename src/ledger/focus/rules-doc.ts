/** docs/focus-rules.md, made from the rules table (rules.ts): written by scripts/gen-focus-rules.ts, checked by
 * test/focus-rules-doc.test.ts. */
import { RULES } from './rules.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderRulesMarkdown(): string {
  const rows = RULES.map(
    (r) =>
      `| \`${r.id}\` | ${r.dataset === 'cost_and_usage' ? 'Cost and Usage' : 'Contract Commitment'} | ${cell(r.spec)} | ${cell(r.says)} | ${r.row ? 'row' : 'dataset'} |`,
  );
  return `# FOCUS 1.3 conformance rules

Generated from \`src/ledger/focus/rules.ts\` by \`npx tsx scripts/gen-focus-rules.ts\` (test/focus-rules-doc.test.ts
fails when this file is stale). Each rule is data: an id (skyfleet's own; FOCUS numbers no requirement), the dataset,
the FOCUS 1.3 section it is read from, what it requires, and whether it looks at one row or the whole export. The
checker (\`src/ledger/focus/check.ts\`) runs every rule over \`cost_and_usage.csv\` and \`contract_commitment.csv\`;
docs/ledger.md explains the export.

${RULES.length} rules.

| id | dataset | FOCUS 1.3 | requires | scope |
|---|---|---|---|---|
${rows.join('\n')}
`;
}
