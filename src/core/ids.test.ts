/** Branded ids: one kind of id cannot stand for another, and a branded id still reads and serialises as its string. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ContractId, contractId, type ProviderId, providerId, type WorkloadId, workloadId } from './ids.js';
import type { Contract, ProviderSpec } from './types.js';

/** Type-level, never called: each line after a `@ts-expect-error` must be a type error (`npm run typecheck`). */
function kindsDoNotMix(p: ProviderId, w: WorkloadId, c: ContractId, spec: ProviderSpec, contract: Contract): void {
  // @ts-expect-error a plain string is not a provider id: the scenario reader (or a test builder) brands it
  const fromString: ProviderId = 'aws';
  // @ts-expect-error a workload id is not a provider id
  const fromWorkload: ProviderId = w;
  // @ts-expect-error a contract id is not a workload id
  const fromContract: WorkloadId = c;
  // @ts-expect-error a contract's id is not its provider
  const wrongField: ProviderId = contract.id;
  const asText: string = p; // every id reads as a string
  const same: boolean = spec.id === contract.provider; // ids of one kind compare
  void [fromString, fromWorkload, fromContract, wrongField, asText, same];
}
void kindsDoNotMix;

test('a branded id is its string: equal, a map key, the same JSON', () => {
  const p = providerId('aws');
  assert.equal(p, 'aws');
  assert.equal(new Map([['aws', 1]]).get(p), 1);
  assert.equal(
    JSON.stringify({ p, w: workloadId('chat'), c: contractId('aws-credits') }),
    '{"p":"aws","w":"chat","c":"aws-credits"}',
  );
});
