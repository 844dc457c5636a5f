/**
 * Geography of a region, for inference demand and data residency. Geos: us, ca, sa (South America, Mexico),
 * eu (Europe, including the UK, Switzerland and Norway), me (Middle East), af, asia, oceania — and `global` for a
 * provider that prices every region alike and lists one region for all (OCI in the bundled catalog): such a pool
 * serves any geo, and residency rules treat it as unknown (it never satisfies a residency rule).
 */
export const GEOS = ['us', 'ca', 'sa', 'eu', 'me', 'af', 'asia', 'oceania'] as const;
export type Geo = (typeof GEOS)[number] | 'global';

const RULES: readonly [RegExp, Geo][] = [
  [/^global$/i, 'global'],
  // Explicit names first (Azure-style and GPU-cloud names), then prefixes (AWS/GCP/Lambda style).
  [/^(canada|ca-|northamerica-northeast)/i, 'ca'],
  [/^(brazil|mexico|sa-|southamerica)/i, 'sa'],
  [/^(uae|qatar|israel|me-)/i, 'me'],
  [/^(southafrica|af-)/i, 'af'],
  [/^(australia|newzealand)/i, 'oceania'],
  [
    /^(france|germany|italy|norway|poland|spain|sweden|switzerland|uk|northeurope|westeurope|europe|eu-|finland|fin-)/i,
    'eu',
  ],
  [
    /^(japan|korea|eastasia|southeastasia|centralindia|southindia|westindia|jioindia|indonesia|malaysia|asia|ap-|taiwan)/i,
    'asia',
  ],
  [/^(us-|us\d|eastus|westus|centralus|northcentralus|southcentralus|westcentralus)/i, 'us'],
];

/** The geo of a region name; `undefined` when unknown (the caller reports it). */
export function geoOfRegion(region: string): Geo | undefined {
  for (const [re, geo] of RULES) if (re.test(region)) return geo;
  return undefined;
}

/** Does a pool in `region` serve demand located in `geo`? */
export function servesGeo(region: string, geo: string): boolean {
  return geoServes(geoOfRegion(region), geo);
}

/** Does a pool whose region is in geo `poolGeo` (already looked up) serve demand located in `geo`? */
export function geoServes(poolGeo: string | undefined, geo: string): boolean {
  return poolGeo === 'global' || poolGeo === geo;
}
