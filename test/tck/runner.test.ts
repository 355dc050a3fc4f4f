/**
 * The runner end to end against the real embedded server (hosted inline): a scenario must pass
 * only when result, error and side effects all agree, and each kind of mismatch must be reported
 * as its own failure kind.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { resolve } from 'node:path';
import { loadFeatureText, type TckScenario } from './features.js';
import { TckRunner } from './runner.js';

const FEATURE = `Feature: Runner self-check

  Scenario: [1] create and read back
    Given an empty graph
    And having executed:
      """
      CREATE (:A {p: 1})-[:T {w: 2.5}]->(:B)
      """
    When executing query:
      """
      MATCH (a:A)-[r:T]->(b) RETURN a, r, b, a.p AS p
      """
    Then the result should be, in any order:
      | a            | r             | b    | p |
      | (:A {p: 1})  | [:T {w: 2.5}] | (:B) | 1 |
    And no side effects

  Scenario: [2] an integer is not a float
    Given any graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x   |
      | 1.0 |
    And no side effects

  Scenario: [3] side effects are counted
    Given an empty graph
    And having executed:
      """
      CREATE (:Label)
      """
    When executing query:
      """
      CREATE (:Label {p: 1}), (:Label)
      """
    Then the result should be empty
    And the side effects should be:
      | +nodes      | 2 |
      | +properties | 1 |

  Scenario: [4] wrong side effects are caught
    Given an empty graph
    When executing query:
      """
      CREATE (:Label {p: 1})
      """
    Then the result should be empty
    And the side effects should be:
      | +nodes | 1 |

  Scenario: [5] an expected error
    Given any graph
    When executing query:
      """
      RETURN undefinedVariable
      """
    Then a SyntaxError should be raised at compile time: UndefinedVariable

  Scenario: [6] a missing error
    Given any graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then a SyntaxError should be raised at compile time: UndefinedVariable

  Scenario: [7] every scenario starts from an empty graph
    Given any graph
    When executing query:
      """
      MATCH (n) RETURN count(n) AS c
      """
    Then the result should be, in order:
      | c |
      | 0 |
    And no side effects

  Scenario: [8] parameters keep integers and floats apart
    Given any graph
    And parameters are:
      | i | 1   |
      | f | 1.0 |
    When executing query:
      """
      RETURN $i AS i, $f AS f, $i = $f AS eq
      """
    Then the result should be, in any order:
      | i | f   | eq   |
      | 1 | 1.0 | true |
    And no side effects
`;

describe('TckRunner against the embedded server', () => {
  const runner = new TckRunner({
    serverModule: resolve(process.cwd(), 'graph', 'server', 'index.ts'),
    hosting: 'inline',
    txTimeoutMs: 5000,
    watchdogMs: 20000,
  });
  let scenarios: TckScenario[];

  beforeAll(async () => {
    scenarios = loadFeatureText(FEATURE, 'selfcheck/Runner.feature');
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
  });

  it('passes and fails exactly the scenarios it should, for the right reason', async () => {
    const outcomes: Record<string, string> = {};
    for (const scenario of scenarios) {
      const result = await runner.runScenario(scenario);
      outcomes[scenario.name] = result.outcome === 'failed' ? `failed: ${result.failureKind}` : result.outcome;
    }
    expect(outcomes).toEqual({
      '[1] create and read back': 'passed',
      '[2] an integer is not a float': 'failed: wrong-result',
      '[3] side effects are counted': 'passed',
      '[4] wrong side effects are caught': 'failed: side-effects',
      '[5] an expected error': 'passed',
      '[6] a missing error': 'failed: missing-error',
      '[7] every scenario starts from an empty graph': 'passed',
      '[8] parameters keep integers and floats apart': 'passed',
    });
  });
});
