/** docs/codes.md, made from the catalogue (src/core/codes.ts): `npx tsx scripts/gen-codes.ts` writes it, and
 * test/codes.test.ts fails when the committed file is stale. */
import { CODES, type Code, type CodeSource } from './codes.js';

const SECTIONS: readonly { readonly source: CodeSource; readonly title: string; readonly intro: string }[] = [
  {
    source: 'loader',
    title: 'Scenario loader',
    intro: 'Problems in a scenario, catalog or throughput file: an Issue with a path into the input and file:line:col.',
  },
  {
    source: 'engine',
    title: 'Engine',
    intro:
      'Reasons the planner gives as data, `{code, source, params}`: filter rejections, why-not causes, the ' +
      "solver's unplaced reasons, explain notes and violations. `source` names the filter, stage or rule.",
  },
  { source: 'simulator', title: 'Simulator', intro: 'Problems in traces, incident archives and simulation runs.' },
  { source: 'solver', title: 'Exact solver', intro: 'Errors of the HiGHS adapter (the planner falls back to greedy).' },
  {
    source: 'control',
    title: 'Control plane',
    intro:
      'Causes of workload transitions in `skyfleet serve` (each event carries one as `{code, source, params}`), ' +
      "refusals of API requests (the problem document's `type`) and provider errors. docs/control-plane.md.",
  },
  {
    source: 'cli',
    title: 'Command line',
    intro: 'Usage errors, flags, files and what-if options; printed as `skyfleet: <message> [<code>]`, exit 2.',
  },
  {
    source: 'api',
    title: 'HTTP API',
    intro:
      'The `type` of the RFC 9457 problem documents `skyfleet serve` answers with (docs/api.md), and the errors of ' +
      'its client commands; the client prints a problem as `skyfleet: <detail> [<type>]`.',
  },
  {
    source: 'store',
    title: 'Store',
    intro: "Errors of the control plane's store (src/store, docs/store.md): opening, migrating, limits.",
  },
  {
    source: 'skypilot',
    title: 'SkyPilot task files',
    intro:
      'Problems and warnings of the SkyPilot task importer (src/skypilot, docs/skypilot.md), each at file:line:col. ' +
      'Errors reject the file (exit 2); warnings name a field that is read but not honoured as written.',
  },
  {
    source: 'provider',
    title: 'Providers and the sandbox cloud',
    intro:
      "A provider call's failure (`ProviderError` with `code` and `retryable`, src/control/ports.ts), the sandbox " +
      "cloud's answers and its configuration and fault API problems (docs/sandbox.md).",
  },
];

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCodesMarkdown(): string {
  const out: string[] = [
    '# Codes',
    '',
    '<!-- Generated from src/core/codes.ts by `npx tsx scripts/gen-codes.ts`; do not edit by hand. -->',
    '',
    'Every stable, machine-readable code skyfleet emits. A code never changes its meaning; the words printed with it',
    'may. Issues (input problems) carry `code`, `path`, `message` and sometimes `params`; the engine returns reasons',
    'as `{code, source, params}` and the plan JSON carries them next to the words (docs/plan-schema.md). The words',
    'are made from the code and its params in one place, src/messages.',
    '',
    'Families written `why.<filter>` and `rejected.<filter>` exist for every filter of the plan pipeline.',
  ];
  const codes = Object.keys(CODES) as Code[];
  for (const s of SECTIONS) {
    out.push(
      '',
      `## ${s.title}`,
      '',
      s.intro,
      '',
      '| code | source | params | meaning | example |',
      '|---|---|---|---|---|',
    );
    for (const code of codes) {
      const c = CODES[code];
      if (c.source !== s.source) continue;
      out.push(`| \`${code}\` | ${c.source} | ${cell(c.params)} | ${cell(c.meaning)} | ${cell(c.example)} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
