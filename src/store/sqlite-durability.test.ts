/**
 * kill -9 loses no committed write: a child process writes to a SQLite store and prints each write after its
 * commit; the test kills it with SIGKILL once it has printed enough, reopens the file and finds every printed write,
 * twice over on the same file (each restart also recovers the WAL the killed process left). Both synchronous
 * settings the store offers are held to it (a process crash, unlike a power cut, cannot lose a WAL commit).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openStore } from './open-store.js';
import { openSqliteBackend } from './sqlite-backend.js';

const WRITER = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
/** Lines to read before the kill; the writer is killed wherever it is then. */
const LINES_BEFORE_KILL = 300;

/** Runs the writer until it has printed `lines` lines, kills it with SIGKILL, answers its output split at newlines
 * (the last item is what followed the last newline: a partial line, or empty). */
function writeThenKill(path: string, sync: string, prefix: string, lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, sync, prefix], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!killed && out.split('\n').length > lines) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('exit', (exitCode, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended by itself (${exitCode}): ${err}`));
      else resolve(out.split('\n'));
    });
  });
}

for (const sync of ['full', 'normal']) {
  test(`SQLite (synchronous=${sync}): every write acknowledged before kill -9 is there after restart`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyfleet-crash-'));
    const path = join(dir, 'test.db');
    try {
      const acknowledged: string[] = [];
      for (const round of [1, 2]) {
        const lines = await writeThenKill(path, sync, `r${round}`, LINES_BEFORE_KILL);
        // The last chunk may end in a partial line: only whole lines were acknowledged.
        acknowledged.push(...lines.slice(0, -1));
        assert.ok(acknowledged.length >= round * (LINES_BEFORE_KILL - 1));
      }
      const store = await openStore(`sqlite:${path}`, { dir });
      await store.migrate();
      try {
        for (const line of acknowledged) {
          const [what, id, version] = line.split(' ');
          const w = await store.getWorkload(id ?? '');
          assert.ok(w, `${line}: the workload is there`);
          if (what === 'changed') {
            assert.ok(w.version >= Number(version), `${line}: the change is there`);
            assert.equal(w.state, 'admitted');
            assert.equal((await store.listEvents(w.id)).length, 2);
          }
        }
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the file is in WAL mode with synchronous NORMAL by default, FULL on request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-pragma-'));
  try {
    for (const [sync, level] of [
      [undefined, 1],
      ['normal', 1],
      ['full', 2],
    ] as const) {
      const b = openSqliteBackend(join(dir, 'p.db'), sync);
      try {
        const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(b.db);
        const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(b.db);
        assert.equal(mode.rows[0]?.journal_mode, 'wal');
        assert.equal(synchronous.rows[0]?.synchronous, level, `synchronous=${sync ?? '(default)'}`);
      } finally {
        await b.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
