import { describe, expect, it } from '@jest/globals';
import neo4j from 'neo4j-driver';

describe('toolchain', () => {
  it('loads neo4j-driver as an ES module', () => {
    expect(typeof neo4j.driver).toBe('function');
  });
});
