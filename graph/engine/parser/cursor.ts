/**
 * Token cursor shared by the parser layers: lookahead, keyword/punctuation tests, positioned
 * syntax errors. Keywords are compared case-insensitively through Token.upper.
 */
import type { Position } from '../ast.js';
import { syntaxError } from '../errors.js';
import { SourceMap, tokenize, type Token } from './lexer.js';

export abstract class TokenCursor {
  protected readonly tokens: Token[];
  protected i = 0;
  protected readonly map: SourceMap;

  constructor(protected readonly text: string) {
    this.map = new SourceMap(text);
    this.tokens = tokenize(text, this.map);
  }

  // ------------------------------------------------------------------ token helpers

  protected peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }
  protected isKw(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && t.upper === word;
  }
  protected isP(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'punct' && t.value === p;
  }
  protected acceptKw(word: string): boolean {
    if (this.isKw(word)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected acceptP(p: string): boolean {
    if (this.isP(p)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected expectKw(word: string): Token {
    if (!this.isKw(word)) this.fail(`'${word}'`);
    return this.tokens[this.i++]!;
  }
  protected expectP(p: string): Token {
    if (!this.isP(p)) this.fail(`'${p}'`);
    return this.tokens[this.i++]!;
  }
  protected posAt(t: Token): Position {
    return this.map.pos(t.start);
  }
  protected here(): Position {
    return this.posAt(this.peek());
  }
  protected get prevEnd(): number {
    return this.i > 0 ? this.tokens[this.i - 1]!.end : 0;
  }

  fail(expected: string, t: Token = this.peek(), detail = 'UnexpectedSyntax'): never {
    const shown = t.type === 'eof' ? '' : this.text.slice(t.start, t.end);
    throw syntaxError(`Invalid input '${shown}': expected ${expected}`, this.posAt(t), detail);
  }

  /** An identifier or backtick-quoted name (labels, keys, variables: keywords are allowed). */
  protected name(what = 'an identifier'): string {
    const t = this.peek();
    if (t.type === 'ident' || t.type === 'qident') {
      this.i++;
      return t.value;
    }
    return this.fail(what);
  }
  protected isName(k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' || t.type === 'qident';
  }
}
