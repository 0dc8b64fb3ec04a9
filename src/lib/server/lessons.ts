import { getCollection, render, type CollectionEntry } from 'astro:content';
import type { MarkdownHeading } from 'astro';
import mdxRenderer from '@astrojs/mdx/server.js';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '../../../db/client';
import { prepared } from '../../../db/prepared';
import { lessonProgress } from '../../../db/schema';
import { lessonComponents } from '../../components/lesson';
import { lessonText, searchText, type SearchHit } from '../../lessons/search';

export type LessonEntry = CollectionEntry<'lessons'>;
export interface ModuleWithLessons {
  id: string;
  data: CollectionEntry<'modules'>['data'];
  lessons: { slug: string; entry: LessonEntry }[];
}

/** The lesson's URL slug: its file name without the module folder. */
export function lessonSlug(entry: LessonEntry): string {
  return entry.id.split('/')[1];
}

let modulesCache: Promise<ModuleWithLessons[]> | undefined;

/**
 * All modules in teaching order, each with its lessons in order. Content is fixed at build time, so
 * the production server sorts it once; the dev server reads it afresh so edits show.
 */
export function listModules(): Promise<ModuleWithLessons[]> {
  if (import.meta.env.DEV) return readModules();
  modulesCache ??= readModules();
  modulesCache.catch(() => (modulesCache = undefined));
  return modulesCache;
}

async function readModules(): Promise<ModuleWithLessons[]> {
  const [modules, lessons] = await Promise.all([getCollection('modules'), getCollection('lessons')]);
  return modules
    .sort((a, b) => a.data.order - b.data.order)
    .map((m) => ({
      id: m.id,
      data: m.data,
      lessons: lessons
        .filter((l) => l.data.module === m.id)
        .sort((a, b) => a.data.order - b.data.order)
        .map((entry) => ({ slug: lessonSlug(entry), entry })),
    }));
}

/** One module with its lessons, or undefined. */
export async function getModule(id: string): Promise<ModuleWithLessons | undefined> {
  return (await listModules()).find((m) => m.id === id);
}

/** One lesson by module and slug, or undefined. */
export async function getLesson(module: string, slug: string): Promise<LessonEntry | undefined> {
  if (!/^[a-z0-9-]{1,64}$/.test(module) || !/^[a-z0-9-]{1,96}$/.test(slug)) return undefined;
  return (await getModule(module))?.lessons.find((l) => l.slug === slug)?.entry;
}

/** A lesson's body as HTML and its headings: the same for every reader. */
export interface LessonBody {
  html: string;
  headings: MarkdownHeading[];
}

let container: Promise<AstroContainer> | undefined;
const bodies = new Map<string, Promise<LessonBody>>();

/**
 * The lesson's rendered body, rendered once per lesson and process with Astro's container API (the
 * MDX and its components need no request), so a lesson page only renders the per-user parts around
 * it. Rendering the MDX per request cost most of the page's time. The dev server renders afresh.
 */
export function lessonBody(entry: LessonEntry): Promise<LessonBody> {
  if (import.meta.env.DEV) return renderBody(entry);
  let body = bodies.get(entry.id);
  if (!body) {
    body = renderBody(entry);
    bodies.set(entry.id, body);
    body.catch(() => bodies.delete(entry.id));
  }
  return body;
}

async function renderBody(entry: LessonEntry): Promise<LessonBody> {
  container ??= AstroContainer.create().then((c) => {
    c.addServerRenderer({ name: 'astro:jsx', renderer: mdxRenderer });
    return c;
  });
  const [{ Content, headings }, renderer] = await Promise.all([render(entry), container]);
  return { html: await renderer.renderToString(Content, { props: { components: lessonComponents } }), headings };
}

/** Records that the user studied a lesson; repeating it changes nothing. False if there is no such lesson. */
export async function markStudied(userId: number, module: string, slug: string): Promise<boolean> {
  if (!(await getLesson(module, slug))) return false;
  const db = await getDb();
  await db.insert(lessonProgress).values({ userId, module, lesson: slug, studiedAt: new Date() }).onConflictDoNothing();
  return true;
}

/** When the user studied each lesson, keyed `module/slug`. */
export async function studiedLessons(userId: number, module?: string): Promise<Map<string, Date>> {
  const rows = module ? await (await studiedInModule()).all({ userId, module }) : await (await studiedAll()).all({ userId });
  return new Map(rows.map((r) => [`${r.module}/${r.lesson}`, r.studiedAt]));
}

const studiedAll = prepared((db) => db.select().from(lessonProgress).where(eq(lessonProgress.userId, sql.placeholder('userId'))).prepare());
const studiedInModule = prepared((db) =>
  db
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, sql.placeholder('userId')), eq(lessonProgress.module, sql.placeholder('module'))))
    .prepare(),
);

/** Finds lessons containing the query (substring, so Chinese works without word splitting). */
export async function searchLessons(query: string): Promise<(SearchHit & { module: string; slug: string; title: string; moduleTitle: string })[]> {
  const modules = await listModules();
  return modules.flatMap((m) =>
    m.lessons.flatMap(({ slug, entry }) =>
      searchText(lessonText(entry.body ?? ''), query).map((hit) => ({ ...hit, module: m.id, slug, title: entry.data.title, moduleTitle: m.data.title })),
    ),
  );
}
