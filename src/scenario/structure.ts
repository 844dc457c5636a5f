/**
 * Cheap, linear checks of a scenario's text and YAML tree that run before anything expensive: an all-comment file,
 * nesting deeper than the documented limit (the YAML reader recurses, and would die of a stack overflow), JSON
 * objects with a duplicate or a `__proto__` key, and in the YAML tree: `__proto__` keys, aliases past their limits,
 * an alias inside the node it names. Every check is one pass; none uses a regular expression that can backtrack.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  type Alias,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';
import { excerpt, type Issue } from '../core/issues.js';
import { MAX_ALIASED_VALUES, MAX_ALIASES, MAX_NESTING } from './limits.js';

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/** True when every line is blank or a comment (the old `/^(\s*#.*\n?)*\s*$/` took exponential time on it). */
export function isBlankOrComments(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 35 /* # */) return false;
    const end = text.indexOf('\n', i);
    if (end < 0) return true;
    i = end + 1;
  }
  return true;
}

export interface Deep {
  readonly depth: number;
  readonly offset: number;
}

/**
 * Where the text first nests deeper than `max` levels, or undefined. A level is a flow collection (`[`, `{`), a more
 * indented block line, or a `- ` entry marker. Quoted scalars, comments and block scalars (`|`, `>`) are skipped. The
 * count is an upper bound of the YAML tree's depth (a bracket inside a plain scalar counts too), never less.
 */
export function tooDeep(text: string, max = MAX_NESTING): Deep | undefined {
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  let quote = 0; // the open quote character, or 0
  let blockScalarIndent = -1; // inside a block scalar: the indent of the line that opened it
  let i = 0;
  while (i < n) {
    // At the start of a line.
    const lineStart = i;
    let indent = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      i++;
      indent++;
    }
    const first = i < n ? text.charCodeAt(i) : LF;
    const blank = first === LF || first === CR || first === 35;
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        i = skipLine(text, i) + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (flow === 0 && quote === 0 && !blank) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // `- - - x`: every entry marker opens a level.
      let col = indent;
      while (i < n && (text.charCodeAt(i) === 45 /* - */ || text.charCodeAt(i) === 63) /* ? */) {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : LF;
        if (next !== SPACE && next !== LF && next !== CR && next !== TAB) break;
        i++;
        col++;
        while (i < n && text.charCodeAt(i) === SPACE) {
          i++;
          col++;
        }
        indents.push(col);
        if (indents.length > max) return { depth: indents.length, offset: i };
      }
      if (indents.length > max) return { depth: indents.length, offset: lineStart + indent };
    }
    // The rest of the line.
    let prev = SPACE;
    let lastSignificant = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF) break;
      if (quote !== 0) {
        if (quote === 34 && c === 92 /* \ */) {
          i += 2;
          continue;
        }
        if (c === quote) {
          if (quote === 39 && text.charCodeAt(i + 1) === 39) {
            i += 2;
            continue;
          }
          quote = 0;
        }
        i++;
        prev = c;
        continue;
      }
      if (c === 35 && (prev === SPACE || prev === TAB)) {
        i = skipLine(text, i);
        break;
      }
      if (
        (c === 34 || c === 39) &&
        (prev === SPACE || prev === TAB || prev === 91 || prev === 123 || prev === 44 || prev === 58)
      )
        quote = c;
      else if (c === 91 || c === 123) {
        flow++;
        if (indents.length + flow > max) return { depth: indents.length + flow, offset: i };
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      if (c !== SPACE && c !== TAB && c !== CR) lastSignificant = c;
      prev = c;
      i++;
    }
    if (
      quote === 0 &&
      flow === 0 &&
      (lastSignificant === 124 /* | */ || lastSignificant === 62 /* > */ || isBlockHeader(text, lineStart, i))
    ) {
      blockScalarIndent = indent;
    }
    if (i < n && text.charCodeAt(i) === LF) i++;
  }
  return undefined;
}

/** `key: |-`, `key: >2` and the like: a block scalar header ends the line. */
function isBlockHeader(text: string, from: number, to: number): boolean {
  let j = to - 1;
  while (j > from && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === CR || text.charCodeAt(j) === TAB)) j--;
  let k = j;
  while (k > from && /[0-9+-]/.test(text[k]!)) k--;
  return k < j && (text[k] === '|' || text[k] === '>') && (k === from || text[k - 1] === ' ');
}

function skipLine(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

export interface SuspectKey {
  readonly code: 'yaml.duplicate-key' | 'key.forbidden';
  readonly key: string;
  /** Offset of the key's opening quote. */
  readonly offset: number;
}

/**
 * The keys of a JSON text (already accepted by JSON.parse) that JSON.parse would mishandle silently: a key that
 * appears twice in one object (JSON.parse keeps the last) and `__proto__`. One pass over the text.
 */
export function jsonSuspectKeys(text: string): SuspectKey[] {
  const out: SuspectKey[] = [];
  const keys: (Set<string> | null)[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const j = stringEnd(text, i);
      const top = keys[keys.length - 1];
      if (top && expectKey) {
        const key = decodeString(text, i, j);
        if (key === '__proto__') out.push({ code: 'key.forbidden', key, offset: i });
        else if (top.has(key)) out.push({ code: 'yaml.duplicate-key', key, offset: i });
        else top.add(key);
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 123) {
      keys.push(new Set());
      expectKey = true;
    } else if (c === 91) {
      keys.push(null);
      expectKey = false;
    } else if (c === 125 || c === 93) {
      keys.pop();
      expectKey = false;
    } else if (c === 44) expectKey = keys[keys.length - 1] != null;
    i++;
  }
  return out;
}

/** True when the JSON text has a duplicate or a `__proto__` key (see jsonSuspectKeys). */
export function jsonHasSuspectKeys(text: string): boolean {
  return jsonSuspectKeys(text).length > 0;
}

/** Offset of the closing quote of the JSON string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  const n = text.length;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92) {
      j += 2;
      continue;
    }
    if (d === 34) break;
    j++;
  }
  return j;
}

function decodeString(text: string, i: number, j: number): string {
  const raw = text.slice(i, j + 1);
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/**
 * Offsets of the values at `paths` in a JSON text (already accepted by JSON.parse), in one pass, with the rule of
 * locate.ts: a scalar at its value, a collection at its key (an array element at itself), a path that does not
 * exist at its nearest existing parent. For large JSON this replaces a YAML parse (20–50× slower) just to place issues.
 */
export function jsonOffsets(text: string, paths: readonly (readonly (string | number)[])[]): number[] {
  const SEP = '\u0000';
  const keyOf = (path: readonly (string | number)[], upTo: number) => path.slice(0, upTo).map(String).join(SEP);
  const wanted = new Set<string>();
  for (const p of paths) for (let k = 0; k <= p.length; k++) wanted.add(keyOf(p, k));
  const found = new Map<string, number>();
  type Frame = {
    readonly path: string;
    readonly array: boolean;
    index: number;
    key: string | undefined;
    keyAt: number;
  };
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  const valueStart = (at: number, collection: boolean): string => {
    const top = stack[stack.length - 1];
    let path = '';
    let place = at;
    if (top) {
      const seg = top.array ? String(top.index) : (top.key ?? '');
      path = top.path === '' && stack.length === 1 ? seg : `${top.path}${SEP}${seg}`;
      if (!top.array && collection) place = top.keyAt;
    }
    if (wanted.has(path) && !found.has(path)) found.set(path, place);
    return path;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 58 /* : */) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 44) {
      if (top?.array) top.index++;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 34 && top && !top.array && top.key === undefined) {
      const j = stringEnd(text, i);
      top.key = decodeString(text, i, j);
      top.keyAt = i;
      i = j + 1;
      continue;
    }
    if (c === 123 || c === 91) {
      const path = valueStart(i, true);
      if (top && !top.array) top.key = undefined;
      stack.push({ path, array: c === 91, index: 0, key: undefined, keyAt: i });
      i++;
      continue;
    }
    // A scalar value: a string, a number, true, false or null.
    valueStart(i, false);
    if (top && !top.array) top.key = undefined;
    if (c === 34) i = stringEnd(text, i) + 1;
    else while (i < n && !',}] \t\r\n'.includes(text[i]!)) i++;
  }
  return paths.map((p) => {
    for (let k = p.length; k >= 0; k--) {
      const at = found.get(keyOf(p, k));
      if (at !== undefined) return at;
    }
    return 0;
  });
}

export interface YamlFacts {
  readonly issues: Issue[];
  /** Each alias's node, for the issue locator (the yaml library's own lookup walks the whole document each time). */
  readonly aliasTargets: Map<Alias, Node>;
}

/**
 * One walk over the YAML tree: duplicate keys (the yaml library's own check, `uniqueKeys`, compares every pair of
 * keys: quadratic), `__proto__` keys, at most MAX_ALIASES anchors and aliases in all, at most
 * MAX_ALIASED_VALUES values repeated by aliases (what `*big` stands for, counted each time), no alias inside the
 * node it names. The first alias problem stops the walk (what follows would only repeat it).
 */
export function checkYamlTree(doc: Document, lines: LineCounter, file: string): YamlFacts {
  const issues: Issue[] = [];
  const aliasTargets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let marks = 0;
  let repeated = 0;
  let stopped = false;
  const place = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const pos = lines.linePos(range ? range[0] : 0);
    return { file, line: pos.line, col: pos.col };
  };
  const stop = (node: unknown, code: Issue['code'], message: string): number => {
    issues.push({ code, path: [], message, ...place(node) });
    stopped = true;
    return 1;
  };
  const walk = (node: unknown): number => {
    if (stopped || node === null || node === undefined) return 1;
    if (isAlias(node)) {
      if (++marks > MAX_ALIASES)
        return stop(
          node,
          'yaml.too-many-aliases',
          `more than ${MAX_ALIASES.toLocaleString('en-US')} anchors and aliases (&name, *name) in one file; that is the limit (docs/limits.md)`,
        );
      const target = anchors.get(node.source);
      if (target === undefined) {
        issues.push({
          code: 'yaml.invalid',
          path: [],
          message: `the alias *${excerpt(node.source)} names no anchor (&${excerpt(node.source)}) before it`,
          ...place(node),
        });
        return 1;
      }
      aliasTargets.set(node, target);
      if (open.has(target))
        return stop(
          node,
          'yaml.alias-cycle',
          `the alias *${node.source} is inside the node it names, so it never ends`,
        );
      const size = sizes.get(target) ?? 1;
      repeated += size;
      if (repeated > MAX_ALIASED_VALUES)
        return stop(
          node,
          'yaml.alias-expansion',
          `the aliases (*name) repeat more than ${MAX_ALIASED_VALUES.toLocaleString('en-US')} values in all; that is the limit (docs/limits.md)`,
        );
      return size;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) {
      if (++marks > MAX_ALIASES)
        return stop(
          node,
          'yaml.too-many-aliases',
          `more than ${MAX_ALIASES.toLocaleString('en-US')} anchors and aliases (&name, *name) in one file; that is the limit (docs/limits.md)`,
        );
      anchors.set(anchor, node as Node);
    }
    let size = 1;
    if (isCollection(node)) {
      open.add(node);
      const keys = isMap(node) ? new Set<string>() : undefined;
      for (const item of node.items) {
        if (isPair(item)) {
          if (keys && isScalar(item.key)) {
            const key = String(item.key.value);
            if (key === '__proto__') {
              issues.push({
                code: 'key.forbidden',
                path: [],
                message: "the key '__proto__' is not allowed (it names a JavaScript internal, never a field)",
                ...place(item.key),
              });
            } else if (keys.has(key)) {
              issues.push({
                code: 'yaml.duplicate-key',
                path: [],
                message: `the key '${excerpt(key)}' appears twice in the same mapping (which one was meant?)`,
                ...place(item.key),
              });
            } else keys.add(key);
          }
          size += walk(item.key) + walk(item.value);
        } else size += walk(item);
        if (stopped) break;
      }
      open.delete(node);
    }
    if (anchor !== undefined) sizes.set(node as Node, size);
    return size;
  };
  walk(doc.contents);
  return { issues, aliasTargets };
}
