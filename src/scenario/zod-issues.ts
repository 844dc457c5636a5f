/** Maps zod v4 issues onto our Issue codes (stable, documented in docs/scenario.md), with messages in plain words. */
import type { z } from 'zod';
import { isCode } from '../core/codes.js';
import { excerpt, type Issue, type IssuePath } from '../core/issues.js';

type ZodIssue = z.core.$ZodIssue;

const clean = (m: string) => m.replace(/^Invalid input: /, '');

function fromIssue(zi: ZodIssue, prefix: IssuePath): Issue[] {
  const path = [...prefix, ...(zi.path as (string | number)[])];
  const at = (code: Issue['code'], message: string, p: IssuePath = path): Issue => ({ code, path: p, message });
  switch (zi.code) {
    case 'invalid_type': {
      const last = path[path.length - 1];
      if (/received undefined$/.test(zi.message))
        return [at('schema.missing', `missing required field '${String(last ?? 'document')}'`)];
      return [at('schema.type', clean(zi.message))];
    }
    case 'unrecognized_keys':
      return zi.keys.map((k) => at('schema.unknown-key', `unknown field '${excerpt(k)}'`, [...path, k]));
    case 'too_small':
      if (zi.origin === 'array' || zi.origin === 'set')
        return [at('schema.too-few', `needs at least ${String(zi.minimum)} item(s)`)];
      if (zi.origin === 'string') return [at('schema.empty', 'must not be empty')];
      if (Number(zi.minimum) === 0 && !zi.inclusive) return [at('value.not-positive', 'must be greater than zero')];
      if (Number(zi.minimum) === 0) return [at('value.negative', 'must not be negative')];
      return [at('value.too-small', `must be at least ${String(zi.minimum)}`)];
    case 'too_big':
      // z.int()'s own bound (2^53 - 1): every integer field has a documented, far lower maximum that says it better.
      if (zi.origin === 'int' && Number(zi.maximum) === Number.MAX_SAFE_INTEGER) return [];
      if (zi.origin === 'string')
        return [at('value.too-long', `must be at most ${String(zi.maximum)} characters long (docs/limits.md)`)];
      if (zi.origin === 'array' || zi.origin === 'set')
        return [at('value.too-big', `must have at most ${String(zi.maximum)} items (docs/limits.md)`)];
      return [at('value.too-big', `must be at most ${Number(zi.maximum).toLocaleString('en-US')} (docs/limits.md)`)];
    case 'invalid_key':
      return zi.issues.flatMap((k) => fromIssue(k, path));
    case 'invalid_value':
      return [at('schema.enum', `must be one of ${zi.values.map((v) => String(v)).join(', ')}`)];
    case 'invalid_format':
      return [at('schema.format', clean(zi.message))];
    case 'invalid_union': {
      const disc = (zi as { discriminator?: string; options?: unknown[] }).discriminator;
      if (disc !== undefined) {
        const options = (zi as { options?: unknown[] }).options ?? [];
        return [at('schema.enum', `${disc} must be one of ${options.map(String).join(', ')}`)];
      }
      // A value of the wrong type for every branch: say which types would do; else explain the closest branch.
      const branches = zi.errors;
      const typeOnly = branches.every((b) => b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0);
      if (typeOnly) {
        const expected = branches.map((b) => (b[0] as { expected?: string } | undefined)?.expected ?? '?');
        return [at('schema.type', `expected ${expected.join(' or ')}`)];
      }
      const closest =
        branches.filter((b) => !(b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0))[0] ?? [];
      return closest.flatMap((b) => fromIssue(b, path));
    }
    case 'custom': {
      const given = (zi.params as { code?: string } | undefined)?.code;
      return [at(given !== undefined && isCode(given) ? given : 'schema.invalid', zi.message)];
    }
    default:
      return [at('schema.invalid', clean(zi.message))];
  }
}

export function zodIssues(issues: readonly ZodIssue[], prefix: IssuePath = []): Issue[] {
  return issues.flatMap((zi) => fromIssue(zi, prefix));
}
