/** A refused sandbox call: a stable code (src/core/codes.ts), the HTTP status it is answered with, and whether the
 * caller may retry (the Provider port's ProviderError carries the same three facts to the control plane). */
import type { Code } from '../core/codes.js';

export class SandboxError extends Error {
  constructor(
    readonly code: Code,
    readonly status: number,
    message: string,
    readonly retryable: boolean,
    readonly params: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}
