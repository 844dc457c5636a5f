import { reason } from '../../core/codes.js';
import { geoServes } from '../../core/geo.js';
import type { Filter } from './filter.js';

/** Inference demand located in a geography is served from regions in that geography. */
export const geoServed: Filter = {
  name: 'geo',
  rejects: ({ geo, pool }) => geo !== undefined && !geoServes(pool.geo, geo),
  check: ({ geo, pool }) =>
    geo === undefined || geoServes(pool.geo, geo)
      ? undefined
      : reason('filter.geo', 'geo', { region: pool.region, regionGeo: pool.geo, geo }),
};
