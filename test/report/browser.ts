/**
 * Headless Chromium for the report tests: Debian's chromium (never a downloaded browser) driven by playwright-core,
 * in a fresh profile. `inspect` opens a report file and returns what the test judges: per chart, its marks with a
 * non-zero size; console errors; requests other than the file itself; and a full-page screenshot.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(path = CHROMIUM): string | undefined {
  return existsSync(path) ? undefined
    : `Chromium not found at ${path}: install it with \`apt-get update && apt-get install -y chromium\` (as .ci/run does), or set SKYFLEET_SKIP_BROWSER=1 to skip the browser tests`;
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
}

/** Opens each report in one browser (a fresh profile) and measures it; the screenshots go to os.tmpdir(). */
export async function inspect(pages: readonly { file: string; name: string }[]): Promise<PageFacts[]> {
  const profile = mkdtempSync(join(tmpdir(), 'skyfleet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 }, timeout: 30_000,
  });
  try {
    const out: PageFacts[] = [];
    for (const { file, name } of pages) {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      const charts = await page.evaluate(MEASURE) as ChartFacts[];
      const overflowX = await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth') as boolean;
      const scripts = await page.evaluate('document.querySelectorAll("script").length') as number;
      const screenshot = join(tmpdir(), `skyfleet-report-${name}.png`);
      await page.screenshot({ path: screenshot, fullPage: true, timeout: 20_000 });
      out.push({ charts, consoleErrors, requests, screenshot, title: await page.title(), overflowX, scripts });
      await page.close();
    }
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
