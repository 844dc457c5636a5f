/**
 * loadScenarioText: a scenario file (YAML, or JSON, which is YAML) -> Scenario, or every problem found.
 *
 *   1. YAML syntax (with a LineCounter): a syntax error stops here, each one with its line and column.
 *   2. The zod schema over the whole document: every structural and unit problem.
 *   3. Semantic checks on every part that passed its own schema (a broken workload does not hide a broken
 *      contract): names against the catalog, dates against terms, ids, throughput, …
 *   4. Every issue gets file, line and col from its path (or its nearest existing parent); issues come sorted by place.
 * Never throws, never prints, no I/O: the caller reads the file and the reference data.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { capIssues, excerpt, fail, ok, type Issue, type Result } from '../core/issues.js';
import type { Catalog, Scenario } from '../core/types.js';
import { convertContracts } from './contracts.js';
import { Ctx, indexCatalog, must } from './context.js';
import { MAX_BUCKETS, MAX_NESTING } from './limits.js';
import { locate, type Locator, type Place } from './locate.js';
import { checkYamlTree, isBlankOrComments, jsonOffsets, jsonSuspectKeys, tooDeep } from './structure.js';
import { checkContractNames, checkWorkloadNames } from './names.js';
import { convertPolicy } from './policy.js';
import { convertProviders } from './providers.js';
import {
  ContractSchema,
  HorizonSchema,
  PolicySchema,
  ProviderSchema,
  ScenarioFileSchema,
  WorkloadSchema,
  type ScenarioFile,
} from './schema.js';
import { didYouMean } from './suggest.js';
import { addDuration, parseDuration, parseInstant } from './units.js';
import { convertWorkloads } from './workloads.js';
import { zodIssues } from './zod-issues.js';

export const DEFAULT_BUCKET = '1mo';

export interface Reference {
  readonly catalog: Catalog;
  readonly throughput: Record<string, number>;
}

type FileParts = {
  name?: string | undefined;
  horizon?: ScenarioFile['horizon'] | undefined;
  throughput?: Record<string, number> | undefined;
  providers: Record<string, z.infer<typeof ProviderSchema> | undefined>;
  contracts: (z.infer<typeof ContractSchema> | undefined)[];
  policies?: z.infer<typeof PolicySchema> | undefined;
  workloads: (z.infer<typeof WorkloadSchema> | undefined)[];
};

/** A JSON document (the machine-made kind, often large) is read with JSON.parse, 20–50× faster than the YAML
 * reader, and its issues are placed by a JSON scan (jsonOffsets); the YAML reader runs only when JSON.parse refuses
 * the text. A duplicate key (JSON.parse keeps the last one silently) or a `__proto__` key is an issue. */
function fastJson(text: string, file: string): { raw: unknown } | { issues: Issue[] } | undefined {
  if (text.trimStart()[0] !== '{') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  const suspect = jsonSuspectKeys(text);
  if (suspect.length === 0) return { raw };
  const lines = lineCounter(text);
  return {
    issues: suspect.map((k) => ({
      code: k.code,
      path: [],
      file,
      ...lines.linePos(k.offset),
      message:
        k.code === 'key.forbidden'
          ? "the key '__proto__' is not allowed (it names a JavaScript internal, never a field)"
          : `the key '${excerpt(k.key)}' appears twice in the same mapping (which one was meant?)`,
    })),
  };
}

function lineCounter(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lines.addNewLine(k + 1);
  return lines;
}

export function loadScenarioText(text: string, file: string, ref: Reference): Result<Scenario> {
  if (isBlankOrComments(text)) {
    return fail([
      {
        code: 'file.empty',
        path: [],
        message: 'the file is empty: a scenario needs name, horizon, providers and workloads (docs/scenario.md)',
        file,
        line: 1,
        col: 1,
      },
    ]);
  }
  // Before any parser runs (the YAML reader recurses once per level, and dies of a stack overflow near 1,000).
  const deep = tooDeep(text);
  if (deep) {
    const pos = lineCounter(text).linePos(deep.offset);
    return fail([
      {
        code: 'yaml.too-deep',
        path: [],
        message: `the document is nested deeper than ${MAX_NESTING} levels, the limit (docs/limits.md)`,
        file,
        line: pos.line,
        col: pos.col,
      },
    ]);
  }
  const json = fastJson(text, file);
  if (json && 'issues' in json) return fail(capIssues(json.issues));
  let raw: unknown = json?.raw;
  let parsed: { doc: Document; lines: LineCounter; locator: Locator } | undefined;
  const yamlDoc = (): { doc: Document; lines: LineCounter; locator: Locator } => {
    if (parsed) return parsed;
    const lines = new LineCounter();
    // Duplicate keys are found by checkYamlTree, in linear time (the library's `uniqueKeys` is quadratic).
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const facts = doc.errors.length === 0 ? checkYamlTree(doc, lines, file) : { issues: [], aliasTargets: new Map() };
    parsed = { doc, lines, locator: { doc, lines, aliasTargets: facts.aliasTargets, keys: new WeakMap() } };
    treeIssues = facts.issues;
    return parsed;
  };
  let treeIssues: Issue[] = [];
  if (raw === undefined) {
    const { doc, lines } = yamlDoc();
    if (doc.errors.length > 0) {
      return fail(
        capIssues(
          doc.errors.map((e) => {
            const pos = lines.linePos(e.pos[0]);
            return {
              code: 'yaml.syntax',
              path: [],
              message: e.message.split('\n')[0] ?? 'YAML syntax error',
              file,
              line: pos.line,
              col: pos.col,
            };
          }),
        ),
      );
    }
    if (treeIssues.length > 0) return fail(capIssues(treeIssues));
    try {
      raw = doc.toJS({ maxAliasCount: -1 }); // checkYamlTree bounded the aliases already
    } catch (e) {
      return fail([
        {
          code: 'yaml.invalid',
          path: [],
          message: e instanceof Error ? (e.message.split('\n')[0] ?? '') : 'the YAML cannot be read',
          file,
          line: 1,
          col: 1,
        },
      ]);
    }
  }
  const full = ScenarioFileSchema.safeParse(raw);
  const issues: Issue[] = full.success ? [] : zodIssues(full.error.issues);
  const parts: FileParts = full.success ? { ...full.data, contracts: full.data.contracts ?? [] } : partial(raw);
  const { scenario, semantic } = convert(parts, raw, ref);
  issues.push(...semantic);
  if (issues.length > 0 || !scenario) {
    let places: Place[];
    if (json) {
      const lines = lineCounter(text);
      places = jsonOffsets(
        text,
        issues.map((i) => i.path),
      ).map((o) => lines.linePos(o));
    } else {
      const { locator } = yamlDoc();
      places = issues.map((i) => locate(locator, i.path));
    }
    const placed = issues.map((i, k) => ({ ...i, file, line: places[k]!.line, col: places[k]!.col }));
    placed.sort((a, b) => a.line - b.line || a.col - b.col);
    return fail(capIssues(dedupe(placed)));
  }
  return ok(scenario);
}

function convert(f: FileParts, raw: unknown, ref: Reference): { scenario?: Scenario; semantic: Issue[] } {
  const horizon = f.horizon ? horizonOf(f.horizon) : undefined;
  const top = isRecord(raw) ? raw : {};
  const declared = new Set(isRecord(top.providers) ? Object.keys(top.providers) : []);
  const ctx = new Ctx(indexCatalog(ref.catalog), declared, horizon && { start: horizon.start, end: horizon.end });
  const throughput = { ...ref.throughput, ...(f.throughput ?? {}) };
  for (const g of Object.keys(f.throughput ?? {})) {
    if (!ctx.catalog.gpus.has(g))
      ctx.report(
        'gpu.unknown',
        ['throughput', g],
        `GPU model '${g}' is not in the catalog${didYouMean(g, ctx.catalog.gpus)}`,
      );
  }
  if (horizon && !(horizon.bucketHours >= 1)) {
    // Buckets are whole hours at least (the engine's capacity and price steps); a shorter one was silently made 1h.
    ctx.report(
      'horizon.bucket-too-short',
      ['horizon', 'bucket'],
      'the bucket must be at least 1h (capacity, prices and billing are stepped per bucket)',
    );
  }
  if (horizon && horizon.bucketHours > (horizon.end - horizon.start) / 3_600_000) {
    ctx.report('horizon.bucket-too-long', ['horizon', 'bucket'], 'the bucket is longer than the horizon');
  } else if (horizon && (horizon.end - horizon.start) / 3_600_000 / horizon.bucketHours > MAX_BUCKETS) {
    ctx.report(
      'horizon.too-many-buckets',
      ['horizon', 'bucket'],
      `the horizon holds more than ${MAX_BUCKETS.toLocaleString('en-US')} buckets, the limit (docs/limits.md): choose a longer bucket`,
    );
  }
  const providers = convertProviders(ctx, f.providers, isRecord(top.providers));
  checkContractNames(ctx, Array.isArray(top.contracts) ? top.contracts : []);
  const contracts = convertContracts(ctx, f.contracts);
  const policy = convertPolicy(ctx, f.policies);
  checkWorkloadNames(ctx, Array.isArray(top.workloads) ? top.workloads : [], throughput);
  const workloads = convertWorkloads(ctx, f.workloads);
  if (ctx.issues.length > 0 || !horizon || f.name === undefined) return { semantic: ctx.issues };
  return {
    semantic: [],
    scenario: {
      name: f.name,
      snapshot: { catalog: ref.catalog, providers, contracts, policy, throughput },
      request: { workloads, horizon: { start: horizon.start, end: horizon.end }, bucketHours: horizon.bucketHours },
    },
  };
}

function horizonOf(h: ScenarioFile['horizon']): { start: number; end: number; bucketHours: number } | undefined {
  const start = parseInstant(h.start);
  if (!start.ok) return undefined;
  const end = must(addDuration(start.value, h.length), start.value);
  return { start: start.value, end, bucketHours: must(parseDuration(h.bucket ?? DEFAULT_BUCKET), 730) };
}

/** Each part validated on its own, so the semantic checks can run on the parts that are well-formed. */
function partial(raw: unknown): FileParts {
  const obj = isRecord(raw) ? raw : {};
  const data = <T>(schema: z.ZodType<T>, v: unknown): T | undefined => {
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };
  const providers: FileParts['providers'] = {};
  if (isRecord(obj.providers))
    for (const [k, v] of Object.entries(obj.providers)) providers[k] = data(ProviderSchema, v);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const name = typeof obj.name === 'string' && obj.name !== '' ? obj.name : undefined;
  const throughput =
    isRecord(obj.throughput) && Object.values(obj.throughput).every((v) => typeof v === 'number' && v > 0)
      ? (obj.throughput as Record<string, number>)
      : undefined;
  const horizon = data(HorizonSchema, obj.horizon);
  const policies = data(PolicySchema, obj.policies);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(horizon ? { horizon } : {}),
    ...(throughput ? { throughput } : {}),
    ...(policies ? { policies } : {}),
    providers,
    contracts: list(obj.contracts).map((c) => data(ContractSchema, c)),
    workloads: list(obj.workloads).map((w) => data(WorkloadSchema, w)),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${i.path.join('.')}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
