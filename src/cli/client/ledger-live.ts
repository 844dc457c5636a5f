/**
 * `skyfleet ledger` with no `--from`: the ledger of the running control plane (GET /v1/ledger and /v1/ledger/focus at
 * SKYFLEET_URL, with SKYFLEET_TOKEN or the admin token file), printed as the `--from` path prints its own — text,
 * `--json` (the same LedgerView, `billedUsd` included), `--csv` — and `--focus DIR` writes the two FOCUS 1.3 files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerView } from '../../app/ledger-types.js';
import { excerpt } from '../../core/excerpt.js';
import { UserError, writeStderrSync } from '../io.js';
import { flagError } from '../options.js';
import { focusWritten, printLedgerView } from '../render-ledger.js';
import { callApi, clientConfig } from './http.js';

export interface LiveLedgerOptions {
  readonly since?: string;
  readonly until?: string;
  readonly focus?: string;
  readonly json?: boolean;
  readonly csv?: string | boolean;
  readonly report?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export async function liveLedger(o: LiveLedgerOptions): Promise<void> {
  if (o.report !== undefined)
    throw flagError(
      'flag.invalid',
      '--report needs --from (a simulation or a plan); the control plane ledger prints text, --json, --csv or --focus',
    );
  const q = new URLSearchParams();
  for (const [flag, v, key] of [
    ['--since', o.since, 'from'],
    ['--until', o.until, 'to'],
  ] as const) {
    if (v === undefined) continue;
    if (!DATE.test(v) || !Number.isFinite(Date.parse(v)))
      throw flagError('flag.invalid', `${flag} must be a date (2026-12-01) or a UTC date-time, not "${excerpt(v)}"`);
    q.set(key, v);
  }
  const qs = q.size > 0 ? `?${q.toString()}` : '';
  const cfg = clientConfig();
  if (o.focus !== undefined) {
    const { body } = await callApi<{ costAndUsage: string; contractCommitment: string }>(
      cfg,
      'GET',
      `/v1/ledger/focus${qs}`,
    );
    try {
      mkdirSync(o.focus, { recursive: true });
      writeFileSync(join(o.focus, 'cost_and_usage.csv'), body.costAndUsage);
      writeFileSync(join(o.focus, 'contract_commitment.csv'), body.contractCommitment);
    } catch (e) {
      throw new UserError(
        `--focus ${excerpt(o.focus, 200)}: cannot write it (${(e as NodeJS.ErrnoException).code ?? 'error'}) [output.unwritable]`,
      );
    }
    const rows = (s: string): number => Math.max(0, s.split('\n').filter((l) => l !== '').length - 1);
    writeStderrSync(focusWritten(o.focus, rows(body.costAndUsage), rows(body.contractCommitment)));
  }
  const { body: view } = await callApi<LedgerView>(cfg, 'GET', `/v1/ledger${qs}`);
  printLedgerView(view.source.scenario, view, o);
}
