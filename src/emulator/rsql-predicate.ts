// What a parsed `search` (an @rsql/parser AST) means for one resource: comparisons over its top-level
// fields, `;`/`and` as every, `,`/`or` as some. The parser accepts any selector, any `=word=` operator
// and a list after any operator; the emulator answers only what it can mean, and names everything else.
import type { ComparisonNode, ExpressionNode } from '@rsql/ast';
import { InputError } from './input-error.js';

type Item = Readonly<Record<string, unknown>>;
export type Predicate = (item: Item) => boolean;

const LIST_OPERATORS = ['=in=', '=out='];
const OPERATORS = ['==', '!=', '=lt=', '<', '=le=', '<=', '=gt=', '>', '=ge=', '>=', ...LIST_OPERATORS];

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

/** `*` matches any run of characters. Pieces are found left to right (no RegExp, so no backtracking blow-up). */
function equals(actual: unknown, wanted: string): boolean {
  const text = asText(actual);
  if (text === undefined) return false;
  const [first = '', ...rest] = wanted.split('*');
  if (rest.length === 0) return text === wanted;
  const last = rest.pop() ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of rest) {
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function compare(field: string, operator: string, values: readonly string[]): Predicate {
  const wanted = values[0] ?? '';
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
    default: // '=ge=' and '>=': comparison() let no other operator through
      return ordered((d) => d >= 0);
  }
}

function comparison(node: ComparisonNode, fields: readonly string[], issues: string[]): Predicate {
  const { selector } = node.left;
  const { operator } = node;
  const { value } = node.right;
  const before = issues.length;
  if (!fields.includes(selector)) issues.push(`search: "${selector}" is not a field that can be searched (${fields.join(', ')})`);
  if (!OPERATORS.includes(operator)) issues.push(`search: "${operator}" is not a comparison the emulator knows (${OPERATORS.join(' ')})`);
  else if (LIST_OPERATORS.includes(operator) && !Array.isArray(value)) issues.push(`search: =in= and =out= take a list: ${selector}${operator}(a,b)`);
  else if (!LIST_OPERATORS.includes(operator) && Array.isArray(value)) issues.push(`search: ${operator} takes one value, not a list: ${selector}${operator}a`);
  return issues.length > before ? () => false : compare(selector, operator, Array.isArray(value) ? value : [value]);
}

function expression(node: ExpressionNode, fields: readonly string[], issues: string[]): Predicate {
  if (node.type === 'COMPARISON') return comparison(node, fields, issues);
  const left = expression(node.left, fields, issues);
  const right = expression(node.right, fields, issues);
  return node.operator === ';' || node.operator === 'and' ? (item) => left(item) && right(item) : (item) => left(item) || right(item);
}

/** The predicate a parsed search means over `fields`; InputError naming every field or operator it cannot mean. */
export function toPredicate(node: ExpressionNode, fields: readonly string[]): Predicate {
  const issues: string[] = [];
  const predicate = expression(node, fields, issues);
  if (issues.length > 0) throw new InputError(issues);
  return predicate;
}
