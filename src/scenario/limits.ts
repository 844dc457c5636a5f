/**
 * The documented limits of every input (docs/limits.md): past one, the input is rejected with the code given there,
 * before anything large is allocated. One place, so the docs, the checks and the tests cannot drift apart.
 */

/** Most USD in any amount of money (prices per million tokens, budgets, commitment minimums). */
export const MAX_USD = 1e15;
/** Most USD per GPU-hour in a rate (reserved blocks) and per instance-hour in the catalog. */
export const MAX_RATE_USD = 1e6;
/** Most GPUs in any count (quotas, gangs, reserved blocks, replicas × GPUs, GPUs per catalog instance). */
export const MAX_GPUS = 1e8;
/** Most GPU-hours in an amount of work or a commitment minimum. */
export const MAX_GPU_HOURS = 1e15;
/** Most tokens per second. */
export const MAX_TOKENS_PER_SECOND = 1e15;
/** Most replicas a demand asks for (given or derived from tokens/s). */
export const MAX_REPLICAS = 1e8;
/** Largest throughput ratio to H100. */
export const MAX_THROUGHPUT_RATIO = 1000;
/** A team's fair-share weight (policies.teamWeights): greater than 0, at most this. */
export const MAX_TEAM_WEIGHT = 1000;
/** Most spot preemptions per hour. */
export const MAX_PREEMPTIONS_PER_HOUR = 1000;
/** Largest priority / survivability tier, and most providers a service may ask for. */
export const MAX_PRIORITY = 1000;
export const MAX_MIN_PROVIDERS = 1000;

/** Durations: at least one minute, at most 100 years (876,000 hours). */
export const MIN_DURATION_HOURS = 1 / 60;
export const MAX_DURATION_YEARS = 100;
export const MAX_DURATION_HOURS = MAX_DURATION_YEARS * 8760;
/** Most buckets a horizon is cut into (horizon length ÷ bucket). */
export const MAX_BUCKETS = 100_000;

/** Dates: years 1970 to 9999 (UTC). */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

/** Ids: the characters and length allowed. Names (teams, classes, GPUs, regions, providers, geographies, map keys):
 * letters and digits of any script, then also space . _ : / + @ ( ) # , -; no control or invisible characters. */
export const MAX_NAME_CHARS = 128;
export const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} ._:/+@()#,-]*$/u;
export const NAME_RULE = `letters, digits and . _ : / + @ ( ) # , - or space, starting with a letter or digit, at most ${MAX_NAME_CHARS} characters`;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
export const ID_RULE = `letters, digits and . _ : / - (ASCII, starting with a letter or digit), at most ${MAX_NAME_CHARS} characters`;
/** Free text (the scenario's description): no control characters but tab and newline, at most this long. */
export const MAX_TEXT_CHARS = 10_000;
/** Longest text of a quantity written with a unit ('2.5M USD'): longer text is not read at all. */
export const MAX_QUANTITY_CHARS = 64;

/** YAML structure: nesting depth, aliases, and the values aliases may repeat in all. */
export const MAX_NESTING = 64;
export const MAX_ALIASES = 10_000;
export const MAX_ALIASED_VALUES = 1_000_000;

/** Catalog and throughput CSV: most data rows. */
export const MAX_CSV_ROWS = 1_000_000;

/** `true` when `name` is a valid name (see NAME_PATTERN). */
export function isSafeName(name: string): boolean {
  return name.length <= MAX_NAME_CHARS && NAME_PATTERN.test(name);
}
