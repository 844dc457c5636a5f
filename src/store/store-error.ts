/**
 * A store operation refused or failed, as data: `code` is a stable code (src/core/codes.ts, family `store`) and
 * `params` its parameters. The server renders it like the other coded errors; the command line prints one line.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    readonly params: Readonly<Record<string, unknown>> = {},
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'StoreError';
  }
}
