import { describe, it, expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadFeatureText, loadFeatures } from './features.js';
import { classifyStep } from './steps.js';

const FEATURE = `Feature: Sample

  Scenario: [1] plain
    Given an empty graph
    And having executed:
      """
      CREATE (:A {p: 1})
      """
    And parameters are:
      | x | 1.5 |
    When executing query:
      """
      MATCH (n) RETURN n.p + $x AS v
      """
    Then the result should be, in order:
      | v   |
      | 2.5 |
    And the side effects should be:
      | +nodes  | 0 |

  Scenario Outline: [2] outline <v>
    Given any graph
    When executing query:
      """
      RETURN <v> AS v
      """
    Then the result should be (ignoring element order for lists):
      | v   |
      | <v> |
    And no side effects

    Examples:
      | v      |
      | 1      |
      | [2, 3] |

  Scenario: [3] error
    Given the binary-tree-1 graph
    When executing query:
      """
      RETURN x
      """
    Then a SyntaxError should be raised at compile time: UndefinedVariable
`;

describe('loadFeatureText', () => {
  it('expands outlines into one scenario per Examples row', () => {
    const scenarios = loadFeatureText(FEATURE, 'clauses/sample/Sample.feature');
    expect(scenarios.map((s) => s.name)).toEqual(['[1] plain', '[2] outline 1', '[2] outline [2, 3]', '[3] error']);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(4);
    expect(scenarios.every((s) => s.folder === 'clauses/sample' && s.loadError === null)).toBe(true);
    const row2 = scenarios[2]!;
    expect(row2.steps.find((s) => s.type === 'query')).toEqual({ type: 'query', query: 'RETURN [2, 3] AS v' });
    expect(row2.steps.find((s) => s.type === 'result')).toMatchObject({ ordered: false, ignoreListOrder: true });
  });

  it('types each step', () => {
    const [plain, , , error] = loadFeatureText(FEATURE, 'x/Sample.feature');
    expect(plain!.steps.map((s) => s.type)).toEqual(['graph', 'setup', 'parameters', 'query', 'result', 'sideEffects']);
    expect(plain!.steps[2]).toEqual({ type: 'parameters', params: { x: { kind: 'float', value: 1.5 } } });
    expect(plain!.steps[4]).toMatchObject({ type: 'result', ordered: true });
    expect(plain!.steps[5]).toEqual({ type: 'sideEffects', expected: { '+nodes': 0 } });
    expect(plain!.expectsError).toBe(false);
    expect(error!.expectsError).toBe(true);
    expect(error!.skipReason).toMatch(/binary-tree-1/);
    expect(error!.steps[2]).toEqual({ type: 'error', errorType: 'SyntaxError', phase: 'compile time', detail: 'UndefinedVariable' });
  });

  it('marks an unknown step as a load error rather than passing silently', () => {
    const [s] = loadFeatureText('Feature: F\n  Scenario: s\n    Given a graph from outer space\n', 'F.feature');
    expect(s!.loadError).toMatch(/unknown step/);
  });
});

describe('classifyStep', () => {
  it('knows the procedure and control-query steps', () => {
    expect(classifyStep({ text: 'there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):', table: [] }).type).toBe('procedure');
    expect(classifyStep({ text: 'executing control query:', docString: 'MATCH (n) RETURN n' })).toEqual({ type: 'controlQuery', query: 'MATCH (n) RETURN n' });
    expect(classifyStep({ text: 'an ArgumentError should be raised at runtime: NumberOutOfRange' })).toMatchObject({ errorType: 'ArgumentError', phase: 'runtime' });
  });
});

const tckRoot = resolve(process.cwd(), '..', 'shared', 'opencypher-tck', 'features');
(existsSync(tckRoot) ? describe : describe.skip)('the shared TCK copy', () => {
  it('loads every scenario with every table understood', () => {
    const scenarios = loadFeatures(tckRoot);
    expect(scenarios.length).toBe(3328);
    expect(scenarios.filter((s) => s.loadError !== null).map((s) => `${s.id}: ${s.loadError}`)).toEqual([]);
    expect(scenarios.filter((s) => s.expectsError).length).toBe(515);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    expect(scenarios.filter((s) => s.folder === 'clauses/match').length).toBe(307);
  });
});
