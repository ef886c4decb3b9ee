// The `search` parameter of collections (PageBasedPagination.v1.yaml): "An RSQL query" per
// jirutka/rsql-parser's grammar, read by @rsql/parser, which covers that grammar (`;`/`and` binds
// tighter than `,`/`or`, parentheses, quoted values, `=word=` operators, `(a,b)` lists), and given its
// meaning by rsql-predicate.ts. A malformed query is the caller's mistake: a 400 issue, never a 500.
import type { ExpressionNode } from '@rsql/ast';
import { parse } from '@rsql/parser';
import { InputError } from './input-error.js';
import { toPredicate, type Predicate } from './rsql-predicate.js';

function syntaxTree(text: string): ExpressionNode {
  try {
    return parse(text);
  } catch (error) {
    // For a string the parser fails only with a SyntaxError whose message says what and where
    // ("Unexpected end in …", "Unclosed quote …", "Did you forget to close parenthesis …").
    if (!(error instanceof SyntaxError)) throw error;
    throw new InputError([`search: not valid RSQL: ${error.message} (e.g. status==COMPLETED;match==true)`]);
  }
}

/** Parses `search` against the fields the collection's resources have; InputError on anything else. */
export function parseRsql(text: string, fields: readonly string[]): Predicate {
  return toPredicate(syntaxTree(text), fields);
}
