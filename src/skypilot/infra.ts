/**
 * Where a resources candidate may run: `infra` (cloud[/region[/zone]], `*` wildcards, `k8s[/context]`) or the older
 * `cloud`, `region`, `zone`, mapped onto skyfleet's providers and catalogue regions. A cloud skyfleet does not broker
 * (Kubernetes, SSH node pools, Slurm, clouds outside the catalogue) is warned and its constraint dropped; a region
 * outside the catalogue is an error when it looks like a typo of one, else warned and dropped; zones are warned (the
 * region they sit in is kept).
 */
import type { IssuePath } from '../core/issues.js';
import { closest } from '../scenario/suggest.js';
import { type DocCtx, shown } from './context.js';

/** Cloud names SkyPilot knows (its case-insensitive enum), for the did-you-mean of a name that is none of them. */
const SKYPILOT_CLOUDS = [
  'aws',
  'azure',
  'gcp',
  'lambda',
  'nebius',
  'oci',
  'fluidstack',
  'cudo',
  'runpod',
  'vast',
  'paperspace',
  'do',
  'digitalocean',
  'ibm',
  'scp',
  'vsphere',
  'hyperbolic',
  'primeintellect',
  'seeweb',
  'shadeform',
  'mithril',
  'verda',
  'hyperstack',
  'coreweave',
  'together',
  'yotta',
  'kubernetes',
  'k8s',
  'ssh',
  'slurm',
];
const CLUSTERS = new Set(['kubernetes', 'k8s', 'ssh', 'slurm']);

export interface Placement {
  /** undefined = any provider. */
  readonly providers?: readonly string[];
  /** undefined = any region. */
  readonly regions?: readonly string[];
}

export interface CatalogPlaces {
  readonly providers: ReadonlySet<string>;
  readonly regionsByProvider: ReadonlyMap<string, ReadonlySet<string>>;
}

export function readPlacement(
  ctx: DocCtx,
  r: Record<string, unknown>,
  at: IssuePath,
  places: CatalogPlaces,
): Placement {
  const str = (key: string): string | undefined => {
    const v = r[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      ctx.error('skypilot.invalid-value', [...at, key], `${key} must be a name, not ${shown(v)}`);
      return undefined;
    }
    return v.trim();
  };
  let cloud = str('cloud');
  let region = str('region');
  let zone = str('zone');
  let cloudPath: IssuePath = [...at, 'cloud'];
  let regionPath: IssuePath = [...at, 'region'];
  let zonePath: IssuePath = [...at, 'zone'];
  const infra = str('infra');
  if (infra !== undefined) {
    if (r.cloud != null || r.region != null || r.zone != null) {
      ctx.error(
        'skypilot.conflict',
        [...at, 'infra'],
        'give infra or cloud/region/zone, not both (SkyPilot refuses both)',
      );
      return {};
    }
    const parts = infra.split('/');
    const head = (parts[0] ?? '').toLowerCase();
    if (CLUSTERS.has(head)) {
      ctx.warn(
        'skypilot.cloud-not-brokered',
        [...at, 'infra'],
        `infra ${shown(infra)} is a cluster of your own: skyfleet brokers cloud capacity, so the workload may run on any provider`,
        { cloud: head },
      );
      return {};
    }
    if (parts.length > 3 || parts.some((p) => p === '')) {
      ctx.error(
        'skypilot.infra-invalid',
        [...at, 'infra'],
        `infra ${shown(infra)} is not cloud[/region[/zone]], * or k8s[/context]`,
      );
      return {};
    }
    cloud = head === '*' ? undefined : parts[0];
    region = parts[1] === undefined || parts[1] === '*' ? undefined : parts[1];
    zone = parts[2];
    cloudPath = regionPath = zonePath = [...at, 'infra'];
  }
  let providers: string[] | undefined;
  if (cloud !== undefined) {
    const lower = cloud.toLowerCase();
    if (places.providers.has(lower)) providers = [lower];
    else if (SKYPILOT_CLOUDS.includes(lower)) {
      ctx.warn(
        'skypilot.cloud-not-brokered',
        cloudPath,
        `cloud ${shown(cloud)} is not brokered by skyfleet: the workload may run on any provider`,
        { cloud: lower },
      );
      return {};
    } else {
      const suggestion = closest(lower, [...places.providers, ...SKYPILOT_CLOUDS]);
      ctx.error(
        'skypilot.cloud-unknown',
        cloudPath,
        `${shown(cloud)} is not a cloud${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
        { cloud, ...(suggestion ? { suggestion } : {}) },
      );
      return {};
    }
  }
  const known = (p: string) => places.regionsByProvider.get(p) ?? new Set<string>();
  const regionsOf = (ps: readonly string[]) => new Set(ps.flatMap((p) => [...known(p)]));
  if (zone !== undefined) {
    ctx.notHonoured(
      zonePath === cloudPath ? [...at, 'infra'] : zonePath,
      `skyfleet places by region; zone ${shown(zone)} is not a placement constraint`,
    );
    if (region === undefined) {
      // A zone names its region: the longest catalogue region it starts with (us-east-1a → us-east-1).
      const all = [...regionsOf(providers ?? [...places.providers])];
      const z = zone;
      region = all.filter((g) => z.startsWith(g)).sort((a, b) => b.length - a.length)[0];
    }
  }
  if (region === undefined) return providers ? { providers } : {};
  const scope = providers ?? [...places.providers];
  const regions = regionsOf(scope);
  const wanted = region;
  // A wildcard region (`us-*`): every catalogue region it matches.
  const matched = wanted.includes('*') ? [...regions].filter((g) => globMatch(wanted, g)).sort() : [];
  if (matched.length > 0) {
    const owners = providers ?? scope.filter((p) => matched.some((g) => known(p).has(g)));
    return { providers: owners, regions: matched };
  }
  if (!regions.has(region)) {
    const suggestion = wanted.includes('*') ? undefined : closest(region, regions);
    const where = `skyfleet's catalogue${providers ? ` for ${providers[0]}` : ''}`;
    // A near miss of a catalogue region is a typo, unless it is shaped like a real region (us-west2 beside
    // us-west1): a real region skyfleet has no capacity in is warned and its constraint dropped.
    if (suggestion !== undefined && !regionShaped(region, scope)) {
      ctx.error(
        'skypilot.region-unknown',
        regionPath,
        `region ${shown(region)} is not in ${where} (did you mean '${suggestion}'?)`,
        { region, suggestion },
      );
    } else {
      ctx.warn(
        'skypilot.region-dropped',
        regionPath,
        `region ${shown(region)} is not in ${where}: the region constraint is dropped${suggestion ? ` (the nearest it has: '${suggestion}')` : ''}`,
        { region },
      );
    }
    return providers ? { providers } : {};
  }
  const owners = providers ?? scope.filter((p) => known(p).has(wanted));
  return { providers: owners, regions: [region] };
}

const COMPASS = /(north|south|east|west|central|midwest)/i;
/** How each cloud spells its regions; other clouds: letters and hyphens, maybe a number. */
const REGION_SHAPES: Readonly<Record<string, RegExp>> = {
  aws: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/,
  gcp: /^[a-z]+-[a-z]+\d+$/,
  nebius: /^[a-z]+-[a-z]+\d+$/,
  azure: /^[a-z]+\d?$/,
  lambda: /^[a-z]+-[a-z]+-\d+$/,
};
const ANY_REGION = /^[a-z]+(-[a-z]+)*-?\d*[a-z]?$/i;

/** Shaped like a real region of one of `providers` (us-west2 on gcp, eu-central-2 on aws): not a typo. */
export function regionShaped(region: string, providers: readonly string[]): boolean {
  return COMPASS.test(region) && providers.some((p) => (REGION_SHAPES[p] ?? ANY_REGION).test(region));
}

/** `*` in a region or zone pattern stands for any characters. */
export function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 'i').test(name);
}
