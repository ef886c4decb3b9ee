// The `search` parameter of collections (PageBasedPagination.v1.yaml): "An RSQL query" per
// jirutka/rsql-parser's grammar. The emulator reads all of it — `;`/`and` binds tighter than `,`/`or`,
// parentheses group, comparisons `==` `!=` (with `*` wildcards) `=lt=` `<` `=le=` `<=` `=gt=` `>`
// `=ge=` `>=` `=in=` `=out=` — over the resource's top-level fields, and refuses anything else.
import { InputError } from './input-error.js';

type Item = Readonly<Record<string, unknown>>;
export type Predicate = (item: Item) => boolean;

const OPERATORS = ['==', '!=', '=lt=', '=le=', '=gt=', '=ge=', '=in=', '=out=', '<=', '>=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number];

class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly fields: readonly string[],
  ) {}

  parse(): Predicate {
    const predicate = this.or();
    this.skipSpace();
    if (this.at < this.text.length) this.fail(`unexpected "${this.text.slice(this.at)}"`);
    return predicate;
  }

  private fail(why: string): never {
    throw new InputError([`search: ${why} (RSQL, e.g. status==COMPLETED;match==true)`]);
  }

  private skipSpace(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }

  /** Consumes `token` (after spaces) when it is next. Word operators need a space or `(` after them. */
  private eat(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.at)) return false;
    const after = this.text[this.at + token.length];
    if (/^[a-z]+$/.test(token) && after !== ' ' && after !== '(') return false;
    this.at += token.length;
    return true;
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.eat(',') || this.eat('or')) parts.push(this.and());
    return parts.length === 1 ? parts[0]! : (item) => parts.some((p) => p(item));
  }

  private and(): Predicate {
    const parts = [this.constraint()];
    while (this.eat(';') || this.eat('and')) parts.push(this.constraint());
    return parts.length === 1 ? parts[0]! : (item) => parts.every((p) => p(item));
  }

  private constraint(): Predicate {
    if (this.eat('(')) {
      const inner = this.or();
      if (!this.eat(')')) this.fail('a "(" is not closed');
      return inner;
    }
    this.skipSpace();
    const selector = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.text.slice(this.at))?.[0];
    if (!selector) this.fail(`expected a field name at "${this.text.slice(this.at)}"`);
    this.at += selector.length;
    if (!this.fields.includes(selector)) this.fail(`"${selector}" is not a field that can be searched (${this.fields.join(', ')})`);
    const operator = OPERATORS.find((op) => this.text.startsWith(op, this.at));
    if (!operator) this.fail(`expected a comparison after "${selector}"`);
    this.at += operator.length;
    const values = operator === '=in=' || operator === '=out=' ? this.valueList() : [this.value()];
    return compare(selector, operator, values);
  }

  private valueList(): string[] {
    if (!this.eat('(')) this.fail('=in= and =out= take a list: field=in=(a,b)');
    const values = [this.value()];
    while (this.eat(',')) values.push(this.value());
    if (!this.eat(')')) this.fail('a "(" is not closed');
    return values;
  }

  private value(): string {
    const quote = this.text[this.at];
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, this.at + 1);
      if (end < 0) this.fail('a quoted value is not closed');
      const value = this.text.slice(this.at + 1, end);
      this.at = end + 1;
      return value;
    }
    const value = /^[^"'();,= <>!~]+/.exec(this.text.slice(this.at))?.[0];
    if (!value) this.fail(`expected a value at "${this.text.slice(this.at)}"`);
    this.at += value.length;
    return value;
  }
}

/** A field's value as text: strings, numbers and booleans; anything else (absent, null, objects) has none. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Numbers compare as numbers, everything else (ISO 8601 times included) as text. */
function order(actual: unknown, wanted: string): number | undefined {
  if (typeof actual === 'number') {
    const n = Number(wanted);
    return Number.isNaN(n) ? undefined : actual - n;
  }
  const text = asText(actual);
  return text === undefined ? undefined : text < wanted ? -1 : text > wanted ? 1 : 0;
}

function equals(actual: unknown, wanted: string): boolean {
  const text = asText(actual);
  if (text === undefined) return false;
  if (!wanted.includes('*')) return text === wanted;
  const pattern = wanted.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(text);
}

function compare(field: string, operator: Operator, values: string[]): Predicate {
  const wanted = values[0]!;
  const ordered = (test: (difference: number) => boolean): Predicate => (item) => {
    const difference = order(item[field], wanted);
    return difference !== undefined && test(difference);
  };
  switch (operator) {
    case '==':
      return (item) => equals(item[field], wanted);
    case '!=':
      return (item) => !equals(item[field], wanted);
    case '=in=':
      return (item) => values.some((v) => equals(item[field], v));
    case '=out=':
      return (item) => !values.some((v) => equals(item[field], v));
    case '=lt=':
    case '<':
      return ordered((d) => d < 0);
    case '=le=':
    case '<=':
      return ordered((d) => d <= 0);
    case '=gt=':
    case '>':
      return ordered((d) => d > 0);
    case '=ge=':
    case '>=':
      return ordered((d) => d >= 0);
  }
}

/** Parses `search` against the fields the collection's resources have; InputError on anything else. */
export function parseRsql(text: string, fields: readonly string[]): Predicate {
  if (text.trim() === '') throw new InputError(['search: empty query']);
  return new Parser(text, fields).parse();
}
