import { readdir } from 'node:fs/promises';
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { lessonSchema, moduleSchema } from './lessons/schema';

/**
 * The glob loader plus the checks a schema cannot make alone: two lessons of one module with the
 * same order, or a module with no lessons, fail the build.
 */
function lessonsLoader(): Loader {
  const base = glob({ pattern: '*/[0-9][0-9]-*.mdx', base: './src/lessons' });
  return {
    name: 'lessons',
    load: async (context) => {
      await base.load(context);
      const seen = new Map<string, string>();
      for (const entry of context.store.values()) {
        const data = entry.data as { module: string; order: number };
        const key = `${data.module}#${data.order}`;
        if (seen.has(key)) throw new Error(`Lessons ${seen.get(key)} and ${entry.id} share order ${data.order} in module ${data.module}`);
        seen.set(key, entry.id);
      }
    },
  };
}

function modulesLoader(): Loader {
  const base = glob({ pattern: '*/module.yaml', base: './src/lessons', generateId: ({ entry }) => entry.split('/')[0] });
  return {
    name: 'modules',
    load: async (context) => {
      await base.load(context);
      for (const id of context.store.keys()) {
        const files = await readdir(new URL(`./lessons/${id}/`, import.meta.url)).catch(() => [] as string[]);
        if (!files.some((f) => /^\d\d-.+\.mdx$/.test(f))) throw new Error(`Module ${id} has no lessons`);
      }
    },
  };
}

export const collections = {
  lessons: defineCollection({ loader: lessonsLoader(), schema: lessonSchema }),
  modules: defineCollection({ loader: modulesLoader(), schema: moduleSchema }),
};
