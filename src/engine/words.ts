/**
 * The words port. The engine returns reasons as data (`{code, source, params}`, src/core/codes.ts); the plan's JSON
 * (schema plan@2) still carries the words next to them — `unplacedReason`, `violations[].message`, the rejections'
 * and lost work's `reason`, explain notes, a why-not's `params.reason` — and those are made through this port, which
 * the edge supplies (src/messages implements it: `MESSAGES`). The engine makes no words of its own.
 */
import type { Reason } from '../core/codes.js';
import type { WhyNot } from './plan-types.js';

export interface Words {
  /** One reason in words. */
  reason(r: Reason): string;
  /** A why-not in words: the binding cause, then the others with counts. */
  whyNot(w: WhyNot): string;
}
