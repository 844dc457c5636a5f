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
        // As SkyPilot (Python, reading YAML 1.1) makes text of them: true → 'True', 1.0 → '1.0', 2e-5 → '2e-5'.
        out[name] =
          typeof v === 'boolean'
            ? v
              ? 'True'
              : 'False'
            : typeof v === 'number'
              ? pyNumberText(v, ctx.scalarSource([key, name]))
              : yaml11Bool(String(v), ctx.scalarSource([key, name]));
      }
    }
  }
  for (const [name, v] of Object.entries(overrides)) out[name] = v;
  return out;
}

/**
 * The text SkyPilot gives a number written `source` in an env: PyYAML reads YAML 1.1 (a float needs a dot, so
 * `2e-5` stays text; `0x1F`, `017` are integers) and Python's str() writes floats its own way (`1.0`, `1e-05`).
 */
export function pyNumberText(v: number, source: string | undefined): string {
  if (source === undefined) return String(v);
  const s = source.trim().replace(/_/g, '');
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(s)) return s.replace(/^\+/, '').replace(/^-0$/, '0');
  if (/^([-+]?[0-9]+\.[0-9]*|\.[0-9]+)([eE][-+][0-9]+)?$/.test(s)) return pyFloat(Number(s));
  if (/^[-+]?0x[0-9a-fA-F]+$/.test(s)) return String(Number.parseInt(s, 16));
  if (/^[-+]?0[0-7]+$/.test(s)) return String(Number.parseInt(s, 8));
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? '-inf' : 'inf';
  if (/^\.(nan|NaN|NAN)$/.test(s)) return 'nan';
  return source.trim();
}

/** A plain `yes`/`no`/`on`/`off` is a boolean to PyYAML (YAML 1.1), so SkyPilot sets 'True' / 'False'. */
function yaml11Bool(v: string, source: string | undefined): string {
  if (source === undefined || source !== v) return v;
  if (/^(yes|Yes|YES|on|On|ON)$/.test(v)) return 'True';
  if (/^(no|No|NO|off|Off|OFF)$/.test(v)) return 'False';
  return v;
}

/** Python's repr of a float: the shortest digits, `.0` when whole, an exponent below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const [m = '0', eText = '0'] = Math.abs(x).toExponential().split('e');
  const e = Number(eText);
  const digits = m.replace('.', '');
  if (x === 0) return `${sign}0.0`;
  if (e >= -4 && e < 16) {
    if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
    return `${sign}${digits.slice(0, e + 1).padEnd(e + 1, '0')}.${digits.slice(e + 1) || '0'}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
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
