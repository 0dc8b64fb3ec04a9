import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from '@mdx-js/mdx';
import GithubSlugger from 'github-slugger';
import { parse as parseYaml } from 'yaml';
import { headingText } from './headings';
import { LESSON_COMPONENTS, MODULE_IDS, lessonSchema, moduleSchema, type LessonMeta, type ModuleMeta } from './schema';

/** One lesson as found on disk, with the anchors its headings produce. */
export interface LessonFile {
  module: string;
  slug: string;
  meta: LessonMeta;
  body: string;
  anchors: string[];
}

/** A problem in the lesson content, named by the file it is in. */
export interface ContentProblem {
  file: string;
  message: string;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits an MDX file into its YAML frontmatter and its body. */
function splitFrontmatter(source: string): { data: unknown; body: string } {
  const match = FRONTMATTER.exec(source);
  if (!match) return { data: undefined, body: source };
  return { data: parseYaml(match[1]), body: source.slice(match[0].length) };
}

/**
 * The anchors Astro gives a lesson's headings (github-slugger over the heading text), so quiz links
 * can be checked without building the site. Headings inside code fences are skipped.
 */
function headingAnchors(body: string): string[] {
  const slugger = new GithubSlugger();
  const anchors: string[] = [];
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : headingText(line);
    if (heading) anchors.push(slugger.slug(heading));
  }
  return anchors;
}

/** Component-like tags a lesson uses that are not ours, and any raw HTML tags. */
function foreignTags(body: string): string[] {
  const stripped = body.replace(/```[\s\S]*?```/g, '');
  const tags = [...stripped.matchAll(/<\/?([A-Za-z][\w.]*)/g)].map((m) => m[1]);
  return [...new Set(tags.filter((t) => !(LESSON_COMPONENTS as readonly string[]).includes(t)))];
}

/**
 * Reads and validates every module.yaml and lesson under `root`: schemas, file names, unique
 * orders, a module with no lessons, MDX that does not compile, components that do not exist.
 */
export async function loadLessons(root: string) {
  const problems: ContentProblem[] = [];
  const modules: Record<string, ModuleMeta> = {};
  const lessons: LessonFile[] = [];
  const folders = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const id of MODULE_IDS) if (!folders.includes(id)) problems.push({ file: `${id}/`, message: 'module folder missing' });
  for (const folder of folders) {
    const rel = (f: string) => `${folder}/${f}`;
    if (!(MODULE_IDS as readonly string[]).includes(folder)) {
      problems.push({ file: rel(''), message: `unknown module "${folder}"` });
      continue;
    }
    const files = await readdir(path.join(root, folder));
    if (!files.includes('module.yaml')) problems.push({ file: rel('module.yaml'), message: 'missing' });
    else {
      const text = await readFile(path.join(root, folder, 'module.yaml'), 'utf8');
      let yaml: unknown;
      try {
        yaml = parseYaml(text);
      } catch (error) {
        yaml = undefined;
        problems.push({ file: rel('module.yaml'), message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
      }
      const parsed = moduleSchema.safeParse(yaml);
      if (parsed.success) modules[folder] = parsed.data;
      else for (const i of parsed.error.issues) problems.push({ file: rel('module.yaml'), message: `${i.path.join('.')}: ${i.message}` });
    }
    const orders = new Map<number, string>();
    const mdx = files.filter((f) => f.endsWith('.mdx')).sort();
    if (mdx.length === 0) problems.push({ file: rel(''), message: 'module has no lessons' });
    for (const name of mdx) {
      const file = rel(name);
      const source = await readFile(path.join(root, folder, name), 'utf8');
      let split: { data: unknown; body: string };
      try {
        split = splitFrontmatter(source);
      } catch (error) {
        problems.push({ file, message: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}` });
        continue;
      }
      const { data, body } = split;
      const parsed = lessonSchema.safeParse(data);
      if (!parsed.success) {
        for (const i of parsed.error.issues) problems.push({ file, message: `frontmatter ${i.path.join('.')}: ${i.message}` });
        continue;
      }
      const meta = parsed.data;
      const slug = name.replace(/\.mdx$/, '');
      const prefix = /^(\d{2})-[a-z0-9-]+$/.exec(slug);
      if (!prefix) problems.push({ file, message: 'file name must look like "01-some-slug.mdx"' });
      else if (Number(prefix[1]) !== meta.order) problems.push({ file, message: `order ${meta.order} does not match the file prefix` });
      if (meta.module !== folder) problems.push({ file, message: `module "${meta.module}" does not match folder "${folder}"` });
      if (orders.has(meta.order)) problems.push({ file, message: `order ${meta.order} already used by ${orders.get(meta.order)}` });
      orders.set(meta.order, name);
      for (const tag of foreignTags(body)) problems.push({ file, message: `<${tag}> is not a lesson component` });
      try {
        const compiled = String(await compile(body));
        if (/\*\*/.test(compiled.replace(/\/\*[\s\S]*?\*\//g, '')))
          problems.push({ file, message: 'a ** marker did not render as bold (next to Chinese punctuation, put the quotes inside the bold or use 「」)' });
      } catch (error) {
        problems.push({ file, message: `MDX does not compile: ${(error as Error).message}` });
      }
      const anchors = headingAnchors(body);
      if (anchors.length === 0) problems.push({ file, message: 'lesson has no ## sections' });
      for (const a of new Set(anchors.filter((a, i) => anchors.indexOf(a) !== i)))
        problems.push({ file, message: `heading anchor "${a}" repeats` });
      lessons.push({ module: folder, slug, meta, body, anchors });
    }
  }
  const anchorSet = new Set(lessons.flatMap((l) => l.anchors.map((a) => `${l.module}/${l.slug}#${a}`)));
  return { problems, modules, lessons, anchors: anchorSet };
}
