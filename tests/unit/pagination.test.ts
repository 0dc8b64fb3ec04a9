import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { describe, expect, it } from 'vitest';
import Pager from '../../src/components/reports/Pager.astro';
import { translator } from '../../src/i18n';
import { pageOf } from '../../src/lib/pagination';

const rows = Array.from({ length: 250 }, (_, i) => i + 1);

describe('pageOf: one page of a report held in memory', () => {
  it.each([
    ['1', 1, 1, 100],
    ['2', 2, 101, 200],
    ['3', 3, 201, 250],
    [null, 1, 1, 100],
    ['', 1, 1, 100],
    ['abc', 1, 1, 100],
    ['0', 1, 1, 100],
    ['-4', 1, 1, 100],
    ['2.7', 2, 101, 200],
    ['99', 3, 201, 250],
  ])('?page=%s shows page %i: rows %i to %i of 3 pages', (requested, page, first, last) => {
    const got = pageOf(rows, requested, 100);
    expect(got.page).toBe(page);
    expect(got.pages).toBe(3);
    expect([got.shown[0], got.shown.at(-1), got.shown.length]).toEqual([first, last, last - first + 1]);
  });

  it('an empty list is one empty page', () => {
    expect(pageOf([], '5', 100)).toEqual({ page: 1, pages: 1, shown: [] });
  });
});

describe('the reports’ pager', () => {
  const render = async (page: number, pages: number, locale: 'zh-CN' | 'en' = 'zh-CN') => {
    const container = await AstroContainer.create();
    return container.renderToString(Pager, { props: { page, pages, href: (n: number) => `?team=4&page=${n}` }, locals: { t: translator(locale), locale, user: null, authSession: null } });
  };

  it('in the middle links to the page before and after, keeping the report’s filters', async () => {
    const html = await render(2, 3);
    expect(html).toContain('第 2 / 3 页');
    expect(html).toMatch(/<a href="\?team=4&(amp;)?page=1" rel="prev"[^>]*>上一页<\/a>/);
    expect(html).toMatch(/<a href="\?team=4&(amp;)?page=3" rel="next"[^>]*>下一页<\/a>/);
  });

  it('has no link before the first page or after the last', async () => {
    const first = await render(1, 3);
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('rel="next"');
    const last = await render(3, 3);
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');
  });

  it('is not there when everything fits on one page', async () => {
    expect(await render(1, 1)).not.toContain('<nav');
  });

  it('speaks English to an English user', async () => {
    expect(await render(2, 3, 'en')).toContain('Next');
  });
});
