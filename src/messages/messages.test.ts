/** The renderer: every engine code has words, and each family reads as the plan and the CLI have always said it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES, reason, type Code } from '../core/codes.js';
import type { WhyNot } from '../engine/plan-types.js';
import { bindingText, MESSAGES, othersText, reasonText, whyNotText } from './index.js';

test('every engine code other than the why-not families has words of its own', () => {
  const missing = (Object.keys(CODES) as Code[]).filter(
    (c) =>
      CODES[c].source === 'engine' &&
      !c.startsWith('why.') &&
      !c.startsWith('rejected.') &&
      reasonText(reason(c, 'src')) === `src: ${c}`,
  );
  assert.deepEqual(missing, []);
});

test('filter.*: a rejection in words', () => {
  const cases: [Code, string, Record<string, string | number | string[]>, string][] = [
    [
      'filter.gpu-model',
      'gpu-model',
      { gpu: 'H200', accepts: ['H100', 'A100'] },
      'H200 is not among the accepted GPUs (H100, A100)',
    ],
    [
      'filter.provider',
      'provider',
      { provider: 'gcp', accepts: ['aws'] },
      "provider gcp is not in the workload's providers (aws)",
    ],
    [
      'filter.region',
      'region',
      { region: 'us-east-1', accepts: ['eu-west-1', 'eu-north1'] },
      "region us-east-1 is not in the workload's regions (eu-west-1, eu-north1)",
    ],
    [
      'filter.tier',
      'tier',
      { tier: 'spot', accepts: ['committed', 'on-demand'] },
      'tier spot is not accepted (accepts committed, on-demand)',
    ],
    [
      'filter.geo',
      'geo',
      { region: 'us-east-1', regionGeo: 'us', geo: 'eu' },
      'region us-east-1 (us) does not serve demand in eu',
    ],
    [
      'filter.residency',
      'residency',
      { class: 'pretrain', geos: ['eu'], region: 'us-east-1', regionGeo: 'us' },
      'residency: pretrain must stay in eu; us-east-1 is us',
    ],
    [
      'filter.exclusivity',
      'exclusivity',
      { contract: 'aws-deal', class: 'finetune', provider: 'aws' },
      'contract aws-deal makes finetune exclusive to aws',
    ],
    [
      'filter.throughput',
      'throughput',
      { gpu: 'MI300X' },
      'no throughput figure for MI300X (give one in `throughput:`)',
    ],
    [
      'filter.interconnect',
      'interconnect',
      { gang: 512, provider: 'aws', largestDomain: 256 },
      "gang of 512 GPUs exceeds aws's largest interconnect domain (256)",
    ],
    [
      'filter.instance-shape.gang',
      'instance-shape',
      { gang: 8, instanceType: 'g2-standard-4', perInstance: 1 },
      'needs 8 GPUs in its gang on one instance (multiNode: false); g2-standard-4 has 1',
    ],
    [
      'filter.instance-shape.replica',
      'instance-shape',
      { needs: 8, instanceType: 'gcp.H100.x1', perInstance: 1 },
      'needs 8 GPUs per replica; gcp.H100.x1 has 1',
    ],
    [
      'filter.instance-shape.domain',
      'instance-shape',
      { needs: 24, instances: 3, instanceType: 'p5.48xlarge', gpus: 24, provider: 'aws', largestDomain: 16 },
      "needs 24 GPUs per replica: 3 × p5.48xlarge (24 GPUs) exceed aws's largest interconnect domain (16)",
    ],
    ['filter.deadline', 'deadline', { gpu: 'A100', lateHours: 119.6 }, 'on A100 it finishes 120 h after its deadline'],
    [
      'filter.capacity',
      'capacity',
      { needs: 512, largestPool: 256 },
      'needs 512 GPUs; the pool has at most 256 while the job runs',
    ],
    ['filter.capacity.service', 'capacity', {}, 'no capacity while the service runs'],
    ['filter.dominated.twin', 'dominated', { by: 'p1' }, 'same capacity and terms as p1, at a higher price'],
    ['filter.dominated.holds', 'dominated', { by: 'p1' }, 'p1 holds as much on no more GPUs for no more'],
  ];
  for (const [code, source, params, words] of cases) assert.equal(reasonText(reason(code, source, params)), words);
});

test('unplaced.* and block.*: the solver says why, nesting what blocks it', () => {
  const blocks = [
    { code: 'block.capacity', source: 'greedy', params: { group: 'aws/quota' } },
    { code: 'block.gpu-share', source: 'greedy', params: { provider: 'gcp' } },
  ];
  assert.equal(
    reasonText(reason('unplaced.blocked', 'greedy', { blocks })),
    'capacity of aws/quota is taken; gcp would exceed its GPU share cap',
  );
  assert.equal(
    reasonText(reason('unplaced.min-providers', 'greedy', { needs: 2, used: 1, blocks: blocks.slice(0, 1) })),
    'needs 2 providers; only 1 can take it (capacity of aws/quota is taken)',
  );
  assert.equal(
    reasonText(reason('unplaced.min-providers', 'greedy', { needs: 1, used: 0, blocks: [] })),
    'needs 1 providers; only 0 can take it',
  );
  assert.match(
    reasonText(reason('unplaced.survivability-rule', 'greedy', { units: 3 })),
    /hold even one of its 3 replica/,
  );
  assert.equal(reasonText(reason('unplaced.no-candidate-left', 'greedy')), 'no candidate left');
  assert.equal(reasonText(reason('unplaced.no-feasible-candidate', 'lp')), 'no feasible candidate (see rejections)');
  assert.equal(reasonText(reason('unplaced.provider-lost', 'survivability')), 'no capacity left elsewhere');
  assert.equal(
    reasonText(reason('block.spend-share', 'greedy', { provider: 'aws' })),
    'aws would exceed its spend share cap',
  );
  assert.equal(
    reasonText(reason('block.team-budget', 'greedy', { team: 'research' })),
    'team research would exceed its budget',
  );
  assert.equal(reasonText(reason('block.spread', 'greedy')), 'survivability spread');
});

test('explain.*: the notes on an alternative', () => {
  assert.equal(reasonText(reason('explain.chosen', 'explain')), 'chosen');
  assert.equal(
    reasonText(
      reason('explain.blocked', 'explain', {
        block: { code: 'block.capacity', source: 'greedy', params: { group: 'g' } },
      }),
    ),
    'not enough room: capacity of g is taken',
  );
  assert.equal(
    reasonText(reason('explain.first-refusal', 'explain', { providers: ['aws', 'gcp'] })),
    'right of first refusal: offered to aws, gcp first',
  );
  assert.equal(
    reasonText(reason('explain.dearer', 'explain', { cents: 123456 })),
    'costs 1,234.56 USD more than the choice',
  );
  assert.equal(reasonText(reason('explain.not-chosen', 'explain')), 'not chosen');
});

test('policy.* and workload.*: violations', () => {
  assert.equal(
    reasonText(reason('policy.spend-share', 'maxSpendShare', { provider: 'aws', share: 0.7234, cap: 0.7 })),
    'aws holds 72.3% of spend, above its cap of 70.0%',
  );
  assert.equal(
    reasonText(reason('policy.gpu-share', 'maxGpuShare', { provider: 'aws', share: 0.85, cap: 0.8 })),
    'aws holds 85.0% of GPUs at the peak, above its cap of 80.0%',
  );
  assert.equal(
    reasonText(
      reason('policy.survivability', 'survivability', {
        provider: 'aws',
        workload: 'chat',
        keptImmediately: 0.4,
        afterReplan: 0.6,
        required: 0.5,
      }),
    ),
    'losing aws leaves chat with 40% of its capacity at once and 60% after re-planning (needs 50%)',
  );
  assert.equal(
    reasonText(reason('workload.unplaced', 'supply', { workload: 'evals', cause: 'why.no-offer', reason: 'no pool' })),
    'evals: no pool',
  );
});

test('why.* and rejected.*: the binding cause first, then the others with counts', () => {
  const why: WhyNot = {
    binding: {
      code: 'why.tier',
      source: 'tier',
      params: { accepts: ['spot'], offered: ['committed', 'on-demand'] },
      pools: 3,
    },
    others: [
      { code: 'rejected.region', source: 'region', params: {}, pools: 12 },
      { code: 'rejected.gpu-model', source: 'gpu-model', params: {}, pools: 176 },
    ],
  };
  assert.equal(
    bindingText(why.binding),
    'accepts tiers spot, but the pools that pass every other check are committed or on-demand (it alone keeps out 3 pools that pass every other check)',
  );
  assert.equal(othersText(why), 'region ×12, other GPU models ×176');
  assert.equal(whyNotText(why), `${bindingText(why.binding)}; also rejected: region ×12, other GPU models ×176`);
  assert.equal(MESSAGES.whyNot(why), whyNotText(why));
  assert.equal(
    bindingText({ code: 'why.no-offer', source: 'supply', params: { gpus: ['H100', 'H200', 'B200'] }, pools: 0 }),
    'no pool of a declared provider offers H100, H200 or B200',
  );
  assert.equal(
    bindingText({ code: 'why.region', source: 'region', params: { reason: 'region x is out', pool: 'p' }, pools: 1 }),
    'region: region x is out (it alone keeps out 1 pool that pass every other check)',
  );
  assert.equal(
    bindingText({
      code: 'why.combined',
      source: 'tier+region',
      params: { pool: 'p', filters: ['tier', 'region', 'geo'] },
      pools: 0,
    }),
    'no single constraint: even the closest pool, p, fails tier, region and geo',
  );
  assert.equal(
    bindingText({
      code: 'why.capacity-exhausted',
      source: 'solver',
      params: { candidates: 1, detail: 'no candidate left' },
      pools: 1,
    }),
    'capacity: 1 pool passed every check, but none could take it — no candidate left',
  );
});

test('note.*: what the solver wants said about its answer', () => {
  assert.equal(reasonText(reason('note.no-exact-solver', 'plan')), 'no exact solver available: greedy used');
  assert.equal(
    reasonText(reason('note.too-many-candidates', 'plan', { candidates: 40000, max: 20000 })),
    '40000 candidates > 20000: greedy solver, no LP bound',
  );
  assert.equal(
    reasonText(reason('note.lp-bound-failed', 'plan', { status: 'iteration-limit' })),
    'LP bound not computed: the relaxation ended iteration-limit',
  );
  assert.equal(
    reasonText(
      reason('note.lp-bound-failed', 'plan', { cause: { code: 'note.lp-relaxation', source: 'lp', params: {} } }),
    ),
    'LP bound not computed: LP relaxation: fractional units and replicas; first refusal and minProviders relaxed away',
  );
  assert.equal(reasonText(reason('note.lp-bound-failed', 'plan', { error: 'boom' })), 'LP bound not computed: boom');
  assert.equal(
    reasonText(reason('note.exact-better', 'plan', { status: 'optimal' })),
    'exact optimal solution beats greedy',
  );
  assert.equal(
    reasonText(reason('note.greedy-as-good', 'plan', { status: 'node-limit' })),
    'greedy solution is as good as the exact MIP incumbent (node-limit): greedy reported',
  );
  assert.equal(
    reasonText(reason('note.exact-failed', 'plan', { error: 'HiGHS ran too long', timeout: true })),
    'exact solver failed (HiGHS ran too long) (a wall-clock safety net: THIS PLAN DEPENDS ON TIMING): greedy used',
  );
  assert.equal(
    reasonText(reason('note.greedy-moves', 'greedy', { moves: 3 })),
    'greedy improvement passes moved 3 item(s)',
  );
  assert.equal(
    reasonText(reason('note.solver-limit', 'lp', { status: 'iteration-limit', integer: false })),
    'HiGHS stopped at its simplex iteration limit (deterministic): its values are no lower bound',
  );
  assert.match(
    reasonText(reason('note.solver-limit', 'lp', { status: 'time-limit', integer: true })),
    /wall-clock safety limit: its best integer plan .* DEPENDS ON THE MACHINE'S SPEED AND LOAD$/,
  );
  assert.equal(reasonText(reason('note.items-unplaced', 'lp', { items: 2 })), '2 item(s) not fully placed');
  assert.equal(reasonText(reason('note.nothing-to-place', 'lp')), 'nothing to place');
});
