/**
 * One page of a list the reports hold whole in memory (they sort and filter every row first): the
 * requested page clamped to the pages there are, so a stale or hand-edited `?page=` shows the nearest
 * page instead of an empty table.
 */
export function pageOf<T>(rows: readonly T[], requested: string | null | undefined, size: number): { page: number; pages: number; shown: T[] } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(pages, Math.max(1, Math.trunc(Number(requested)) || 1));
  return { page, pages, shown: rows.slice((page - 1) * size, page * size) };
}
