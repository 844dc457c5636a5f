/**
 * Identifiers with their kind in the type: a provider id is not a workload id, though both are strings. Branded
 * strings: a plain string becomes one only through the functions below, which the scenario reader calls where it
 * reads a name (src/scenario), and tests through their builders (test-support). Any id still reads as a string
 * (keys, messages, JSON), so output is unchanged.
 */

declare const idKind: unique symbol;

/** A cloud provider's id (`aws`, `gcp`, …), as ProviderSpec.id and Offering.provider spell it. */
export type ProviderId = string & { readonly [idKind]: 'provider' };
/** A workload's id (Workload.id). */
export type WorkloadId = string & { readonly [idKind]: 'workload' };
/** A contract's id (Contract.id). */
export type ContractId = string & { readonly [idKind]: 'contract' };

export const providerId = (s: string): ProviderId => s as ProviderId;
export const workloadId = (s: string): WorkloadId => s as WorkloadId;
export const contractId = (s: string): ContractId => s as ContractId;
