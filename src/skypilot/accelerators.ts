/**
 * `resources.accelerators` (or its alias `gpus`) in every form SkyPilot reads, mapped onto skyfleet's catalogue:
 *   'H100' · 'H100:8' · 'H100:0.5' (rounded up) · {H100: 8} · {H100: 8, A100: 8} (any of) · {H100:8, A100:8} (flow
 *   keys with null values: any of) · ['H100:8', 'A100-80GB:8'] (in order of preference) · '80GB+:8',
 *   'nvidia:80GB+:8', '24GB' (any catalogue GPU with that memory).
 * Names match the catalogue without regard to case; a near miss gets a did-you-mean; TPUs, Trainium, Inferentia,
 * Gaudi and FPGAs are rejected with `skypilot.accelerator-unsupported`.
 */
import type { Issue, IssuePath } from '../core/issues.js';
import { closest } from '../scenario/suggest.js';
import { type DocCtx, isRecord, shown } from './context.js';

export interface Accelerator {
  /** The catalogue's name. */
  readonly gpu: string;
  /** Whole GPUs per node. */
  readonly count: number;
  /** As the file wrote it, for messages. */
  readonly written: string;
}

export interface AcceleratorChoice {
  readonly candidates: readonly Accelerator[];
  /** A list states an order of preference; a set or mapping does not. */
  readonly ordered: boolean;
}

/** Other spellings of catalogue GPUs seen in task files. */
const ALIASES: Readonly<Record<string, string>> = {
  'a100-40gb': 'A100',
  'a100-40g': 'A100',
  'a100-80g': 'A100-80GB',
  'h100-80gb': 'H100',
  'h100-sxm': 'H100',
  'h100-sxm5': 'H100',
  'h200-141gb': 'H200',
  'h200-sxm': 'H200',
  rtxa6000: 'A6000',
  'rtx-a6000': 'A6000',
  rtx6000ada: 'RTX6000-Ada',
  'l40-s': 'L40S',
};

/** Memory of one GPU (GB) and its maker, for the memory forms ('80GB+'). Public datasheet figures. */
const GPU_MEMORY: Readonly<Record<string, readonly [number, 'nvidia' | 'amd']>> = {
  A10: [24, 'nvidia'],
  A10G: [24, 'nvidia'],
  A100: [40, 'nvidia'],
  'A100-80GB': [80, 'nvidia'],
  A6000: [48, 'nvidia'],
  B200: [180, 'nvidia'],
  B300: [288, 'nvidia'],
  GB200: [186, 'nvidia'],
  GB300: [288, 'nvidia'],
  GH200: [96, 'nvidia'],
  H100: [80, 'nvidia'],
  'H100-MEGA': [80, 'nvidia'],
  H200: [141, 'nvidia'],
  L4: [24, 'nvidia'],
  L40: [48, 'nvidia'],
  L40S: [48, 'nvidia'],
  M60: [8, 'nvidia'],
  MI300X: [192, 'amd'],
  MI355X: [288, 'amd'],
  P100: [16, 'nvidia'],
  'RADEON-PRO-V520': [8, 'amd'],
  'RTX-PRO-4500': [32, 'nvidia'],
  'RTX-PRO-SERVER-6000': [96, 'nvidia'],
  RTX6000: [24, 'nvidia'],
  'RTX6000-Ada': [48, 'nvidia'],
  RTXA4000: [16, 'nvidia'],
  RTXPRO6000: [96, 'nvidia'],
  T4: [16, 'nvidia'],
  T4G: [16, 'nvidia'],
  V100: [16, 'nvidia'],
  'V100-32GB': [32, 'nvidia'],
};

/** Accelerators skyfleet does not broker: [test, family]. */
const UNSUPPORTED: readonly [RegExp, string][] = [
  [/^tpu/i, 'a TPU'],
  [/trainium|^trn\d/i, 'AWS Trainium'],
  [/inferentia|^inf\d/i, 'AWS Inferentia'],
  [/gaudi|^hl-?\d/i, 'Intel Gaudi'],
  [/virtex|vu9p|fpga/i, 'an FPGA'],
];

/** Problems of one candidate among several that leave it out rather than reject the file. */
const DROPPABLE: ReadonlySet<string> = new Set(['skypilot.gpu-unknown', 'skypilot.accelerator-unsupported']);

const MEMORY = /^(\d+(?:\.\d+)?)\s*([GgTt])[Bb]?(\+?)$/;

export function readAccelerators(
  ctx: DocCtx,
  value: unknown,
  at: IssuePath,
  catalogGpus: ReadonlySet<string>,
): AcceleratorChoice | undefined {
  let items: { text: string; path: IssuePath }[];
  let ordered = false;
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      ordered = t.startsWith('[');
      items = t
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
        .filter((s) => s !== '')
        .map((text) => ({ text, path: at }));
    } else items = [{ text: t, path: at }];
  } else if (isRecord(value)) {
    items = [];
    for (const [k, v] of Object.entries(value)) {
      const path = [...at, k];
      if (v === null || v === undefined) items.push({ text: k, path });
      else if (typeof v === 'number' && Number.isFinite(v)) items.push({ text: `${k}:${v}`, path });
      else {
        ctx.error('skypilot.accelerators-invalid', path, `the count of ${shown(k)} must be a number, not ${shown(v)}`);
        return undefined;
      }
    }
  } else if (Array.isArray(value)) {
    ordered = true;
    items = [];
    for (const [i, v] of value.entries()) {
      if (typeof v !== 'string') {
        ctx.error(
          'skypilot.accelerators-invalid',
          [...at, i],
          `an accelerators list holds names like 'H100:8', not ${shown(v)}`,
        );
        return undefined;
      }
      items.push({ text: v, path: [...at, i] });
    }
  } else {
    ctx.error(
      'skypilot.accelerators-invalid',
      at,
      `accelerators must be a name ('H100:8'), a mapping ({H100: 8}) or a list, not ${shown(value)}`,
    );
    return undefined;
  }
  if (items.length === 0) {
    ctx.error('skypilot.accelerators-invalid', at, 'accelerators is empty: name at least one, e.g. H100:8');
    return undefined;
  }
  const candidates: Accelerator[] = [];
  const missing: Issue[] = [];
  let failed = false;
  for (const item of items) {
    const scratch = ctx.scratch();
    const parsed = parseOne(scratch, item.text, item.path, catalogGpus);
    for (const e of scratch.errors) (DROPPABLE.has(e.code) && items.length > 1 ? missing : ctx.errors).push(e);
    if (!parsed) failed ||= items.length === 1 || scratch.errors.some((e) => !DROPPABLE.has(e.code));
    else
      for (const c of parsed) if (!candidates.some((k) => k.gpu === c.gpu && k.count === c.count)) candidates.push(c);
  }
  if (failed) return undefined;
  if (candidates.length === 0) {
    ctx.errors.push(...missing);
    return undefined;
  }
  // Among several candidates, one skyfleet cannot place is left out (SkyPilot, too, picks among those it can get).
  for (const m of missing)
    ctx.warnings.push({
      ...m,
      code: 'skypilot.candidate-dropped',
      message: `${m.message}: left out of the candidates`,
      params: { candidate: String(m.params?.gpu ?? m.params?.accelerator ?? '') },
    });
  return { candidates, ordered };
}

function parseOne(
  ctx: DocCtx,
  text: string,
  at: IssuePath,
  catalogGpus: ReadonlySet<string>,
): Accelerator[] | undefined {
  const parts = text.split(':').map((p) => p.trim());
  const bad = () => {
    ctx.error(
      'skypilot.accelerators-invalid',
      at,
      `${shown(text)}: write <name> or <name>:<count>, e.g. 'H100:8' (or a memory size such as '80GB+:8')${/\s/.test(text.trim()) ? '; several accelerators are written as a set {A100:1, H100:1} or a list, not on lines of their own' : ''}`,
    );
    return undefined;
  };
  // Memory forms: [maker:]memory[:count], memory[:count].
  const memAt = parts.findIndex((p) => MEMORY.test(p));
  if (memAt >= 0 && parts.length <= 3) {
    const maker = memAt === 1 ? (parts[0] ?? '').toLowerCase() : undefined;
    const countText = parts[memAt + 1];
    if (memAt > 1 || parts.length > memAt + 2) return bad();
    const count = countText === undefined ? 1 : wholeCount(ctx, countText, text, at);
    if (count === undefined) return undefined;
    const m = MEMORY.exec(parts[memAt] ?? '') ?? [];
    const gb = Number(m[1]) * ((m[2] ?? '').toLowerCase() === 't' ? 1024 : 1);
    const plus = m[3] === '+';
    const gpus = [...catalogGpus]
      .filter((g) => {
        const spec = GPU_MEMORY[g];
        return spec && (plus ? spec[0] >= gb : spec[0] === gb) && (maker === undefined || spec[1] === maker);
      })
      .sort((a, b) => (GPU_MEMORY[a]?.[0] ?? 0) - (GPU_MEMORY[b]?.[0] ?? 0) || (a < b ? -1 : 1));
    if (gpus.length === 0) {
      ctx.error('skypilot.gpu-unknown', at, `no GPU of skyfleet's catalogue matches ${shown(text)}`, { gpu: text });
      return undefined;
    }
    return gpus.map((gpu) => ({ gpu, count, written: text }));
  }
  if (parts.length > 2 || parts[0] === '') return bad();
  const name = parts[0] ?? '';
  const count = parts.length === 2 ? wholeCount(ctx, parts[1] ?? '', text, at) : 1;
  if (count === undefined) return undefined;
  const gpu = canonical(ctx, name, at, catalogGpus);
  return gpu === undefined ? undefined : [{ gpu, count, written: text }];
}

function wholeCount(ctx: DocCtx, countText: string, text: string, at: IssuePath): number | undefined {
  const n = Number(countText);
  if (countText === '' || !Number.isFinite(n) || n <= 0 || n > 1e6) {
    ctx.error('skypilot.accelerators-invalid', at, `${shown(text)}: the count must be a number greater than 0`);
    return undefined;
  }
  if (!Number.isInteger(n)) {
    ctx.warn(
      'skypilot.gpus-rounded',
      at,
      `${shown(text)} asks for part of a GPU: skyfleet places whole GPUs, ${Math.ceil(n)} is used`,
    );
    return Math.ceil(n);
  }
  return n;
}

/** The catalogue's name of a GPU, or an error (unsupported family, or unknown with a did-you-mean). */
export function canonical(
  ctx: DocCtx,
  name: string,
  at: IssuePath,
  catalogGpus: ReadonlySet<string>,
): string | undefined {
  for (const [test, family] of UNSUPPORTED) {
    if (test.test(name)) {
      ctx.error(
        'skypilot.accelerator-unsupported',
        at,
        `${shown(name)} is ${family}: skyfleet brokers GPUs only (see docs/skypilot.md)`,
        { accelerator: name, family },
      );
      return undefined;
    }
  }
  const lower = name.toLowerCase();
  for (const g of catalogGpus) if (g.toLowerCase() === lower) return g;
  const alias = ALIASES[lower];
  if (alias !== undefined && catalogGpus.has(alias)) return alias;
  const suggestion = closest(name, catalogGpus) ?? partOf(name, catalogGpus);
  ctx.error(
    'skypilot.gpu-unknown',
    at,
    `GPU ${shown(name)} is not in skyfleet's catalogue${suggestion ? ` (did you mean '${suggestion}'?)` : ''}${name.startsWith('$') ? ' (SkyPilot does not fill ${VAR} in resources)' : ''}`,
    { gpu: name, ...(suggestion ? { suggestion } : {}) },
  );
  return undefined;
}

/** A catalogue GPU named by one part of a longer name (`H100-NVL` → H100, `nvidia-tesla-t4` → T4), for a did-you-mean. */
function partOf(name: string, catalogGpus: ReadonlySet<string>): string | undefined {
  const byLower = new Map([...catalogGpus].map((g) => [g.toLowerCase(), g]));
  for (const part of name.toLowerCase().split(/[-_\s]+/)) {
    const g = byLower.get(part);
    if (g !== undefined) return g;
  }
  return undefined;
}
