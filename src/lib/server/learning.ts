import { goLiveReadiness } from '../../scoring/readiness';
import { bestAssessmentScores, type AssessmentResult } from './attempts';
import { getLesson, getModule, lessonSlug, listModules, studiedLessons } from './lessons';

/**
 * The learner's home: every module with lessons studied and assessment status, and go-live
 * readiness (required modules whose assessment was passed).
 */
export async function learnerOverview(userId: number) {
  const [modules, studied, scores] = await Promise.all([listModules(), studiedLessons(userId), bestAssessmentScores([userId])]);
  const status = scores.get(userId) ?? new Map<string, AssessmentResult>();
  const rows = modules.map((m) => {
    const s = status.get(m.data.quiz);
    return {
      id: m.id,
      ...m.data,
      lessons: m.lessons.length,
      studied: m.lessons.filter((l) => studied.has(`${m.id}/${l.slug}`)).length,
      passed: s ? s.passed : null,
      best: s ? s.best : null,
    };
  });
  const required = rows.filter((r) => r.required).map((r) => r.quiz);
  return { modules: rows, readiness: goLiveReadiness(required, (quizId) => status.get(quizId)?.passed ?? false) };
}

/** One module's page: its lessons with minutes and when each was studied. */
export async function moduleOverview(userId: number, moduleId: string) {
  const module = await getModule(moduleId);
  if (!module) return undefined;
  const studied = await studiedLessons(userId, moduleId);
  const lessons = module.lessons.map(({ slug, entry }) => ({ slug, ...entry.data, studiedAt: studied.get(`${moduleId}/${slug}`) ?? null }));
  return { module: { id: module.id, ...module.data }, lessons, studied: lessons.filter((l) => l.studiedAt).length };
}

/** A lesson page: the entry, its module, previous/next lessons and whether the user studied it. */
export async function lessonPage(userId: number, moduleId: string, slug: string) {
  const entry = await getLesson(moduleId, slug);
  const module = entry && (await getModule(moduleId));
  if (!entry || !module) return undefined;
  const at = module.lessons.findIndex((l) => l.slug === lessonSlug(entry));
  const neighbour = (i: number) => {
    const l = module.lessons[i];
    return l ? { slug: l.slug, title: l.entry.data.title } : null;
  };
  const studied = await studiedLessons(userId, moduleId);
  return {
    entry,
    slug,
    module: { id: module.id, ...module.data },
    prev: neighbour(at - 1),
    next: neighbour(at + 1),
    studiedAt: studied.get(`${moduleId}/${slug}`) ?? null,
  };
}
