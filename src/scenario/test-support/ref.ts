/** Test support: the bundled catalog and throughput table, read once (tests may do I/O; src/spec never does). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../core/types.js';
import { parseCatalogCsv } from '../catalog-csv.js';
import { parseThroughputCsv } from '../throughput-csv.js';

export const repoFile = (rel: string): string => fileURLToPath(new URL(`../../../${rel}`, import.meta.url));
export const readRepoFile = (rel: string): string => readFileSync(repoFile(rel), 'utf8');

let cached: { catalog: Catalog; throughput: Record<string, number> } | undefined;

export function bundledRef(): { catalog: Catalog; throughput: Record<string, number> } {
  if (cached) return cached;
  const catalog = parseCatalogCsv(readRepoFile('data/gpu-catalog.csv'), 'data/gpu-catalog.csv');
  const throughput = parseThroughputCsv(
    readRepoFile('data/gpu-relative-throughput.csv'),
    'data/gpu-relative-throughput.csv',
  );
  if (!catalog.ok || !throughput.ok) throw new Error('bundled data does not parse');
  cached = { catalog: catalog.value, throughput: throughput.value };
  return cached;
}
