/**
 * From an issue path to a place in the YAML text. The node at the path is used when it exists (for a collection
 * value, its key: `providers:` rather than the first line below it); otherwise the nearest parent that exists,
 * so a missing key points at the mapping that should hold it.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { IssuePath } from '../core/issues.js';

export interface Place {
  readonly line: number;
  readonly col: number;
}

export function locate(doc: Document, lines: LineCounter, path: IssuePath): Place {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let best: number | undefined = offsetOf(node);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (pair) { next = pair.value; nextKey = pair.key as Node; }
    } else if (isSeq(node) && typeof seg === 'number') next = node.items[seg];
    if (next === undefined && nextKey === undefined) break;
    node = next;
    keyNode = nextKey;
    const valueAt = isScalar(node) || !keyNode ? offsetOf(node) : undefined;
    best = valueAt ?? offsetOf(keyNode) ?? best;
  }
  const pos = lines.linePos(best ?? 0);
  return { line: pos.line, col: pos.col };
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
