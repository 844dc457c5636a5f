/**
 * Reading a request body: its content type is one the route reads, its Content-Length (when given) is within the
 * limit before a byte is read, and the bytes read stay within it (a chunked body is cut off at the limit). JSON is
 * parsed into a 400 problem when malformed.
 */
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

/** The body as UTF-8 text, at most `limit` bytes. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiProblem('file.not-utf8', 400, 'the body is not valid UTF-8 text');
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message.slice(0, 200) : 'it does not parse';
    throw new ApiProblem('api.malformed-json', 400, `the body is not valid JSON: ${why}`);
  }
}
