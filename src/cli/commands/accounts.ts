/**
 * `skyfleet token create --team T | --admin`, `skyfleet token list`, `skyfleet token revoke ID` and `skyfleet team set T [--quota GPU=N…] [--budget-usd N]
 * [--budget-gpu-hours N]`, `skyfleet team list`: the admin's calls of the API (docs/api.md).
 */
import type { Command } from 'commander';
import { flagError } from '../options.js';
import { parseNumberFlag } from '../options.js';
import { escapeControl, writeStderrSync } from '../io.js';
import { callApi, clientConfig, seg } from '../client/http.js';
import { printJson } from '../client/render.js';
import { cents, table } from '../format.js';

interface Team {
  readonly name: string;
  readonly quotaGpus: Record<string, number>;
  readonly monthlyBudgetCents: number | null;
  readonly monthlyBudgetGpuHours: number | null;
}

/** `--quota H100=64` (repeatable, or comma-separated) → {H100: 64}. */
function parseQuota(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items.flatMap((s) => s.split(','))) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9_.-]{0,31})\s*=\s*(\d{1,7})\s*$/.exec(item);
    if (!m?.[1] || !m[2])
      throw flagError(
        'flag.invalid',
        `--quota must be GPU=COUNT (e.g. H100=64), not "${escapeControl(item.slice(0, 60))}"`,
      );
    out[m[1]] = Number(m[2]);
  }
  return out;
}

const budget = (flag: string, v: string | undefined, scale: number): number | null | undefined => {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  return Math.round(parseNumberFlag(flag, v, { min: 0, max: 1e12 }) * scale);
};

interface TokenView {
  readonly id: string;
  readonly team: string | null;
  readonly admin: boolean;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The tokens as a table (no secret, no hash: the API answers neither). */
export function tokenText(tokens: readonly TokenView[]): string {
  if (tokens.length === 0) return 'no tokens\n';
  return `${table(
    ['ID', 'TEAM', 'CREATED', 'REVOKED'],
    tokens.map((t) => [
      escapeControl(t.id),
      t.team === null ? (t.admin ? 'admin' : '—') : escapeControl(t.team),
      iso(t.createdAt),
      t.revokedAt === null ? '—' : iso(t.revokedAt),
    ]),
  )}\n`;
}

function teamText(teams: readonly Team[]): string {
  if (teams.length === 0) return 'no teams\n';
  return `${table(
    ['TEAM', 'QUOTA', 'BUDGET/MONTH:', 'GPU-HOURS/MONTH:'],
    teams.map((t) => [
      escapeControl(t.name),
      Object.entries(t.quotaGpus)
        .map(([g, n]) => `${escapeControl(g)}=${n}`)
        .join(',') || '—',
      t.monthlyBudgetCents === null ? '—' : cents(t.monthlyBudgetCents),
      t.monthlyBudgetGpuHours === null ? '—' : String(t.monthlyBudgetGpuHours),
    ]),
  )}\n`;
}

export function registerAccountCommands(program: Command): void {
  const token = program
    .command('token')
    .description('API tokens (create: admin; list and revoke: admin, or a team its own)');
  token
    .command('create')
    .description('create a token for a team (or --admin); its secret is printed once')
    .option('--team <team>', 'the team the token acts for')
    .option('--admin', 'an admin token instead')
    .option('--json', 'print {id, token, team, admin, createdAt} as JSON')
    .action(async (o: { team?: string; admin?: boolean; json?: boolean }) => {
      if ((o.team === undefined) === (o.admin === undefined))
        throw flagError('usage.conflicting-options', 'token create needs exactly one of --team T and --admin');
      const { body } = await callApi<{ id: string; token: string; team: string | null }>(
        clientConfig(),
        'POST',
        '/v1/tokens',
        {
          body: JSON.stringify(o.team === undefined ? { admin: true } : { team: o.team }),
          contentType: 'application/json',
        },
      );
      if (o.json) {
        printJson(body);
        return;
      }
      process.stdout.write(`${body.token}\n`);
      writeStderrSync(
        `skyfleet: token ${escapeControl(body.id)} for ${body.team === null ? 'the admin' : `team ${escapeControl(body.team)}`}: shown once, keep it (SKYFLEET_TOKEN)\n`,
      );
    });

  token
    .command('list')
    .description("the tokens, revoked ones included, oldest first: the admin's all, a team token its team's")
    .option('--json', 'print {tokens: [{id, team, admin, createdAt, revokedAt}…]} as JSON')
    .action(async (o: { json?: boolean }) => {
      const { body } = await callApi<{ tokens: TokenView[] }>(clientConfig(), 'GET', '/v1/tokens');
      if (o.json) printJson(body);
      else process.stdout.write(tokenText(body.tokens));
    });

  token
    .command('revoke')
    .description("revoke a token: the admin any, a team token its own team's; it authenticates nothing from then on")
    .argument('<id>', 'the token id (tok_…, as token create printed it)')
    .option('--json', 'print {id, team, admin, createdAt, revokedAt} as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { body } = await callApi<{ id: string; team: string | null; revokedAt: number }>(
        clientConfig(),
        'DELETE',
        `/v1/tokens/${seg(id)}`,
      );
      if (o.json) printJson(body);
      else
        process.stdout.write(
          `${escapeControl(body.id)}: revoked (${body.team === null ? 'admin' : `team ${escapeControl(body.team)}`}, at ${new Date(body.revokedAt).toISOString()})\n`,
        );
    });

  const team = program.command('team').description('teams, their GPU quotas and monthly budgets (set: admin)');
  team
    .command('set')
    .description('create or change a team; options not given keep their value, "none" clears a budget')
    .argument('<name>', 'the team')
    .option(
      '--quota <GPU=N>',
      'GPUs the team may hold at once, by model (repeatable: --quota H100=64 --quota A100=8)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--budget-usd <usd>', 'monthly budget in dollars, or none')
    .option('--budget-gpu-hours <h>', 'monthly budget in GPU-hours, or none')
    .option('--json', 'print the team as JSON')
    .action(
      async (name: string, o: { quota?: string[]; budgetUsd?: string; budgetGpuHours?: string; json?: boolean }) => {
        const usd = budget('--budget-usd', o.budgetUsd, 100);
        const hours = budget('--budget-gpu-hours', o.budgetGpuHours, 1);
        const payload = {
          ...(o.quota ? { quotaGpus: parseQuota(o.quota) } : {}),
          ...(usd === undefined ? {} : { monthlyBudgetCents: usd }),
          ...(hours === undefined ? {} : { monthlyBudgetGpuHours: hours }),
        };
        const { body } = await callApi<Team>(clientConfig(), 'PUT', `/v1/teams/${seg(name)}`, {
          body: JSON.stringify(payload),
          contentType: 'application/json',
        });
        if (o.json) printJson(body);
        else process.stdout.write(teamText([body]));
      },
    );
  team
    .command('list')
    .description('the teams (a team token: its own)')
    .option('--json', 'print {teams: […]} as JSON')
    .action(async (o: { json?: boolean }) => {
      const { body } = await callApi<{ teams: Team[] }>(clientConfig(), 'GET', '/v1/teams');
      if (o.json) printJson(body);
      else process.stdout.write(teamText(body.teams));
    });
}
