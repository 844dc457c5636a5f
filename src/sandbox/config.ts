/**
 * The sandbox cloud's configuration file (docs/sandbox.md, examples/sandbox-clouds.yaml): providers, their regions,
 * instance types with GPUs, capacity and prices, quotas, provisioning delay, spot preemption, and the time scale.
 * Read like a scenario: YAML with line numbers, the zod schema over the whole document, a few semantic checks, every
 * problem an Issue placed at its file:line:col (the scenario reader's locator). Never throws, no I/O.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { capIssues, fail, ok, type Issue, type Result } from '../core/issues.js';
import { locate } from '../scenario/locate.js';
import { checkYamlTree, isBlankOrComments, tooDeep } from '../scenario/structure.js';
import { zodIssues } from '../scenario/zod-issues.js';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const INSTANCE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const name = (what: string) =>
  z.string().regex(NAME, `a ${what} name is lowercase letters, digits and dashes (at most 63 characters)`);

const count = z.int().min(0).max(1_000_000);
const usdPerHour = z.number().min(0).max(100_000);

export const InstanceTypeSchema = z.strictObject({
  gpu: z.string().min(1).max(64),
  gpusPerInstance: z.int().min(1).max(64),
  /** On-demand instances this region can hold at once. */
  capacity: count,
  /** Spot instances this region can hold at once (a separate pool). */
  spotCapacity: count.default(0),
  /** List price, USD per instance-hour. */
  price: usdPerHour,
  /** Spot price, USD per instance-hour; omitted: no spot market for this type. */
  spotPrice: usdPerHour.optional(),
});

export const RegionSchema = z.strictObject({
  /** GPUs this provider lets the account hold at once in this region (across instance types); omitted: no limit. */
  quotaGpus: count.optional(),
  instanceTypes: z.record(z.string().regex(INSTANCE_TYPE, 'an instance type name'), InstanceTypeSchema),
});

export const ProviderSchema = z.strictObject({
  /** GPUs the account may hold at once across all regions; omitted: no limit. */
  quotaGpus: count.optional(),
  /** Sandbox seconds from launch to running (divided by the time scale in real time). */
  provisioningSeconds: z.number().min(0).max(86_400).default(60),
  /** Mean spot preemptions per running spot launch and sandbox hour (a Poisson process). */
  spotPreemptionsPerHour: z.number().min(0).max(3_600).default(0),
  regions: z.record(name('region'), RegionSchema),
});

export const SandboxConfigSchema = z.strictObject({
  /** Sandbox seconds per real second: 60 makes a sandbox hour pass in a real minute. Scales the provisioning delay
   * and the preemption rate; usage records and checkpoints keep real epoch milliseconds. */
  timeScale: z.number().positive().max(1_000_000).default(1),
  /** Seed of the preemption draws. */
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  /** Log lines kept per launch (older lines are dropped). */
  logLines: z.int().min(10).max(100_000).default(2_000),
  /** The largest gang a launch may ask for (each node is a real process). */
  maxNodesPerLaunch: z.int().min(1).max(256).default(64),
  providers: z.record(name('provider'), ProviderSchema),
});

export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;
export type ProviderConfig = z.infer<typeof ProviderSchema>;
export type InstanceTypeConfig = z.infer<typeof InstanceTypeSchema>;

/** Checks the schema cannot say: spot capacity without a spot price, at least one provider. */
function semanticIssues(c: SandboxConfig): Issue[] {
  const out: Issue[] = [];
  if (Object.keys(c.providers).length === 0)
    out.push({ code: 'schema.too-few', path: ['providers'], message: 'declare at least one provider' });
  for (const [p, pc] of Object.entries(c.providers)) {
    for (const [r, rc] of Object.entries(pc.regions)) {
      for (const [t, tc] of Object.entries(rc.instanceTypes)) {
        if (tc.spotCapacity > 0 && tc.spotPrice === undefined)
          out.push({
            code: 'sandbox.spot-without-price',
            path: ['providers', p, 'regions', r, 'instanceTypes', t, 'spotCapacity'],
            message: `instance type '${t}' has spot capacity but no spotPrice`,
            params: { provider: p, region: r, instanceType: t },
          });
      }
    }
  }
  return out;
}

/** The configuration in `text` (read from `file`), or every problem with its file:line:col. */
export function loadSandboxConfigText(text: string, file: string): Result<SandboxConfig> {
  const at = (code: Issue['code'], message: string, line = 1, col = 1): Result<SandboxConfig> =>
    fail([{ code, path: [], message, file, line, col }]);
  if (isBlankOrComments(text))
    return at('file.empty', 'the file is empty: a sandbox needs providers (docs/sandbox.md)');
  const lines = new LineCounter();
  const deep = tooDeep(text);
  if (deep) return at('yaml.too-deep', 'the document is nested too deeply (docs/limits.md)');
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0)
    return fail(
      capIssues(
        doc.errors.map((e) => ({
          code: 'yaml.syntax' as const,
          path: [],
          message: e.message.split('\n')[0] ?? 'YAML syntax error',
          file,
          ...lines.linePos(e.pos[0]),
        })),
      ),
    );
  const facts = checkYamlTree(doc, lines, file);
  if (facts.issues.length > 0) return fail(capIssues(facts.issues));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    return at('yaml.invalid', e instanceof Error ? (e.message.split('\n')[0] ?? '') : 'the YAML cannot be read');
  }
  const parsed = SandboxConfigSchema.safeParse(raw ?? {});
  const issues = parsed.success ? semanticIssues(parsed.data) : zodIssues(parsed.error.issues);
  if (parsed.success && issues.length === 0) return ok(parsed.data);
  const locator = { doc, lines, aliasTargets: facts.aliasTargets, keys: new WeakMap() };
  const placed = issues.map((i) => ({ ...i, file, ...locate(locator, i.path) }));
  placed.sort((a, b) => a.line - b.line || a.col - b.col);
  return fail(capIssues(placed));
}
