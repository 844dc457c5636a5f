/** Text for the client commands: a workload, a list of them, an explanation. Server data is escaped before it is
 * printed (a name may hold anything a terminal interprets). */
import type { Cause } from '../../control/records.js';
import type { Explanation, WorkloadView } from '../../app/control/api.js';
import { escapeControl } from '../io.js';
import { cents, table } from '../format.js';

const e = (s: unknown): string => escapeControl(String(s));

export function causeText(c: Cause | null | undefined): string {
  if (!c) return '—';
  const params = c.params && Object.keys(c.params).length > 0 ? ` ${JSON.stringify(c.params)}` : '';
  return e(`${c.code}${c.source ? ` (${c.source})` : ''}${params}`);
}

export function placementText(w: Pick<WorkloadView, 'placement' | 'groups'>): string {
  const p = w.placement;
  if (!p) return w.groups ? `${w.groups.length} replica groups` : '—';
  return e(
    `${p.provider} ${p.region} ${p.instanceType} ×${p.instances} (${p.gpu}×${p.gpusPerInstance}, ${p.spot ? 'spot' : 'on-demand'}, ${cents(p.pricePerInstanceHourCents)}/instance-hour)`,
  );
}

export function workloadText(w: WorkloadView): string {
  const lines = [
    `${e(w.id)}  ${e(w.spec.name)}  team ${e(w.team)}  ${w.state}`,
    `  placement:   ${placementText(w)}`,
    `  waiting for: ${causeText(w.waitingFor)}`,
    `  attempt ${w.attempt}, version ${w.version}, updated ${new Date(w.updatedAt).toISOString()}`,
  ];
  if (w.checkpoint)
    lines.push(`  checkpoint:  ${w.checkpoint.workDone} GPU-hours at ${new Date(w.checkpoint.at).toISOString()}`);
  for (const g of w.groups ?? [])
    lines.push(
      `  group ${e(g.id)} (${e(g.geo)}) ${g.state}: ${placementText({ placement: g.placement })}` +
        (g.waitingFor ? `, waiting for ${causeText(g.waitingFor)}` : ''),
    );
  return `${lines.join('\n')}\n`;
}

export function listText(ws: readonly WorkloadView[]): string {
  if (ws.length === 0) return 'no workloads\n';
  return `${table(
    ['ID', 'NAME', 'TEAM', 'STATE', 'PLACEMENT'],
    ws.map((w) => [
      e(w.id),
      e(w.spec.name),
      e(w.team),
      w.state,
      w.placement
        ? e(`${w.placement.provider}/${w.placement.region} ${w.placement.instanceType}×${w.placement.instances}`)
        : '—',
    ]),
  )}\n`;
}

export function explainText(x: Explanation): string {
  const lines = [`${e(x.workloadId)}: ${x.state}`, `  chosen:      ${causeText(x.chosen)}`];
  if (x.chosen?.effectiveCostCents !== undefined) lines.push(`  effective cost: ${cents(x.chosen.effectiveCostCents)}`);
  lines.push(`  waiting for: ${causeText(x.waitingFor)}`);
  if (x.rejections.length > 0) lines.push('  rejected:', ...x.rejections.map((r) => `    ${causeText(r)}`));
  return `${lines.join('\n')}\n`;
}

export const printJson = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
