/**
 * The command line's readers for flag values. The rules are the application's, one each, shared with every other
 * caller of the use cases: the seed (src/app/seed.ts) and the number and list fields (src/app/fields.ts).
 */
export { flagError } from '../app/errors.js';
export { parseSeed, SEED_MAX } from '../app/seed.js';
export { FLAG_LIMITS, parseList, parseNumberFlag, type NumberRule } from '../app/fields.js';
