/**
 * The house rules, checked over every folder of src/ (docs/architecture.md draws them):
 *   - the pure core (core, engine, sim, ledger) reads no clock, environment or randomness and imports no `node:` module;
 *   - every folder has a row in LAYERS saying which project folders and which packages it may import; a folder
 *     without a row fails the test, so a new folder must be placed in the picture before it is used.
 * Test files and test-support folders inside src/ may also import test tools (fast-check, node:test, node:assert…)
 * and any folder but the command line (a test of the app may run the real HiGHS adapter, an engine test may read the
 * renderer's words); tests that drive the command line live in test/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';

interface Layer {
  /** Project folders (under src/) this folder may import, itself included. */
  readonly imports: readonly string[];
  /** Of those, the folders it may import types from only (`import type`): their values stay out of its code. */
  readonly typesOnly?: readonly string[];
  /** npm packages and node: modules its product code may import. */
  readonly packages: readonly string[];
  readonly pure?: boolean;
}

const LAYERS: Readonly<Record<string, Layer>> = {
  core: { imports: ['core'], packages: ['pure-rand'], pure: true },
  scenario: { imports: ['core', 'scenario'], packages: ['yaml', 'zod'], pure: true },
  skypilot: { imports: ['core', 'scenario', 'skypilot'], packages: ['yaml', 'zod'], pure: true },
  engine: { imports: ['core', 'engine'], packages: [], pure: true },
  ledger: { imports: ['core', 'ledger'], packages: [], pure: true },
  sim: { imports: ['core', 'engine', 'ledger', 'sim'], packages: [], pure: true },
  messages: { imports: ['core', 'engine', 'messages'], typesOnly: ['engine'], packages: [], pure: true },
  control: { imports: ['core', 'scenario', 'engine', 'control'], packages: [], pure: true },
  app: {
    imports: ['core', 'scenario', 'skypilot', 'engine', 'ledger', 'sim', 'messages', 'control', 'app'],
    packages: [],
    pure: true,
  },
  'solver-highs': {
    imports: ['core', 'engine', 'app', 'solver-highs'],
    typesOnly: ['app'],
    packages: ['highs', 'node:worker_threads', 'node:url', 'node:path', 'node:module'],
  },
  sandbox: {
    imports: ['core', 'scenario', 'control', 'sandbox'],
    typesOnly: ['control'],
    packages: [
      'hono',
      '@hono/node-server',
      'zod',
      'yaml',
      'node:child_process',
      'node:http',
      'node:net',
      'node:fs',
      'node:path',
      'node:os',
    ],
  },
  providers: { imports: ['core', 'control', 'providers'], packages: [] },
  report: {
    imports: ['core', 'sim', 'ledger', 'report'],
    typesOnly: ['sim', 'ledger'],
    packages: ['node:fs', 'node:path'],
  },
  server: {
    imports: ['core', 'control', 'app', 'messages', 'server'],
    packages: [
      'hono',
      '@hono/node-server',
      'zod',
      'prom-client',
      'pino',
      'node:crypto',
      'node:http',
      'node:net',
      'node:fs',
      'node:path',
    ],
  },
  store: {
    imports: ['core', 'control', 'store'],
    typesOnly: ['control'],
    packages: ['kysely', 'better-sqlite3', 'pg', 'node:fs', 'node:path', 'node:crypto'],
  },
  cli: {
    imports: [
      'core',
      'app',
      'messages',
      'report',
      'solver-highs',
      'control',
      'server',
      'store',
      'sandbox',
      'providers',
      'cli',
    ],
    packages: [
      'commander',
      'node:fs',
      'node:os',
      'node:path',
      'node:url',
      'node:worker_threads',
      'node:process',
      'node:crypto',
    ],
  },
};

const TEST_PACKAGES = [
  'fast-check',
  'node:test',
  'node:assert',
  'node:assert/strict',
  'node:fs',
  'node:path',
  'node:url',
  'node:os',
  'node:child_process',
  // A test may stand a TCP proxy on 127.0.0.1 in front of a server to cut it (src/store/test-support/tcp-proxy.ts),
  // or a small HTTP server on 127.0.0.1 that answers what a client must handle (src/cli/client/http.test.ts).
  'node:net',
  'node:http',
];

const PURITY: readonly [RegExp, string][] = [
  [/from\s+['"]node:/, 'imports a node: module'],
  [/require\(\s*['"]node:/, 'requires a node: module'],
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now)'],
  [/new Date\(\s*\)/, 'reads the clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'reads the clock (performance.now)'],
  [/\bMath\.random\s*\(/, 'uses Math.random'],
  [/\bprocess\.(env|argv|hrtime|cwd|stdout|stderr|exit)/, 'touches the process'],
  [/\bcrypto\.getRandomValues/, 'uses ambient randomness'],
];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const isTest = (f: string): boolean => f.endsWith('.test.ts') || f.split(sep).includes('test-support');
const folderOf = (f: string): string => relative('src', f).split(sep)[0] ?? '';
/** Module specifiers of static imports and re-exports (`from '…'`, `typeOnly` for `import type`/`export type`),
 * side-effect imports and dynamic imports. */
function specifiers(text: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;'"]*?\bfrom\s+['"]([^'"]+)['"]/gm))
    out.push({ spec: m[3] ?? '', typeOnly: m[2] !== undefined });
  for (const re of [/^\s*import\s+['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g])
    for (const m of text.matchAll(re)) out.push({ spec: m[1] ?? '', typeOnly: false });
  return out;
}

test('every folder of src/ has a row in the table of allowed imports', () => {
  const folders = readdirSync('src').filter((d) => statSync(join('src', d)).isDirectory());
  assert.deepEqual(
    folders.filter((d) => !(d in LAYERS)),
    [],
    'folders missing from LAYERS',
  );
  assert.deepEqual(
    Object.keys(LAYERS).filter((d) => !folders.includes(d)),
    [],
    'rows for folders that do not exist',
  );
});

test('imports point inward: each file imports only the folders and packages its row allows', () => {
  const problems: string[] = [];
  for (const f of walk('src')) {
    const folder = folderOf(f);
    const layer = LAYERS[folder];
    if (!layer) continue;
    for (const { spec, typeOnly } of specifiers(readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = relative('src', join(f, '..', spec)).split(sep);
        const to = target[0] ?? '';
        if (isTest(f) && (target.includes('test-support') || (to !== 'cli' && to in LAYERS))) continue;
        if (!layer.imports.includes(to)) problems.push(`${f} imports src/${target.join('/')}`);
        else if (!typeOnly && layer.typesOnly?.includes(to))
          problems.push(`${f} imports values of src/${target.join('/')}`);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? '');
        const name = spec.startsWith('node:') ? spec : pkg;
        if (layer.packages.includes(name) || layer.packages.includes(spec)) continue;
        if (isTest(f) && TEST_PACKAGES.includes(spec)) continue;
        problems.push(`${f} imports the package ${spec}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the pure core reads no clock, environment or randomness and imports no node: module', () => {
  const problems: string[] = [];
  let looked = 0;
  for (const f of walk('src')) {
    if (isTest(f) || !LAYERS[folderOf(f)]?.pure) continue;
    looked++;
    const text = readFileSync(f, 'utf8');
    for (const [re, what] of PURITY) if (re.test(text)) problems.push(`${f} ${what}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(looked > 50, `the check looked at real files (${looked})`);
});
