/**
 * The page address of a question's `lesson` reference ("module/lesson#anchor"), so the player's
 * feedback and the server's review link to the same lesson section; null for a malformed one.
 */
export function lessonHref(ref: string): string | null {
  const match = /^([a-z0-9-]+)\/([a-z0-9-]+)#(.+)$/.exec(ref);
  if (!match) return null;
  const [, module, lesson, anchor] = match;
  return `/learn/${module}/${lesson}#${anchor}`;
}
