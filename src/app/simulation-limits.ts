/** The simulator's input limits the shell applies while reading (docs/limits.md, "Simulator inputs"). */
import { SIM_LIMITS } from '../sim/limits.js';

/** Largest trace file (job or request trace, and the incident archive), in bytes. */
export const TRACE_MAX_BYTES: number = SIM_LIMITS.traceBytes;
