/**
 * Headless Chromium for the report tests, driven by playwright-core in a fresh profile; no browser is ever
 * downloaded. The browser is, in order: the one inside the npm package @sparticuz/chromium (a devDependency, so
 * `npm ci` brings it; its `executablePath()` decompresses it once into os.tmpdir()), then Debian's
 * /usr/bin/chromium when that is there (and when the npm one is missing or does not start). `inspect` opens a
 * report file and returns what the test judges: per chart, its marks with a non-zero size; console errors;
 * requests other than the file itself; and a full-page screenshot.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const NPM_CHROMIUM = '@sparticuz/chromium';
/** Our flags, for either browser (the npm one adds its own recommended flags first). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const require = createRequire(import.meta.url);

/** The installed @sparticuz/chromium's package.json, or undefined when the package is not installed. */
function npmChromiumPackage(name = NPM_CHROMIUM): string | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve(name)); // its `exports` do not include package.json: walk up from the entry point
  } catch {
    return undefined;
  }
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return pkg;
  }
  return undefined;
}

/** Why the browser tests cannot run here (no browser of either kind), or undefined when they can. */
export function browserMissing(debian = CHROMIUM, npmPackage = NPM_CHROMIUM): string | undefined {
  if (npmChromiumPackage(npmPackage) || existsSync(debian)) return undefined;
  return (
    `Chromium not found: the npm package ${npmPackage} is not installed (\`npm ci\` installs it, a devDependency) and there is no ` +
    `Chromium at ${debian} (\`apt-get install -y chromium\`); or set SKYFLEET_SKIP_BROWSER=1 to skip the browser tests`
  );
}

/** Flags merged by switch name: the first of a name wins (`--headless='shell'` over `--headless`). */
export function mergeArgs(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of lists.flat()) {
    const name = a.split('=')[0]!;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(a);
  }
  return out;
}

export interface BrowserChoice {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Where it comes from, for the test's diagnostics: `@sparticuz/chromium 147.0.0` or `/usr/bin/chromium`. */
  readonly source: string;
}

/**
 * The npm package's Chromium, decompressed once per version into os.tmpdir()/skyfleet-chromium-<version>/. The
 * package decompresses into os.tmpdir() itself (and would reuse any /tmp/chromium it finds, of whatever version), so
 * it is pointed at a private staging folder through TMPDIR and the result moved into place in one rename: two test
 * processes never see a half-written browser.
 */
async function npmChromium(): Promise<BrowserChoice> {
  const pkg = npmChromiumPackage();
  if (!pkg) throw new Error(`the npm package ${NPM_CHROMIUM} is not installed (npm ci installs it)`);
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const { default: Chromium } = await import('@sparticuz/chromium');
  const base = tmpdir();
  const cache = join(base, `skyfleet-chromium-${version}`);
  if (!existsSync(join(cache, 'chromium'))) {
    const staging = mkdtempSync(join(base, 'skyfleet-chromium-staging-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      const path = await Chromium.executablePath(join(dirname(pkg), 'bin'));
      if (dirname(path) !== staging) throw new Error(`${NPM_CHROMIUM} decompressed to ${path}, not into ${staging}`);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      renameSync(staging, cache);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process got there first: use its copy
    }
  }
  return {
    executablePath: join(cache, 'chromium'),
    args: mergeArgs(Chromium.args, ARGS),
    source: `${NPM_CHROMIUM} ${version}`,
  };
}

/** The browsers to try, in order, and why others are not there. */
async function browsers(): Promise<{ choices: BrowserChoice[]; problems: string[] }> {
  const choices: BrowserChoice[] = [];
  const problems: string[] = [];
  try {
    choices.push(await npmChromium());
  } catch (e) {
    problems.push(`${NPM_CHROMIUM}: ${(e as Error).message}`);
  }
  if (existsSync(CHROMIUM)) choices.push({ executablePath: CHROMIUM, args: ARGS, source: CHROMIUM });
  else problems.push(`no Debian Chromium at ${CHROMIUM}`);
  return { choices, problems };
}

/** A persistent context (fresh profile) in the first browser that starts. */
async function launch(profile: string): Promise<{ context: BrowserContext; source: string }> {
  const { choices, problems } = await browsers();
  for (const b of choices) {
    try {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: b.executablePath,
        headless: true,
        args: [...b.args],
        viewport: { width: 1100, height: 900 },
        timeout: 30_000,
      });
      return { context, source: b.source };
    } catch (e) {
      problems.push(`${b.source} did not start: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `no Chromium could be started for the report tests: ${problems.join('; ')}. \`npm ci\` installs ${NPM_CHROMIUM}; ` +
      `\`apt-get install -y chromium\` gives Debian's; SKYFLEET_SKIP_BROWSER=1 skips the browser tests`,
  );
}

export interface ChartFacts {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** `.mark` elements whose box has a non-zero width and height. */
  readonly drawn: number;
  readonly marks: number;
  /** `rect.mark` elements with a zero (or negative) width or height: must be none. */
  readonly emptyRects: number;
}

/**
 * Runs in the page. A string, not a function: tsx compiles functions with helpers (`__name`) the page does not have.
 */
const MEASURE = `[...document.querySelectorAll('svg.chart')].map((svg) => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('.mark')];
  const sized = (m) => { const b = m.getBBox(); return b.width > 0 && b.height > 0; };
  const emptyRects = [...svg.querySelectorAll('rect.mark')].filter((r) => !(r.width.baseVal.value > 0 && r.height.baseVal.value > 0)).length;
  return { id: svg.id, kind: svg.getAttribute('data-chart') || '', title: (svg.querySelector('title') || {}).textContent || '',
    width: box.width, height: box.height, drawn: marks.filter(sized).length, marks: marks.length, emptyRects };
})`;

export interface PageFacts {
  readonly charts: readonly ChartFacts[];
  readonly consoleErrors: readonly string[];
  readonly requests: readonly string[];
  readonly screenshot: string;
  readonly title: string;
  readonly overflowX: boolean;
  /** <script> elements in the document (a report has none). */
  readonly scripts: number;
  /** Which browser rendered it (BrowserChoice.source). */
  readonly browser: string;
}

/** Opens each report in one browser (a fresh profile) and measures it; the screenshots go to os.tmpdir(). */
export async function inspect(pages: readonly { file: string; name: string }[]): Promise<PageFacts[]> {
  const profile = mkdtempSync(join(tmpdir(), 'skyfleet-chromium-'));
  let context: BrowserContext;
  let source: string;
  try {
    ({ context, source } = await launch(profile));
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  try {
    const out: PageFacts[] = [];
    for (const { file, name } of pages) {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      const charts = (await page.evaluate(MEASURE)) as ChartFacts[];
      const overflowX = (await page.evaluate(
        'document.documentElement.scrollWidth > document.documentElement.clientWidth',
      )) as boolean;
      const scripts = (await page.evaluate('document.querySelectorAll("script").length')) as number;
      const screenshot = join(tmpdir(), `skyfleet-report-${name}.png`);
      await page.screenshot({ path: screenshot, fullPage: true, timeout: 20_000 });
      out.push({
        charts,
        consoleErrors,
        requests,
        screenshot,
        title: await page.title(),
        overflowX,
        scripts,
        browser: source,
      });
      await page.close();
    }
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
