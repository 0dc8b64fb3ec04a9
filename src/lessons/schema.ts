import { z } from 'zod';
import { MANUAL_FILES } from '../quizzes/types';

/** Module ids, in teaching order; folders under src/lessons and quiz ids use them. */
export const MODULE_IDS = [
  'conduct',
  'language',
  'reception-phone',
  'complaints',
  'customer-types',
  'communication',
  'desk-rules',
] as const;
export type ModuleId = (typeof MODULE_IDS)[number];

/** The components lessons may use (provided by the lesson page, no imports). */
export const LESSON_COMPONENTS = ['Rule', 'PhrasePair', 'CustomerType', 'Procedure', 'KeyFact', 'Example', 'SourceNote'] as const;

const sourceRef = z.object({ file: z.enum(MANUAL_FILES), section: z.string().trim().min(1) });

/** Lesson frontmatter: what the build refuses to publish without. */
export const lessonSchema = z.object({
  title: z.string().trim().min(1),
  titleEn: z.string().trim().min(1),
  summary: z.string().trim().min(1),
  summaryEn: z.string().trim().min(1),
  module: z.enum(MODULE_IDS),
  order: z.number().int().min(1).max(99),
  minutes: z.number().int().min(1).max(120),
  objectives: z.array(z.string().trim().min(1)).min(1),
  sources: z.array(sourceRef).min(1),
});
export type LessonMeta = z.infer<typeof lessonSchema>;

/** module.yaml: a module's titles, place, go-live requirement and quiz. */
export const moduleSchema = z.object({
  title: z.string().trim().min(1),
  titleEn: z.string().trim().min(1),
  summary: z.string().trim().min(1),
  summaryEn: z.string().trim().min(1),
  order: z.number().int().min(1),
  required: z.boolean(),
  quiz: z.string().regex(/^[a-z0-9-]+$/),
});
export type ModuleMeta = z.infer<typeof moduleSchema>;
