/**
 * The repository's Markdown stands alone: every link in README.md, docs/, data/, bench/ and test/ Markdown points at a
 * file or folder of the repository (a `#heading` after it, if any, at a heading of that file), and none leaves it
 * (no http(s) link, no path above the repository's root).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve('.');
const SKIP = new Set(['node_modules', 'dist', '.git']);

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (p.endsWith('.md')) out.push(p);
  }
  return out;
}

/** Code spans and fenced blocks hold examples, not links. */
const withoutCode = (text: string): string => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let s = slug;
    for (let k = 1; out.has(s); k++) s = `${slug}-${k}`;
    out.add(s);
  }
  return out;
}

test('every Markdown link points inside the repository, at something that exists', () => {
  const problems: string[] = [];
  const files = [
    'README.md',
    ...['docs', 'data', 'bench', 'test'].filter((d) => existsSync(d)).flatMap((d) => markdownFiles(d)),
  ];
  assert.ok(files.length > 10, `found only ${files.length} Markdown files`);
  let links = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of withoutCode(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1] ?? '';
      links++;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        problems.push(`${file}: ${target} leaves the repository`);
        continue;
      }
      const [path = '', anchor] = target.split('#');
      const abs = path === '' ? resolve(file) : resolve(dirname(file), decodeURIComponent(path));
      if (abs !== ROOT && !abs.startsWith(ROOT + sep)) {
        problems.push(`${file}: ${target} leaves the repository`);
        continue;
      }
      if (!existsSync(abs)) {
        problems.push(`${file}: ${target} (${relative(ROOT, abs)} does not exist)`);
        continue;
      }
      if (anchor && abs.endsWith('.md') && !anchorsOf(readFileSync(abs, 'utf8')).has(anchor))
        problems.push(`${file}: ${target} (no heading #${anchor} in ${relative(ROOT, abs)})`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(links > 20, `found only ${links} links`);
});
