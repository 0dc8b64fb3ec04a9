/**
 * A Markdown heading line's plain text (emphasis and code marks dropped), or null for any other
 * line: the text Astro slugs into a section anchor, so checks and search slug it the same way.
 */
export function headingText(line: string): string | null {
  const match = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
  return match ? match[1].replace(/[*_`]/g, '') : null;
}
