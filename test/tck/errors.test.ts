import { describe, it, expect } from '@jest/globals';
import { errorClass, matchError } from './errors.js';
import { shapeOf } from './runner.js';
import { bar, checkFloors, floorsOf, summarise } from './report.js';
import type { ScenarioResult } from './runner.js';

describe('matchError', () => {
  const raised = (code: string, message = 'boom') => ({ code, message });

  it('matches on the class of the Neo4j status code', () => {
    expect(errorClass('Neo.ClientError.Statement.TypeError')).toBe('TypeError');
    expect(errorClass('Neo.ClientError.Procedure.ProcedureNotFound')).toBe('ProcedureError');
    const expected = { errorType: 'TypeError', phase: 'runtime' as const, detail: '*' };
    expect(matchError(expected, raised('Neo.ClientError.Statement.TypeError')).typeMatches).toBe(true);
    expect(matchError(expected, raised('Neo.ClientError.Statement.ArgumentError')).typeMatches).toBe(false);
    expect(matchError(expected, raised('Neo.ClientError.Statement.SyntaxError')).typeMatches).toBe(false);
  });

  it('treats SyntaxError and SemanticError as one compile-time class', () => {
    const syntax = { errorType: 'SyntaxError', phase: 'compile time' as const, detail: 'UndefinedVariable' };
    expect(matchError(syntax, raised('Neo.ClientError.Statement.SemanticError')).typeMatches).toBe(true);
    expect(matchError({ ...syntax, errorType: 'SemanticError' }, raised('Neo.ClientError.Statement.SyntaxError')).typeMatches).toBe(true);
  });

  it('never passes a database error or a lost connection', () => {
    const anything = { errorType: 'SyntaxError', phase: 'any time' as const, detail: '*' };
    expect(matchError(anything, raised('Neo.DatabaseError.General.UnknownError')).typeMatches).toBe(false);
    expect(matchError(anything, raised('ServiceUnavailable')).typeMatches).toBe(false);
  });

  it('checks the detail separately, in the message', () => {
    const expected = { errorType: 'SyntaxError', phase: 'compile time' as const, detail: 'UndefinedVariable' };
    expect(matchError(expected, raised('Neo.ClientError.Statement.SyntaxError', 'UndefinedVariable: x not defined'))).toEqual({ typeMatches: true, detailMatches: true });
    // Neo4j's wording for the detail counts too...
    expect(matchError(expected, raised('Neo.ClientError.Statement.SyntaxError', 'Variable `x` not defined'))).toEqual({ typeMatches: true, detailMatches: true });
    // ...but not another detail's wording.
    expect(matchError(expected, raised('Neo.ClientError.Statement.SyntaxError', 'Variable `x` already declared'))).toEqual({ typeMatches: true, detailMatches: false });
    expect(matchError({ ...expected, detail: '*' }, raised('Neo.ClientError.Statement.SyntaxError', 'anything'))).toEqual({ typeMatches: true, detailMatches: true });
  });
});

describe('reporting', () => {
  const result = (folder: string, expectsError: boolean, outcome: ScenarioResult['outcome']): ScenarioResult => ({
    id: `${folder}/${Math.random()}`, folder, file: '', feature: '', name: '', expectsError, outcome, durationMs: 0,
  });
  const results = [
    result('clauses/match', false, 'passed'),
    result('clauses/match', false, 'failed'),
    result('clauses/match', true, 'passed'),
    result('clauses/call', false, 'failed'),
    result('expressions/temporal', false, 'failed'),
    result('expressions/list', true, 'failed'),
  ];

  it('computes the bar over clauses/ and expressions/ minus call and temporal', () => {
    const b = bar(summarise(results));
    expect(b.result).toEqual({ passed: 1, total: 2, percent: 50 });
    expect(b.error).toEqual({ passed: 1, total: 2, percent: 50 });
  });

  it('names folders below their floor', () => {
    const summaries = summarise(results);
    expect(floorsOf(summaries)['clauses/match']).toBe(2);
    expect(checkFloors(summaries, { 'clauses/match': 3, 'expressions/list': 0 })).toEqual([{ folder: 'clauses/match', floor: 3, passed: 2 }]);
  });

  it('groups error messages by shape', () => {
    expect(shapeOf('Variable `x` not defined (line 1, column 8 (offset: 7))')).toBe(shapeOf('Variable `yy` not defined (line 2, column 1 (offset: 30))'));
  });
});
