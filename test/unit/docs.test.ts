/**
 * The documentation stays small at the front and true to the tree: README.md within 12 KB with the two commands, every
 * relative link and `#anchor` resolving, every repository path named in backticks existing, no work-item numbers, and
 * the bench tables' markers present for bench/readme.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const README_MAX_BYTES = 12 * 1024;

/** Written from other sources (the data model from the entity layer, the recipe for a new operation): linked before they land. */
const writtenElsewhere = new Set(['docs/data-model.md', 'docs/adding-an-operation.md']);

const markdownUnder = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });

const docs = (): string[] => ['README.md', 'bench/README.md', ...markdownUnder('docs')];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Text outside fenced code blocks: examples there are shell, not links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, `-1`, `-2` for repeats. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

/** Relative links of a markdown file: inline `[text](target)` outside code. */
function linksOf(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Problems with one file's links: a target that does not exist, or an anchor its target does not have. */
function brokenLinks(file: string): string[] {
  const problems: string[] = [];
  for (const link of linksOf(read(file))) {
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path ? relative(root, resolve(root, dirname(file), path)) : file;
    if (!existsSync(join(root, target))) {
      if (!writtenElsewhere.has(target)) problems.push(`${file}: ${link} (no ${target})`);
      continue;
    }
    if (anchor && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor))
      problems.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
  }
  return problems;
}

/** Repository paths named in backticks (`shared/http/jwt.ts`, `test/infra`): they must exist. */
function missingPaths(file: string): string[] {
  const spans = [...prose(read(file)).matchAll(/`([^`\n]+)`/g)].map(([, span]) => span);
  return spans
    .filter((span) => /^(functions|shared|infra|local|test|bench|docs|\.ci)\/[\w./-]*$/.test(span))
    .map((span) => span.replace(/\/$/, ''))
    .filter((path) => !existsSync(join(root, path)) && !writtenElsewhere.has(path))
    .map((path) => `${file}: \`${path}\``);
}

describe('README.md', () => {
  const readme = read('README.md');

  it('is at most 12 KB', () => {
    expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('starts with the two commands', () => {
    const commands = readme.indexOf('## The two commands');
    expect(commands).toBeGreaterThan(0);
    expect(readme.indexOf('\n## ')).toBe(commands - 1);
    for (const command of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(command);
  });

  it('links every page of docs/', () => {
    const linked = new Set(linksOf(readme).map((link) => link.split('#')[0]));
    const pages = markdownUnder('docs').filter((page) => !linked.has(page));
    expect(pages).toEqual([]);
  });
});

describe('the docs', () => {
  it('are README.md, bench/README.md and docs/', () => {
    expect(docs()).toEqual(expect.arrayContaining(['docs/api.md', 'docs/architecture.md', 'docs/operations.md']));
    expect(docs().every((file) => statSync(join(root, file)).size > 0)).toBe(true);
  });

  it('link only to files and headings that exist', () => {
    expect(docs().flatMap(brokenLinks)).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    // the recipe for a new operation names the files of an example operation that does not exist
    const checked = docs().filter((file) => !writtenElsewhere.has(file));
    expect(checked.flatMap(missingPaths)).toEqual([]);
  });

  it('name capabilities, not work items', () => {
    const named = docs().flatMap((file) =>
      [...read(file).matchAll(/\b(issues?\s*#?\d+|part\s+\d+\b)/gi)].map(([match]) => `${file}: ${match}`),
    );
    expect(named).toEqual([]);
  });

  it('do not copy the endpoint list of the OpenAPI document into a table', () => {
    const endpointRows = docs().flatMap((file) =>
      read(file)
        .split('\n')
        .filter((line) => /^\|\s*(GET|POST|PUT|PATCH|DELETE)[\s/A-Z]*\|\s*`?\/v1\//.test(line))
        .map((line) => `${file}: ${line.slice(0, 60)}`),
    );
    expect(endpointRows).toEqual([]);
  });

  it('hold the markers bench/readme.ts writes between', () => {
    const sections = [...read('bench/readme.ts').matchAll(/sections\.(\w+) =/g)].map(([, name]) => name);
    expect(sections.length).toBeGreaterThan(0);
    const benchReadme = read('bench/README.md');
    for (const name of new Set(sections)) {
      expect(benchReadme).toContain(`<!-- bench:${name} -->`);
      expect(benchReadme).toContain(`<!-- /bench:${name} -->`);
    }
  });
});

describe('the link checker', () => {
  it('finds headings as GitHub anchors them, and relative links outside code', () => {
    const page = '# A `b` and C, d\n## One extra read, at most\n## Again\n## Again\n```\n[x](no.md)\n```\n[y](z.md#a)';
    expect([...anchorsOf(page)]).toEqual(['a-b-and-c-d', 'one-extra-read-at-most', 'again', 'again-1']);
    expect(linksOf(`${page} [w](https://example.com) \`[v](u.md)\``)).toEqual(['z.md#a']);
  });
});
