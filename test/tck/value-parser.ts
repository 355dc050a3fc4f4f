/**
 * Parser for the TCK's value notation, used in expected result tables and in `parameters are:`:
 *
 *   1  -3  1.0  1e-3  .5  NaN  Inf  -Inf  'text'  true  false  null
 *   [1, 'a']  {k: 1}  (:L1:L2 {p: 0})  ()  [:T {p: 0}]  <(:A)-[:T]->(:B)<-[:U]-()>
 *
 * Gherkin has already unescaped table cells (`\\` -> `\`, `\|` -> `|`, `\n` -> newline); inside a
 * string the TCK still escapes quotes and backslashes (`'\''`), which this parser resolves.
 */
import type { TckNode, TckPathLink, TckRelationship, TckValue } from './tck-value.js';

export class TckValueParseError extends Error {
  constructor(message: string, readonly input: string, readonly offset: number) {
    super(`${message} at offset ${offset} in ${JSON.stringify(input)}`);
    this.name = 'TckValueParseError';
  }
}

export function parseTckValue(text: string): TckValue {
  const parser = new ValueParser(text);
  const value = parser.value();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected trailing input');
  return value;
}

const NAME_CHAR = /[A-Za-z0-9$_]/;

class ValueParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new TckValueParseError(message, this.text, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  private lookingAt(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length] ?? '';
    return !NAME_CHAR.test(after);
  }

  value(): TckValue {
    this.skipSpace();
    const ch = this.peek();
    if (ch === '(') return this.node();
    if (ch === '<') return this.path();
    if (ch === '[') {
      // `[:TYPE ...]` is a relationship; a list element can never start with ':'.
      const save = this.pos;
      this.pos++;
      this.skipSpace();
      const isRelationship = this.peek() === ':';
      this.pos = save;
      return isRelationship ? this.relationship() : this.list();
    }
    if (ch === '{') return { kind: 'map', entries: this.properties() };
    if (ch === "'" || ch === '"') return { kind: 'string', value: this.string() };
    if (this.lookingAt('true')) return this.word('true', { kind: 'boolean', value: true });
    if (this.lookingAt('false')) return this.word('false', { kind: 'boolean', value: false });
    if (this.lookingAt('null')) return this.word('null', { kind: 'null' });
    if (this.lookingAt('NaN')) return this.word('NaN', { kind: 'float', value: NaN });
    if (this.lookingAt('Inf')) return this.word('Inf', { kind: 'float', value: Infinity });
    if (this.lookingAt('-Inf')) return this.word('-Inf', { kind: 'float', value: -Infinity });
    if (ch === '-' || ch === '.' || /[0-9]/.test(ch)) return this.number();
    return this.fail('expected a value');
  }

  private word(word: string, value: TckValue): TckValue {
    this.pos += word.length;
    return value;
  }

  private number(): TckValue {
    const m = /^-?(?:(\d+)(\.\d+)?([eE][-+]?\d+)?|(\.\d+)([eE][-+]?\d+)?)/.exec(this.text.slice(this.pos));
    if (!m || m[0] === '-' || m[0] === '') this.fail('expected a number');
    this.pos += m[0].length;
    const isFloat = m[2] !== undefined || m[3] !== undefined || m[4] !== undefined;
    if (isFloat) return { kind: 'float', value: Number(m[0]) };
    return { kind: 'integer', value: BigInt(m[0]) };
  }

  private string(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string');
      const ch = this.text[this.pos]!;
      if (ch === quote) {
        this.pos++;
        return out;
      }
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next === '\\' || next === "'" || next === '"') {
          out += next;
          this.pos += 2;
          continue;
        }
      }
      out += ch;
      this.pos++;
    }
  }

  private name(): string {
    this.skipSpace();
    if (this.peek() === '`') {
      const end = this.text.indexOf('`', this.pos + 1);
      if (end < 0) this.fail('unterminated backtick name');
      const name = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      return name;
    }
    const start = this.pos;
    while (NAME_CHAR.test(this.peek())) this.pos++;
    if (start === this.pos) this.fail('expected a name');
    return this.text.slice(start, this.pos);
  }

  private list(): TckValue {
    this.expect('[');
    const items: TckValue[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return { kind: 'list', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return { kind: 'list', items };
    }
  }

  private properties(): Record<string, TckValue> {
    this.expect('{');
    const entries: Record<string, TckValue> = {};
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      return entries;
    }
    for (;;) {
      const key = this.name();
      this.expect(':');
      entries[key] = this.value();
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return entries;
    }
  }

  private optionalProperties(): Record<string, TckValue> {
    this.skipSpace();
    return this.peek() === '{' ? this.properties() : {};
  }

  private node(): TckNode {
    this.expect('(');
    const labels: string[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() !== ':') break;
      this.pos++;
      labels.push(this.name());
    }
    const properties = this.optionalProperties();
    this.expect(')');
    return { kind: 'node', labels, properties };
  }

  private relationship(): TckRelationship {
    this.expect('[');
    this.expect(':');
    const type = this.name();
    const properties = this.optionalProperties();
    this.expect(']');
    return { kind: 'relationship', type, properties };
  }

  private path(): TckValue {
    this.expect('<');
    const start = this.node();
    const links: TckPathLink[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === '>') {
        this.pos++;
        return { kind: 'path', start, links };
      }
      if (this.text.startsWith('<-', this.pos)) {
        this.pos += 2;
        const relationship = this.relationship();
        this.expect('-');
        links.push({ relationship, forward: false, node: this.node() });
      } else if (this.peek() === '-') {
        this.pos++;
        const relationship = this.relationship();
        this.expect('-');
        this.expect('>');
        links.push({ relationship, forward: true, node: this.node() });
      } else {
        this.fail("expected '-', '<-' or '>' in a path");
      }
    }
  }
}
