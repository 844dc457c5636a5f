/** InputFiles for tests: the repository's files, read with node:fs, every read recorded (kind and name, in order). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputFiles, InputKind } from '../ports.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface RecordingFiles extends InputFiles {
  readonly reads: { kind: InputKind; name: string; bundled: boolean }[];
}

/** Names are paths from the repository root; `overrides` gives the text of a name instead of its file. */
export function repoFiles(overrides: Readonly<Record<string, string>> = {}): RecordingFiles {
  const reads: { kind: InputKind; name: string; bundled: boolean }[] = [];
  const text = (name: string): string => overrides[name] ?? readFileSync(new URL(name, `file://${REPO}`), 'utf8');
  return {
    reads,
    read: (kind, name) => {
      reads.push({ kind, name, bundled: false });
      return text(name);
    },
    readBundled: (kind, name) => {
      reads.push({ kind, name, bundled: true });
      return text(name);
    },
  };
}
