import { describe, expect, it } from 'vitest';
import { withHeapLimit } from '../../scripts/server-process.mjs';

describe('the server heap limit (ACADEMY_HEAP_MB)', () => {
  it.each([
    ['256 MB by default', {}, '--max-old-space-size=256'],
    ['a chosen size, kept with other options', { ACADEMY_HEAP_MB: '512', NODE_OPTIONS: '--enable-source-maps' }, '--enable-source-maps --max-old-space-size=512'],
    ['0 leaves Node’s default', { ACADEMY_HEAP_MB: '0' }, undefined],
    ['nonsense leaves Node’s default', { ACADEMY_HEAP_MB: 'lots' }, undefined],
    ['an explicit flag in NODE_OPTIONS wins', { NODE_OPTIONS: '--max-old-space-size=1024' }, '--max-old-space-size=1024'],
  ])('%s', (_name, env, expected) => {
    expect(withHeapLimit(env as NodeJS.ProcessEnv).NODE_OPTIONS).toBe(expected);
  });
});
