/**
 * Cypher lexer: turns query text into a flat token array the recursive-descent parser walks.
 * Keywords are not distinguished here (Cypher lets most keywords double as names); the parser
 * compares `upper` of identifier tokens instead.
 */
import type { Position } from '../ast.js';
import { syntaxError } from '../errors.js';

/** 'badnum': digits glued to letters (`12abc`): an invalid number literal where an expression is expected. */
export type TokenType = 'ident' | 'qident' | 'string' | 'int' | 'float' | 'badnum' | 'param' | 'punct' | 'eof';

export interface Token {
  type: TokenType;
  /** Identifier name (backticks removed), string contents, punctuation text, parameter name. */
  value: string;
  /** Upper-cased value for unquoted identifiers (keyword comparison); '' otherwise. */
  upper: string;
  /** Parsed numeric value for int (bigint, unsigned magnitude) and float tokens. */
  num: bigint | number | null;
  start: number;
  end: number;
}

const INT64_MAX = 9223372036854775807n;

/** Maps offsets to 1-based line/column, computing line starts once per text. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  pos(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

const TWO_CHAR = new Set(['<>', '<=', '>=', '=~', '+=', '..', '!=', '||']);
const SINGLE = new Set([...'()[]{},.:;|=<>+-*/%^$&!']);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const IDENT_START = /[\p{L}\p{Nl}_]/u;
const IDENT_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}_]/u;

function isIdentStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return true;
  if (c < 128) return false;
  return IDENT_START.test(ch);
}
function isIdentPart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c)) return true;
  if (c < 128) return false;
  return IDENT_PART.test(ch);
}

export function tokenize(text: string, map: SourceMap): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const fail = (msg: string, at: number, detail: string | null = null): never => {
    throw syntaxError(msg, map.pos(at), detail);
  };
  const push = (type: TokenType, value: string, start: number, end: number, num: bigint | number | null = null) => {
    tokens.push({ type, value, upper: type === 'ident' ? value.toUpperCase() : '', num, start, end });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) fail("Invalid input '/*': unterminated comment", i);
      i = close + 2;
      continue;
    }
    const start = i;
    // numbers
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)) && !prevAllowsPropertyDot(tokens, i))) {
      const scanned = scanNumber(text, i, map);
      push(scanned.type, text.slice(start, scanned.end), start, scanned.end, scanned.num);
      i = scanned.end;
      continue;
    }
    // identifiers
    const ch = text[i]!;
    if (isIdentStart(ch)) {
      i++;
      while (i < n && isIdentPart(text[i]!)) i++;
      push('ident', text.slice(start, i), start, i);
      continue;
    }
    if (c === 96 /* ` */) {
      const [name, end] = lexBacktick(text, i, fail);
      push('qident', name, start, end);
      i = end;
      continue;
    }
    if (c === 39 || c === 34) {
      const [value, end] = lexString(text, i, map);
      push('string', value, start, end);
      i = end;
      continue;
    }
    if (c === 36 /* $ */) {
      i++;
      if (i < n && text.charCodeAt(i) === 96) {
        const [name, end] = lexBacktick(text, i, fail);
        push('param', name, start, end);
        i = end;
        continue;
      }
      const s = i;
      while (i < n && isIdentPart(text[i]!)) i++;
      if (i === s) fail(`Invalid input '${text[i] ?? ''}': expected a parameter name`, i);
      push('param', text.slice(s, i), start, i);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      push('punct', two, start, i + 2);
      i += 2;
      continue;
    }
    if (SINGLE.has(ch)) {
      push('punct', ch, start, i + 1);
      i++;
      continue;
    }
    if (c > 127) fail(`Invalid input '${ch}': unexpected unicode character`, i, 'InvalidUnicodeCharacter');
    fail(`Invalid input '${ch}'`, i, 'UnexpectedSyntax');
  }
  tokens.push({ type: 'eof', value: '', upper: '', num: null, start: n, end: n });
  return tokens;
}

/** `.5` is a float unless it is glued to something a property dot could apply to (`n.5`, `x[0].5`). */
function prevAllowsPropertyDot(tokens: Token[], at: number): boolean {
  const last = tokens[tokens.length - 1];
  if (!last || last.end !== at) return false;
  return last.type === 'ident' || last.type === 'qident' || (last.type === 'punct' && (last.value === ')' || last.value === ']'));
}

interface ScannedNumber {
  type: 'int' | 'float' | 'badnum';
  end: number;
  num: bigint | number | null;
}

/** Scans a numeric literal at i: decimal/hex/octal integers and floats; digits glued to letters are 'badnum'. */
function scanNumber(text: string, i: number, map: SourceMap): ScannedNumber {
  const n = text.length;
  const bad = (from: number): ScannedNumber => {
    let e = from;
    while (e < n && isIdentPart(text[e]!)) e++;
    return { type: 'badnum', end: e, num: null };
  };
  const gluedToName = (end: number) => end < n && isIdentPart(text[end]!);
  const c1 = text.charCodeAt(i + 1);
  if (text.charCodeAt(i) === 48 && (c1 === 120 || c1 === 88 || c1 === 111 || c1 === 79)) {
    const hex = c1 === 120 || c1 === 88;
    let j = i + 2;
    while (j < n && (hex ? isHexDigit(text.charCodeAt(j)) : text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 55)) j++;
    if (j === i + 2 || gluedToName(j)) return bad(j);
    return { type: 'int', end: j, num: BigInt((hex ? '0x' : '0o') + text.slice(i + 2, j)) };
  }
  let j = i;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  let isFloat = false;
  if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
    isFloat = true;
    j++;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    if (text.charCodeAt(k) === 45 || text.charCodeAt(k) === 43) k++;
    if (isDigit(text.charCodeAt(k))) {
      isFloat = true;
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      j = k;
    }
  }
  if (gluedToName(j)) return bad(j);
  const lexeme = text.slice(i, j);
  if (isFloat) {
    const v = Number(lexeme);
    if (!Number.isFinite(v)) {
      throw syntaxError(`Floating point number is too large: ${lexeme}`, map.pos(i), 'FloatingPointOverflow');
    }
    return { type: 'float', end: j, num: v };
  }
  if (lexeme.length > 1 && lexeme.charCodeAt(0) === 48) {
    // legacy octal: 0-prefixed digits
    if (!/^[0-7]+$/.test(lexeme)) return bad(j);
    return { type: 'int', end: j, num: BigInt('0o' + lexeme.slice(1)) };
  }
  return { type: 'int', end: j, num: BigInt(lexeme) };
}

export function checkIntRange(magnitude: bigint, negative: boolean): boolean {
  return negative ? magnitude <= INT64_MAX + 1n : magnitude <= INT64_MAX;
}

function lexBacktick(text: string, i: number, fail: (msg: string, at: number) => never): [string, number] {
  let j = i + 1;
  let out = '';
  for (;;) {
    const close = text.indexOf('`', j);
    if (close < 0) fail("Invalid input '`': unterminated quoted name", i);
    out += text.slice(j, close);
    if (text.charCodeAt(close + 1) === 96) {
      out += '`';
      j = close + 2;
      continue;
    }
    return [out, close + 1];
  }
}

function lexString(text: string, i: number, map: SourceMap): [string, number] {
  const quote = text.charCodeAt(i);
  const n = text.length;
  let j = i + 1;
  let out = '';
  let chunk = j;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === quote) {
      out += text.slice(chunk, j);
      return [out, j + 1];
    }
    if (c === 92 /* \ */) {
      out += text.slice(chunk, j);
      const e = text[j + 1];
      switch (e) {
        case 'n': case 'N': out += '\n'; j += 2; break;
        case 't': case 'T': out += '\t'; j += 2; break;
        case 'r': case 'R': out += '\r'; j += 2; break;
        case 'b': case 'B': out += '\b'; j += 2; break;
        case 'f': case 'F': out += '\f'; j += 2; break;
        case '\\': out += '\\'; j += 2; break;
        case "'": out += "'"; j += 2; break;
        case '"': out += '"'; j += 2; break;
        case '`': out += '`'; j += 2; break;
        case 'u':
        case 'U': {
          const len = e === 'u' ? 4 : 8;
          const hex = text.slice(j + 2, j + 2 + len);
          if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) {
            throw syntaxError(`Invalid input '\\${e}${hex}': invalid unicode escape`, map.pos(j), 'InvalidUnicodeLiteral');
          }
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw syntaxError(`Invalid unicode code point \\${e}${hex}`, map.pos(j), 'InvalidUnicodeLiteral');
          out += String.fromCodePoint(cp);
          j += 2 + len;
          break;
        }
        default:
          // Neo4j keeps unknown escapes literally
          out += '\\';
          j += 1;
          break;
      }
      chunk = j;
      continue;
    }
    j++;
  }
  throw syntaxError(`Failed to parse string literal. The query must contain an even number of non-escaped quotes.`, map.pos(i), 'UnexpectedSyntax');
}
