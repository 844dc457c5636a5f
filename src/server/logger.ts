/**
 * The server's structured log: pino, JSON lines, to stderr or a file. One line per request (method, route, path,
 * status, latency, the problem's type); no body, no header but the request id is ever logged, and the paths of
 * anything secret are redacted besides (a defence should a later line carry a request or a spec).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'secrets',
  '*.secrets',
  'spec.secrets',
  '*.spec.secrets',
];

export function createLogger(dest: DestinationStream, level = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'skyfleet' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    dest,
  );
}

/**
 * stderr (asynchronous; flushed on shutdown) or a file appended to. The lines written in one turn of the event loop
 * (under load, the answers of a whole group commit) go out in one write at the end of that turn, not one write each;
 * to a file that write is synchronous (a few µs into the page cache, where handing it to libuv's thread pool cost
 * several times that in CPU), to stderr — a pipe that may be full — it stays asynchronous.
 */
export function logDestination(file?: string): DestinationStream & { flushSync(): void } {
  const sink = pino.destination({ dest: file ?? 2, sync: file !== undefined, mkdir: file !== undefined, append: true });
  let pending: string[] = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    sink.write(text);
  };
  return {
    write(line: string) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flushSync() {
      drain();
      sink.flushSync();
    },
  };
}
