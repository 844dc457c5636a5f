/**
 * How an incident's `location` / `service_id` / `service_name` (Cloud Uptime Archive, 2018–2020) map onto the
 * simulator's terms: scope (one or more regions, the whole provider, or unknown), region ids as the catalog spells them
 * (us-east-1, eastus, us-central1), and whether the incident touches compute (VMs — where GPUs live).
 *
 * Rules (checked against every distinct location in data/cloud-incidents-2018-2020.csv):
 * - global: `Global`, `global`, `Multi-region`, `North America` (a multi-region geography).
 * - unknown: empty and `Unknown` (GCP leaves 312 of 442 incidents so).
 * - region: everything else. AWS: the region code at the end of service_id (`ec2-us-east-1`, `ec2-us-gov-east-1`),
 *   else the location's display name via AWS_REGION_NAMES. Azure: each region name in the text, lower-cased without
 *   spaces (`West US 2` → `westus2`; `UK South / UK West` → uksouth + ukwest). GCP: the location is already a code.
 *   A region-scoped incident whose region cannot be named (`Intermittent latency in US Government Cloud`) keeps an
 *   empty region list.
 * - compute-related: AWS service_id `ec2-*` (Amazon Elastic Compute Cloud: 68 incidents); GCP service_id `compute` or
 *   a name with `Compute Engine` (37); Azure a service name with `Virtual Machines` (14).
 */

export type Scope = 'region' | 'global' | 'unknown';

const GLOBAL = new Set(['global', 'multi-region', 'north america']);
const UNKNOWN = new Set(['', 'unknown']);

/** AWS console display names (2018–2020) → region codes. */
export const AWS_REGION_NAMES: Readonly<Record<string, string>> = {
  'N. Virginia': 'us-east-1',
  Ohio: 'us-east-2',
  'N. California': 'us-west-1',
  Oregon: 'us-west-2',
  Montreal: 'ca-central-1',
  'Sao Paulo': 'sa-east-1',
  Ireland: 'eu-west-1',
  London: 'eu-west-2',
  Paris: 'eu-west-3',
  Frankfurt: 'eu-central-1',
  Stockholm: 'eu-north-1',
  Mumbai: 'ap-south-1',
  Singapore: 'ap-southeast-1',
  Sydney: 'ap-southeast-2',
  Tokyo: 'ap-northeast-1',
  Seoul: 'ap-northeast-2',
  Osaka: 'ap-northeast-3',
  'Hong Kong': 'ap-east-1',
  GovCloud: 'us-gov-west-1',
  'US-East': 'us-gov-east-1',
  'US-West': 'us-gov-west-1',
};

/** Azure region display names, longest first so `West US 2` wins over `West US`. */
const AZURE_NAMES = [
  'Australia East',
  'Australia Southeast',
  'Australia Central',
  'Brazil South',
  'Canada Central',
  'Canada East',
  'Central India',
  'Central US',
  'East Asia',
  'East US 2',
  'East US',
  'France Central',
  'France South',
  'Germany North',
  'Germany West Central',
  'Japan East',
  'Japan West',
  'Korea Central',
  'Korea South',
  'North Central US',
  'North Europe',
  'South Africa North',
  'South Central US',
  'South East Asia',
  'Southeast Asia',
  'South India',
  'UK South',
  'UK West',
  'USGov Arizona',
  'USGov Iowa',
  'USGov Texas',
  'USGov Virginia',
  'West Central US',
  'West Europe',
  'West India',
  'West US 2',
  'West US 3',
  'West US',
]
  .sort((a, b) => b.length - a.length)
  .map((name) => ({
    id: name.toLowerCase().replace(/\s+/g, ''),
    re: new RegExp(`(?<![A-Za-z])${name.replace(/ /g, '\\s+')}(?![A-Za-z0-9])`, 'i'),
  }));

export function scopeOf(location: string): Scope {
  const l = location.trim().toLowerCase();
  if (UNKNOWN.has(l)) return 'unknown';
  return GLOBAL.has(l) ? 'global' : 'region';
}

/** Region ids named by a region-scoped incident (possibly several; empty when none can be recognised). */
export function regionsOf(provider: string, location: string, serviceId: string): readonly string[] {
  if (scopeOf(location) !== 'region') return [];
  const loc = location.trim();
  if (provider === 'aws') {
    const m = /([a-z]{2}(?:-gov)?-[a-z]+-\d)$/.exec(serviceId);
    if (m?.[1]) return [m[1]];
    const code = AWS_REGION_NAMES[loc];
    return code ? [code] : [];
  }
  if (provider === 'azure') {
    // "Australia East/Southeast" names its second region by the direction only.
    let text = loc === 'Australia East/Southeast' ? 'Australia East / Australia Southeast' : loc;
    const found: string[] = [];
    for (const { id, re } of AZURE_NAMES) {
      if (re.test(text)) {
        found.push(id);
        text = text.replace(re, ' ');
      }
    }
    return [...new Set(found)].sort();
  }
  return /^[a-z]+(?:-[a-z]+)*\d+$/.test(loc) ? [loc] : [];
}

export function isComputeRelated(provider: string, serviceId: string, serviceName: string): boolean {
  if (provider === 'aws') return /^ec2-/.test(serviceId) || /Elastic Compute Cloud/i.test(serviceName);
  if (provider === 'gcp') return serviceId === 'compute' || /Compute Engine/i.test(serviceName);
  if (provider === 'azure') return /Virtual Machines/i.test(serviceName);
  return false;
}
