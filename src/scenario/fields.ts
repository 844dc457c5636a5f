/**
 * Zod field builders for quantities written with units. Each field is a plain string (or number) in the JSON Schema,
 * with a pattern and a description for editors; the check runs the strict parser of units.ts, so a bad value
 * becomes an issue with the parser's code (`unit.wrong-unit`, `value.negative`, …) and message.
 */
import { z } from 'zod';
import { excerpt, type Result } from '../core/issues.js';
import {
  ID_PATTERN,
  ID_RULE,
  isSafeName,
  MAX_GPUS,
  MAX_NAME_CHARS,
  MAX_REPLICAS,
  MAX_TEXT_CHARS,
  NAME_RULE,
} from './limits.js';
import {
  parseAnnualChange,
  parseDuration,
  parseFraction,
  parseGpuHours,
  parseInstant,
  parseMoney,
  parseRate,
  parseReplicas,
  parseTokensPerSecond,
} from './units.js';

const N = String.raw`\s*(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?\s*`;

/** A string checked by `parse`; `positive` also rejects zero. */
function unitString(parse: (t: string) => Result<number>, pattern: string, description: string, positive: boolean) {
  return z
    .string()
    .meta({ pattern, description })
    .check((ctx) => {
      const r = parse(ctx.value);
      if (!r.ok) {
        for (const i of r.issues)
          ctx.issues.push({ code: 'custom', message: i.message, input: ctx.value, params: { code: i.code } });
      } else if (positive && r.value === 0) {
        ctx.issues.push({
          code: 'custom',
          message: `'${ctx.value}' must be greater than zero`,
          input: ctx.value,
          params: { code: 'value.not-positive' },
        });
      }
    });
}

export const annualChange = () =>
  unitString(
    parseAnnualChange,
    `^\\s*[+-]?(\\d+(\\.\\d+)?|\\.\\d+)\\s*%\\s*/\\s*y\\s*$`,
    "a change per year, e.g. '-15%/y'",
    false,
  );
export const money = (positive = true) =>
  unitString(
    parseMoney,
    `^${N}([kKMBT]\\s*)?USD\\s*$`,
    "USD with an optional k/M/B/T scale, e.g. '2.5M USD'",
    positive,
  );
export const gpuHours = (positive = true) =>
  unitString(
    parseGpuHours,
    `^${N}([kKMBT]\\s*)?[Gg][Pp][Uu]-[Hh](ours)?\\s*$`,
    "GPU-hours, e.g. '500k GPU-h'",
    positive,
  );
export const rate = (positive = false) =>
  unitString(parseRate, `^${N}USD/[Gg][Pp][Uu]-[Hh](our)?\\s*$`, "USD per GPU-hour, e.g. '2.1 USD/GPU-h'", positive);
export const tokensPerSecond = (positive = true) =>
  unitString(
    parseTokensPerSecond,
    `^${N}([kKMBT]\\s*)?tokens/s\\s*$`,
    "tokens per second, e.g. '1.2M tokens/s'",
    positive,
  );
export const duration = (positive = true) =>
  unitString(
    parseDuration,
    `^${N}(y|mo|w|d|h|min)\\s*$`,
    "a duration: y (8760h, calendar years on dates), mo (730h, calendar months on dates), w, d, h or min, e.g. '6mo'",
    positive,
  );

export const date = () =>
  z
    .string()
    .meta({
      pattern: String.raw`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|\+00:00))?$`,
      description: "a UTC date 'YYYY-MM-DD' (midnight UTC) or 'YYYY-MM-DDTHH:MM:SSZ'",
    })
    .check((ctx) => {
      const r = parseInstant(ctx.value);
      if (!r.ok)
        for (const i of r.issues)
          ctx.issues.push({ code: 'custom', message: i.message, input: ctx.value, params: { code: i.code } });
    });

/** A share in 0..1: '20%' or a bare fraction 0.2. */
export const fraction = () =>
  z
    .union([z.number().meta({ minimum: 0, maximum: 1 }), z.string().meta({ pattern: `^${N}(%\\s*)?$` })])
    .meta({ description: "a share between 0 and 1: '20%' or 0.2" })
    .check((ctx) => {
      const r = parseFraction(ctx.value);
      if (!r.ok)
        for (const i of r.issues)
          ctx.issues.push({ code: 'custom', message: i.message, input: ctx.value, params: { code: i.code } });
    });

/** A commitment minimum: USD ('400k USD') or GPU-hours ('500k GPU-h'); which one must match the commitment unit. */
export const amount = () =>
  z
    .string()
    .meta({
      pattern: `^${N}([kKMBT]\\s*)?(USD|[Gg][Pp][Uu]-[Hh](ours)?)\\s*$`,
      description: "a minimum in USD ('400k USD') or GPU-hours ('500k GPU-h')",
    })
    .check((ctx) => {
      const r = parseAmount(ctx.value);
      if (!r.ok)
        for (const i of r.issues)
          ctx.issues.push({ code: 'custom', message: i.message, input: ctx.value, params: { code: i.code } });
    });

export function parseAmount(text: string): Result<{ unit: 'usd' | 'gpu-hours'; value: number }> {
  const usd = parseMoney(text);
  if (usd.ok) return { ok: true, value: { unit: 'usd', value: usd.value } };
  const gh = parseGpuHours(text);
  if (gh.ok) return { ok: true, value: { unit: 'gpu-hours', value: gh.value } };
  if (usd.issues[0]?.code !== 'unit.wrong-unit') return usd; // e.g. a negative amount in USD
  if (gh.issues[0]?.code !== 'unit.wrong-unit') return gh;
  return {
    ok: false,
    issues: [
      {
        code: 'unit.wrong-unit',
        path: [],
        message: `'${text}': write a minimum in USD ('400k USD') or in GPU-hours ('500k GPU-h')`,
      },
    ],
  };
}

/** Inference demand in a geography: '600k tokens/s', '12 replicas' or a bare replica count. */
export const demand = () =>
  z
    .union([
      z.number().meta({ exclusiveMinimum: 0 }),
      z.string().meta({ pattern: `^${N}([kKMBT]\\s*)?(tokens/s|replicas?)\\s*$` }),
    ])
    .meta({
      description:
        "demand in one geography: tokens per second ('600k tokens/s') or H100 replicas ('12 replicas' or 12)",
    })
    .check((ctx) => {
      const v = ctx.value;
      const r =
        typeof v === 'number'
          ? { ok: true as const, value: v }
          : /tokens\/s\s*$/.test(v)
            ? parseTokensPerSecond(v)
            : parseReplicas(v);
      if (!r.ok)
        for (const i of r.issues)
          ctx.issues.push({ code: 'custom', message: i.message, input: v, params: { code: i.code } });
      else if (!(r.value > 0))
        ctx.issues.push({
          code: 'custom',
          message: `demand '${excerpt(String(v))}' must be greater than zero`,
          input: v,
          params: { code: 'value.not-positive' },
        });
      else if ((typeof v === 'number' || !/tokens\/s\s*$/.test(v)) && r.value > MAX_REPLICAS)
        ctx.issues.push({
          code: 'custom',
          message: `demand '${excerpt(String(v))}' must be at most ${MAX_REPLICAS.toExponential().replace('+', '')} replicas (docs/limits.md)`,
          input: v,
          params: { code: 'value.too-big' },
        });
    });

export const id = () =>
  z.string().meta({ description: 'an identifier' }).max(MAX_NAME_CHARS).regex(ID_PATTERN, `an id is ${ID_RULE}`);

/** A name (team, class, GPU model, region, provider, geography, map key): no control or invisible characters, so it
 * is safe to print; an empty name is left to `.min(1)` where one is required. */
export const name = () =>
  z
    .string()
    .meta({ description: `a name: ${NAME_RULE}`, maxLength: MAX_NAME_CHARS })
    .check((ctx) => {
      if (ctx.value === '' || isSafeName(ctx.value)) return;
      ctx.issues.push({
        code: 'custom',
        message: `'${excerpt(ctx.value)}' is not a valid name: use ${NAME_RULE}`,
        input: ctx.value,
        params: { code: 'name.invalid' },
      });
    });

/** Free text (a description): any printable text and newlines or tabs, at most MAX_TEXT_CHARS characters. */
export const text = () =>
  z
    .string()
    .meta({ maxLength: MAX_TEXT_CHARS })
    .check((ctx) => {
      if (ctx.value.length > MAX_TEXT_CHARS) {
        ctx.issues.push({
          code: 'custom',
          message: `the text is ${ctx.value.length} characters long, the limit is ${MAX_TEXT_CHARS}`,
          input: ctx.value,
          params: { code: 'value.too-long' },
        });
      } else if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(ctx.value)) {
        ctx.issues.push({
          code: 'custom',
          message: 'the text holds control characters (only tab and newline are allowed)',
          input: ctx.value,
          params: { code: 'text.control-character' },
        });
      }
    });

export const positiveInt = (max = MAX_GPUS) => z.number().int().positive().max(max);
export const count = (max = MAX_GPUS) => z.number().int().nonnegative().max(max);
