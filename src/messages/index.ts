/**
 * The renderer: the one place where skyfleet's codes become English. The engine and the readers return data —
 * reasons `{code, source, params}` and Issues with codes from src/core/codes.ts — and the edge (the CLI, the HTML
 * report, the coming HTTP API's problem details) makes the words here. `MESSAGES` is the engine's Words port
 * (src/engine/words.ts): through it the plan's JSON keeps its text fields, made from the codes.
 *
 * Imports: src/core and the engine's types only; pure (no node: module, clock or environment). Imported by the edge
 * (src/cli, src/report, src/app and the server to come), never by src/core, src/engine, src/sim or src/ledger.
 */
import type { Words } from '../engine/words.js';
import { reasonText } from './reasons.js';
import { whyNotText } from './why-not.js';

export { reasonText } from './reasons.js';
export { bindingText, othersText, whyNotText } from './why-not.js';
export { formatIssue as issueLine } from '../core/issues.js';

/** The engine's Words port, implemented. */
export const MESSAGES: Words = { reason: reasonText, whyNot: whyNotText };
