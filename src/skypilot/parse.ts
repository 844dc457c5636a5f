/** The YAML of a task or workload file, every document with its place in the file. YAML 1.2 (as the scenario reader); the one difference from SkyPilot's PyYAML that matters, yes/no/on/off as booleans, is taken where a boolean is read. */
import { type Document, isCollection, isPair, LineCounter, parseAllDocuments, visit } from 'yaml';
import { capIssues, fail, type Issue, ok, type Result } from '../core/issues.js';
import { MAX_NESTING } from '../scenario/limits.js';
import { checkYamlTree, isBlankOrComments, tooDeep } from '../scenario/structure.js';
import { DocCtx } from './context.js';

/** Most documents in one file. */
export const MAX_DOCUMENTS = 1001;

export interface ParsedDoc {
  readonly ctx: DocCtx;
  readonly value: unknown;
}

const at1 = (file: string, code: Issue['code'], message: string, line = 1, col = 1): Issue => ({
  code,
  path: [],
  message,
  file,
  line,
  col,
});

/** A file's documents, with the lists the readers of those documents report into (DocCtx). */
export interface ParsedFile {
  readonly docs: ParsedDoc[];
  readonly errors: Issue[];
  readonly warnings: Issue[];
}

/** Every document, or the problems of the text itself (empty, too deep, not YAML, duplicate keys, alias bombs). */
export function parseDocs(text: string, file: string, emptyMessage: string): Result<ParsedFile> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  if (isBlankOrComments(text)) return fail([at1(file, 'file.empty', emptyMessage)]);
  const lines = new LineCounter();
  const deep = tooDeep(text);
  if (deep) {
    lines.addNewLine(0);
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lines.addNewLine(k + 1);
    const pos = lines.linePos(deep.offset);
    return fail([
      at1(
        file,
        'yaml.too-deep',
        `the document is nested deeper than ${MAX_NESTING} levels, the limit (docs/limits.md)`,
        pos.line,
        pos.col,
      ),
    ]);
  }
  // merge: `<<: *base` keys, which PyYAML (SkyPilot's reader) resolves.
  // logLevel 'error': the library prints no warning of its own (a collection key is reported below instead).
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    merge: true,
    logLevel: 'error',
  });
  if (!Array.isArray(docs)) return fail([at1(file, 'file.empty', emptyMessage)]);
  const syntax: Issue[] = [];
  for (const d of docs)
    for (const e of d.errors) {
      const pos = lines.linePos(e.pos[0]);
      syntax.push(at1(file, 'yaml.syntax', e.message.split('\n')[0] ?? 'YAML syntax error', pos.line, pos.col));
    }
  if (syntax.length > 0) return fail(capIssues(syntax));
  if (docs.length > MAX_DOCUMENTS)
    return fail([
      at1(
        file,
        'value.too-big',
        `the file holds ${docs.length} documents; at most ${MAX_DOCUMENTS} are read (docs/limits.md)`,
      ),
    ]);
  const out: ParsedDoc[] = [];
  for (const d of docs) {
    const tree = checkYamlTree(d, lines, file);
    if (tree.issues.length > 0) {
      errors.push(...tree.issues);
      continue;
    }
    const keyed = collectionKey(d);
    if (keyed !== undefined) {
      const pos = lines.linePos(keyed);
      errors.push(
        at1(
          file,
          'yaml.invalid',
          'a key here is a mapping or a list, not a name: a template placeholder such as {{ name }} must be filled in before the file is read',
          pos.line,
          pos.col,
        ),
      );
      continue;
    }
    const ctx = new DocCtx(
      file,
      { doc: d, lines, aliasTargets: tree.aliasTargets, keys: new WeakMap() },
      errors,
      warnings,
    );
    try {
      out.push({ ctx, value: d.toJS({ maxAliasCount: -1 }) });
    } catch (e) {
      ctx.error('yaml.invalid', [], e instanceof Error ? (e.message.split('\n')[0] ?? '') : 'the YAML cannot be read');
    }
  }
  if (errors.length > 0) return fail(capIssues(errors));
  return ok({ docs: out, errors, warnings });
}

/** The offset of the first mapping key that is itself a mapping or a list (`{{ name }}` reads so), if any. */
function collectionKey(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        at = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at;
}
