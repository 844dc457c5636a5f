/**
 * envs and secrets, and `${VAR}` / `$VAR` references filled from them where SkyPilot fills them: in `file_mounts`,
 * `service`, `workdir` and `volumes` (not in `run` or `setup`, which the shell expands at run time with the envs set,
 * and not in `resources`). A reference to a name that is neither an env nor a secret is left as written. Every
 * string is filled twice: with the values (for the control plane) and with secrets masked (for what is printed).
 */
import { excerpt } from '../core/issues.js';
import { type DocCtx, isRecord, shown } from './context.js';

export const MASK = '<redacted>';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Vars {
  readonly envs: Record<string, string>;
  readonly secrets: Record<string, string>;
}

/** envs or secrets (dict form): names checked, values made text (`8` → '8'), an unset value warned. */
export function readVars(
  ctx: DocCtx,
  raw: unknown,
  key: 'envs' | 'secrets',
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw !== undefined && raw !== null) {
    if (key === 'secrets' && Array.isArray(raw)) {
      ctx.notHonoured(
        [key],
        'managed secret references (secrets:NAME) are not resolved by skyfleet; give values with --secret',
      );
    } else if (!isRecord(raw)) {
      ctx.error('skypilot.invalid-value', [key], `${key} must be a mapping of NAME: value, not ${shown(raw)}`);
    } else {
      for (const [name, v] of Object.entries(raw)) {
        if (key === 'envs' && !ENV_NAME.test(name)) {
          ctx.error('skypilot.invalid-value', [key, name], `${shown(name)} is not an environment variable name`);
          continue;
        }
        if (key === 'secrets' && name.startsWith('secrets:')) {
          ctx.notHonoured(
            [key, name],
            'managed secret references are not resolved by skyfleet; give the value with --secret',
          );
          continue;
        }
        if (v === null || v === undefined) {
          if (overrides[name] === undefined)
            ctx.warn(
              'skypilot.value-unset',
              [key, name],
              `${key}.${excerpt(name)} has no value: give it with --${key === 'envs' ? 'env' : 'secret'} ${excerpt(name)}=…`,
              { name },
            );
          continue;
        }
        if (typeof v === 'object') {
          ctx.error(
            'skypilot.invalid-value',
            [key, name],
            `${key}.${excerpt(name)} must be text or a number, not a ${Array.isArray(v) ? 'list' : 'mapping'}`,
          );
          continue;
        }
        // As SkyPilot (Python) makes text of them: true → 'True'.
        out[name] = typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
      }
    }
  }
  for (const [name, v] of Object.entries(overrides)) out[name] = v;
  return out;
}

/** `text` with `${NAME}` and `$NAME` filled (secrets masked when `mask`), other references as written. */
export function fill(text: string, vars: Vars, mask: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) break;
    out += text.slice(i, dollar);
    const braced = text[dollar + 1] === '{';
    let j = dollar + (braced ? 2 : 1);
    const start = j;
    if (/[A-Za-z_]/.test(text.charAt(j))) {
      j++;
      while (/[A-Za-z0-9_]/.test(text.charAt(j))) j++;
    }
    const name = text.slice(start, j);
    const closed = braced && text[j] === '}';
    const value = name === '' || (braced && !closed) ? undefined : lookup(name, vars, mask);
    if (value === undefined) {
      out += '$';
      i = dollar + 1;
      continue;
    }
    out += value;
    i = closed ? j + 1 : j;
  }
  return out + text.slice(i);
}

function lookup(name: string, vars: Vars, mask: boolean): string | undefined {
  if (Object.hasOwn(vars.secrets, name)) return mask ? MASK : vars.secrets[name];
  if (Object.hasOwn(vars.envs, name)) return vars.envs[name];
  return undefined;
}

/** Every string of a value (keys too) filled. */
export function fillDeep(v: unknown, vars: Vars, mask: boolean): unknown {
  if (typeof v === 'string') return fill(v, vars, mask);
  if (Array.isArray(v)) return v.map((x) => fillDeep(x, vars, mask));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[fill(k, vars, mask)] = fillDeep(x, vars, mask);
    return out;
  }
  return v;
}
