/** zod's issues as the API's problems: an unknown field (422 `api.unknown-field`), a wrong field (422
 * `api.invalid-field`), a parameter or header that cannot be read (400 `api.invalid-parameter`). */
import type { z } from 'zod';
import { ApiProblem } from './problem.js';

const MAX_ERRORS = 10;

const pathText = (path: readonly PropertyKey[]): string => path.map((p) => String(p).slice(0, 60)).join('.');

function errors(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, MAX_ERRORS).map((i) => ({
    path: pathText(i.path),
    message:
      i.code === 'unrecognized_keys'
        ? `unknown field(s) ${i.keys.map((k) => `'${k.slice(0, 60)}'`).join(', ')}`
        : i.message,
  }));
}

export function invalidBody(issues: readonly z.core.$ZodIssue[]): ApiProblem {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && unknown.code === 'unrecognized_keys') {
    const where = unknown.path.length === 0 ? 'at the top level' : `in ${pathText(unknown.path)}`;
    const fields = unknown.keys.slice(0, MAX_ERRORS).map((k) => k.slice(0, 60));
    return new ApiProblem(
      'api.unknown-field',
      422,
      `unknown field${fields.length > 1 ? 's' : ''} ${fields.map((f) => `'${f}'`).join(', ')} ${where}`,
      { path: pathText(unknown.path), fields },
    );
  }
  const all = errors(issues);
  const first = all[0];
  return new ApiProblem(
    'api.invalid-field',
    422,
    first ? `${first.path === '' ? 'the body' : first.path}: ${first.message}` : 'the body does not fit the schema',
    { errors: all },
  );
}

export function invalidParameters(issues: readonly z.core.$ZodIssue[], what: string): ApiProblem {
  const all = errors(issues);
  const first = all[0];
  return new ApiProblem(
    'api.invalid-parameter',
    400,
    first ? `${what}${first.path === '' ? '' : ` '${first.path}'`}: ${first.message}` : `a ${what} cannot be read`,
    { errors: all },
  );
}
