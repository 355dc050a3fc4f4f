import { describe, it, expect } from '@jest/globals';
import { compareSideEffects, diffSnapshots, snapshotOf, type ObservedEntity } from './side-effects.js';
import { parseTckValue } from './value-parser.js';

const node = (id: string, labels: string[], props: Record<string, string> = {}): ObservedEntity => ({
  id,
  labels,
  properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, parseTckValue(v)])),
});

describe('side effects', () => {
  it('counts distinct label names, not labels per node', () => {
    const before = snapshotOf([], []);
    const after = snapshotOf([node('1', ['Label']), node('2', ['Label'])], []);
    const diff = diffSnapshots(before, after);
    expect(diff['+nodes']).toBe(2);
    expect(diff['+labels']).toBe(1);
    expect(compareSideEffects({ '+nodes': 2, '+labels': 1 }, diff)).toBeNull();
  });

  it('counts an overwritten property as one added and one removed', () => {
    const before = snapshotOf([node('1', [], { p: '1' })], []);
    const after = snapshotOf([node('1', [], { p: '2', q: "'x'" })], []);
    const diff = diffSnapshots(before, after);
    expect(diff['+properties']).toBe(2);
    expect(diff['-properties']).toBe(1);
    // Same number but another type is a change too.
    expect(diffSnapshots(snapshotOf([node('1', [], { p: '1' })], []), snapshotOf([node('1', [], { p: '1.0' })], []))['+properties']).toBe(1);
  });

  it('reports deletions and treats missing expectations as zero', () => {
    const before = snapshotOf([node('1', ['A'], { p: '1' }), node('2', [])], [{ id: 'r1', properties: { w: parseTckValue('1') } }]);
    const after = snapshotOf([node('2', [])], []);
    const diff = diffSnapshots(before, after);
    expect(diff).toMatchObject({ '-nodes': 1, '-relationships': 1, '-labels': 1, '-properties': 2, '+nodes': 0 });
    expect(compareSideEffects({ '-nodes': 1, '-relationships': 1, '-labels': 1 }, diff)).toMatch(/-properties expected 0, got 2/);
    expect(compareSideEffects({}, diffSnapshots(after, after))).toBeNull();
  });
});
