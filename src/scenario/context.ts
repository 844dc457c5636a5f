/** What the converters share: the issue list, the catalog's names, the horizon once it is known. */
import type { Issue, IssuePath } from '../core/issues.js';
import type { Catalog, Instant } from '../core/types.js';
import { parseInstant } from './units.js';

export interface CatalogIndex {
  readonly providers: ReadonlySet<string>;
  readonly gpus: ReadonlySet<string>;
  readonly regionsByProvider: ReadonlyMap<string, ReadonlySet<string>>;
  /** `provider/region/gpu` of every offering. */
  readonly offered: ReadonlySet<string>;
  /** `provider/region/gpu/instanceType` of every offering of whole GPUs. */
  readonly instances: ReadonlySet<string>;
}

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const providers = new Set<string>();
  const gpus = new Set<string>();
  const regionsByProvider = new Map<string, Set<string>>();
  const offered = new Set<string>();
  const instances = new Set<string>();
  for (const o of catalog.offerings) {
    providers.add(o.provider);
    gpus.add(o.gpu);
    let regions = regionsByProvider.get(o.provider);
    if (!regions) {
      regions = new Set();
      regionsByProvider.set(o.provider, regions);
    }
    regions.add(o.region);
    offered.add(`${o.provider}/${o.region}/${o.gpu}`);
    if (o.gpusPerInstance >= 1 && Number.isInteger(o.gpusPerInstance))
      instances.add(`${o.provider}/${o.region}/${o.gpu}/${o.instanceType}`);
  }
  return { providers, gpus, regionsByProvider, offered, instances };
}

export class Ctx {
  readonly issues: Issue[] = [];
  constructor(
    readonly catalog: CatalogIndex,
    /** Provider ids the file declares (even those whose own fields are invalid). */
    readonly declared: ReadonlySet<string>,
    readonly horizon: { readonly start: Instant; readonly end: Instant } | undefined,
  ) {}

  /** `params`: the names and numbers the message is made from (plain JSON), where the check gives them. */
  report(code: Issue['code'], path: IssuePath, message: string, params?: Issue['params']): void {
    this.issues.push(params ? { code, path, message, params } : { code, path, message });
  }

  /** An already-validated date (the schema checked it); `fallback` when absent. */
  instant(text: string | undefined, fallback: Instant): Instant {
    if (text === undefined) return fallback;
    const r = parseInstant(text);
    return r.ok ? r.value : fallback;
  }

  /** Regions of the declared providers (or of `only`), from the catalog. */
  regionsOf(only?: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const p of only ?? this.declared) for (const r of this.catalog.regionsByProvider.get(p) ?? []) out.add(r);
    return out;
  }
}

/** Unwraps a Result known to be ok because the schema already ran the same parser. */
export function must<T>(r: { ok: true; value: T } | { ok: false }, fallback: T): T {
  return r.ok ? r.value : fallback;
}
