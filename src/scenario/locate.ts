/**
 * From an issue path to a place in the YAML text. The node at the path is used when it exists (for a collection
 * value, its key: `providers:` rather than the first line below it); otherwise the nearest parent that exists,
 * so a missing key points at the mapping that should hold it.
 *
 * Each mapping's keys are indexed once (a WeakMap of Map), and aliases resolve through the table the tree check
 * built: locating N issues costs O(N × depth), not O(N × keys) (10,000 unknown keys once took minutes).
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { IssuePath } from '../core/issues.js';

export interface Place {
  readonly line: number;
  readonly col: number;
}

export interface Locator {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly aliasTargets: ReadonlyMap<Alias, Node>;
  readonly keys: WeakMap<YAMLMap, Map<string, Pair>>;
}

function pairOf(loc: Locator, map: YAMLMap, seg: string): Pair | undefined {
  let index = loc.keys.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items as Pair[]) {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (!index.has(k)) index.set(k, p);
    }
    loc.keys.set(map, index);
  }
  return index.get(seg);
}

export function locate(loc: Locator, path: IssuePath): Place {
  let node: unknown = loc.doc.contents;
  let keyNode: Node | undefined;
  let best: number | undefined = offsetOf(node);
  for (const seg of path) {
    if (isAlias(node)) node = loc.aliasTargets.get(node);
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = pairOf(loc, node, String(seg));
      if (pair) {
        next = pair.value;
        nextKey = pair.key as Node;
      }
    } else if (isSeq(node) && typeof seg === 'number') next = node.items[seg];
    if (next === undefined && nextKey === undefined) break;
    node = next;
    keyNode = nextKey;
    const valueAt = isScalar(node) || !keyNode ? offsetOf(node) : undefined;
    best = valueAt ?? offsetOf(keyNode) ?? best;
  }
  const pos = loc.lines.linePos(best ?? 0);
  return { line: pos.line, col: pos.col };
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
