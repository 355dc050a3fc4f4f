import { describe, it, expect } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { renderGraphModelMarkdown } from '../../graph/schema/doc.js';

describe('docs/graph-model.md', () => {
  it('is the rendering of the current schema (regenerate: npx tsx graph/schema/doc.ts > docs/graph-model.md)', async () => {
    const committed = await readFile(new URL('../../docs/graph-model.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderGraphModelMarkdown());
  });
});
