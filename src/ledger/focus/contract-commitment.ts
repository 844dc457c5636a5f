/**
 * The FOCUS 1.3 Contract Commitment rows (pure): one per commitment period of a contract, with the minimum the
 * contract states for the whole period (a USD minimum is a Spend commitment with its cost; a GPU-hour minimum a Usage
 * commitment with its quantity and unit). Proration to a cut horizon and the carry-forward rule are told in the
 * description; the Cost and Usage rows join here through ContractApplied.
 */
import type { LedgerInput } from '../usage.js';
import { CONTRACT_COMMITMENT_COLUMNS, type ContractCommitmentColumn, GPU_HOURS } from './columns.js';
import { csvLine, decimal, isoDateTime } from './format.js';

export function* contractCommitmentLines(input: LedgerInput): Generator<string> {
  yield csvLine(CONTRACT_COMMITMENT_COLUMNS);
  const contracts = new Map(input.contracts.map((c) => [c.id, c]));
  for (const m of input.commitments) {
    const c = contracts.get(m.contract);
    const usd = m.unit === 'usd';
    const carry =
      m.carryForwardFraction > 0
        ? `; ${decimal(m.carryForwardFraction * 100, 4)}% of a shortfall carries into the next period`
        : '';
    const cut = m.minimum !== m.statedMinimum ? `; the ledger's horizon holds ${decimal(m.minimum, 2)} of it` : '';
    const row: Record<ContractCommitmentColumn, string> = {
      BillingCurrency: 'USD',
      ContractCommitmentCategory: usd ? 'Spend' : 'Usage',
      ContractCommitmentCost: usd ? decimal(m.statedMinimum, 2) : '',
      ContractCommitmentDescription: `period ${m.period + 1} of ${m.contract}: take-or-pay minimum of ${usd ? `${decimal(m.statedMinimum, 2)} USD` : `${decimal(m.statedMinimum, 2)} GPU-hours`}${carry}${cut}`,
      ContractCommitmentId: m.id,
      ContractCommitmentPeriodStart: isoDateTime(m.start),
      ContractCommitmentPeriodEnd: isoDateTime(m.end),
      ContractCommitmentQuantity: usd ? '' : decimal(m.statedMinimum),
      ContractCommitmentType: 'Take-or-pay minimum',
      ContractCommitmentUnit: usd ? '' : GPU_HOURS,
      ContractId: m.contract,
      ContractPeriodStart: isoDateTime(c?.start ?? m.start),
      ContractPeriodEnd: isoDateTime(c?.end ?? m.end),
    };
    yield csvLine(CONTRACT_COMMITMENT_COLUMNS.map((k) => row[k]));
  }
}
