import GithubSlugger from 'github-slugger';
import { headingText } from './headings';

/** A lesson reduced to searchable plain text, split by section with its anchor. */
export interface Section {
  anchor: string | null;
  heading: string | null;
  text: string;
}

/** One match: the section it is in and a short passage around it. */
export interface SearchHit {
  anchor: string | null;
  heading: string | null;
  before: string;
  match: string;
  after: string;
}

/**
 * Turns an MDX body into plain-text sections: component attributes (phrase pairs, customer-type
 * signs) are kept as text, a source note's manual file as the page shows it (手册 004, never the
 * file name), tags and Markdown marks dropped, headings become section anchors.
 */
export function lessonText(body: string): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [{ anchor: null, heading: null, text: '' }];
  for (const raw of body.split(/\r?\n/)) {
    const heading = headingText(raw);
    if (heading) {
      sections.push({ anchor: slugger.slug(heading), heading, text: '' });
      continue;
    }
    const line = raw
      .replace(/<\/?[A-Z]\w*|\/?>/g, ' ')
      .replace(/\bfile="(\d{3})_[^"]*"/g, ' 手册 $1 ')
      .replace(/\b[a-zA-Z]+=(?:"([^"]*)"|\{([^}]*)\})/g, ' $1$2 ')
      .replace(/[*_`>#]|^\s*[-+]\s|^\s*\d+\.\s/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim();
    if (line) sections[sections.length - 1].text += line + ' ';
  }
  return sections.filter((s) => s.text.trim() || s.heading);
}

/** Case-insensitive substring search over sections; at most `limit` hits per lesson, with context. */
export function searchText(sections: Section[], query: string, limit = 3, context = 40): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const s of sections) {
    const haystack = `${s.heading ?? ''} ${s.text}`;
    const at = haystack.toLowerCase().indexOf(q);
    if (at < 0) continue;
    hits.push({
      anchor: s.anchor,
      heading: s.heading,
      before: (at > context ? '…' : '') + haystack.slice(Math.max(0, at - context), at),
      match: haystack.slice(at, at + q.length),
      after: haystack.slice(at + q.length, at + q.length + context) + (at + q.length + context < haystack.length ? '…' : ''),
    });
    if (hits.length >= limit) break;
  }
  return hits;
}
