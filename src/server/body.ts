/**
 * Reading a request body: its content type is one the route reads, its Content-Length (when given) is within the
 * limit before a byte is read, and the bytes read stay within it (a chunked body is cut off at the limit). JSON is
 * parsed into a 400 problem when malformed.
 */
import type { IncomingMessage } from 'node:http';
import { ApiProblem } from './problem.js';

export type BodyKind = 'json' | 'yaml';

const KINDS: Readonly<Record<string, BodyKind>> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/x-yaml': 'yaml',
};

export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The kind of body a content type carries, if the route accepts it; else a 415 problem. */
export function bodyKind(header: string | undefined, accepts: readonly BodyKind[]): BodyKind {
  const type = mediaTypeOf(header);
  const kind = KINDS[type];
  if (kind === undefined || !accepts.includes(kind)) {
    const names = Object.entries(KINDS)
      .filter(([, k]) => accepts.includes(k))
      .map(([t]) => t);
    throw new ApiProblem(
      'api.unsupported-media-type',
      415,
      `the body is ${type === '' ? 'sent without a Content-Type' : `of type ${type.slice(0, 100)}`}; this route reads ${names.join(', ')}`,
      { contentType: type.slice(0, 100), accepts: names },
    );
  }
  return kind;
}

const tooLarge = (limit: number): ApiProblem =>
  new ApiProblem('api.body-too-large', 413, `the body is larger than the limit of ${limit} bytes (docs/api.md)`, {
    limit,
  });

/** One decoder for every body (a fatal decoder keeps no state between whole-buffer decodes). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ApiProblem('file.not-utf8', 400, 'the body is not valid UTF-8 text');
  }
}

function checkDeclared(declared: string | null | undefined, limit: number): void {
  if (declared != null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * A request header as the web `Headers` of the request would give it (several fields of that name joined with
 * ", "), read from Node's request without building those `Headers`. `name` is lower case.
 */
export function incomingHeader(m: IncomingMessage, name: string): string | undefined {
  const raw = m.rawHeaders;
  let out: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as string;
    if (k.length === name.length && k.toLowerCase() === name) {
      const v = raw[i + 1] as string;
      out = out === undefined ? v : `${out}, ${v}`;
    }
  }
  return out;
}

/**
 * The body of Node's request as UTF-8 text, at most `limit` bytes: the same checks as `readBodyText`, read from the
 * socket's chunks directly (no web `Request`, `AbortSignal` or web stream per request: the hot path of the server,
 * app.ts). Past the limit it stops reading (the Node adapter drains the rest once the answer is sent).
 */
export function readIncomingText(m: IncomingMessage, limit: number): Promise<string> {
  checkDeclared(incomingHeader(m, 'content-length'), limit);
  if (m.readableEnded) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (): void => {
      m.off('data', onData);
      m.off('end', onEnd);
      m.off('error', onError);
      m.off('close', onClose);
    };
    const onData = (b: Buffer): void => {
      total += b.byteLength;
      if (total > limit) {
        done();
        m.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(b);
    };
    const onEnd = (): void => {
      done();
      try {
        resolve(utf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total)));
      } catch (e) {
        reject(e);
      }
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const onClose = (): void => {
      done();
      reject(new Error('the request was closed before its body was read'));
    };
    m.on('data', onData);
    m.on('end', onEnd);
    m.on('error', onError);
    m.on('close', onClose);
  });
}

/** The body as UTF-8 text, at most `limit` bytes. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  checkDeclared(req.headers.get('content-length'), limit);
  if (req.body === null) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return utf8(Buffer.concat(chunks));
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message.slice(0, 200) : 'it does not parse';
    throw new ApiProblem('api.malformed-json', 400, `the body is not valid JSON: ${why}`);
  }
}
