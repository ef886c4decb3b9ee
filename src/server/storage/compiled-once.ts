// Kysely builds and compiles a query afresh on every call: a tree of frozen nodes, then a visitor that
// writes the SQL, tens of microseconds each time for the same few strings. A hot query (one every
// signed-in request or every check runs) is built and compiled here once per dialect instead; a call
// only puts its own values in the compiled query's parameter list.
//
// On PostgreSQL the compiled statement is also prepared once per connection (prepared-statements.ts).
//
// How: the query is built once with a marker in place of each argument, compiled, and each compiled
// parameter is recorded as "argument i" or as the constant the builder wrote. So an argument must reach
// the query untouched (convert values before calling, never inside the builder); a builder that
// transforms or drops a marker is refused on its first call, not run with a wrong parameter.
import type { ColumnType, CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import { isPostgres } from './dialect-of.js';
import { asPreparedStatement } from './prepared-statements.js';

const MARKER = '\u0000simpass-argument-';

type Slot = { readonly argument: number } | { readonly constant: unknown };

interface Compiled<R> {
  readonly query: CompiledQuery<R>;
  readonly slots: readonly Slot[];
}

/**
 * `build(db, ...args)` returns the query; the result runs it as `run(db, ...args)` would have, on `db`
 * or a transaction of it. Compiled once per dialect adapter (SQLite and PostgreSQL write different SQL);
 * a handle with plugins (which rewrite queries as they are compiled) is compiled every time, as before.
 */
export function compiledOnce<D, A extends readonly unknown[], R>(
  build: (db: Kysely<D>, ...args: A) => Compilable<R>,
): (db: Kysely<D>, ...args: A) => Promise<QueryResult<R>> {
  const byAdapter = new WeakMap<object, Compiled<R>>();
  return async (db, ...args) => {
    const executor = db.getExecutor();
    if (executor.plugins.length > 0) return db.executeQuery(build(db, ...args));
    let compiled = byAdapter.get(executor.adapter);
    if (!compiled) {
      compiled = compile(db, build, args.length);
      byAdapter.set(executor.adapter, compiled);
    }
    const parameters = compiled.slots.map((slot) => ('argument' in slot ? args[slot.argument] : slot.constant));
    return db.executeQuery<R>({ ...compiled.query, parameters });
  };
}

function compile<D, A extends readonly unknown[], R>(db: Kysely<D>, build: (db: Kysely<D>, ...args: A) => Compilable<R>, arity: number): Compiled<R> {
  const markers = Array.from({ length: arity }, (_, i) => `${MARKER}${i}`);
  const query = build(db, ...(markers as unknown as A)).compile();
  const used = new Set<number>();
  const slots = query.parameters.map((parameter): Slot => {
    if (typeof parameter === 'string' && parameter.startsWith(MARKER)) {
      const argument = Number(parameter.slice(MARKER.length));
      used.add(argument);
      return { argument };
    }
    return { constant: parameter };
  });
  if (used.size !== arity || query.sql.includes(MARKER)) {
    throw new TypeError(`compiledOnce: every argument must reach the query as a parameter, untouched (${query.sql})`);
  }
  // PostgreSQL: sent as a named prepared statement, parsed once per connection (prepared-statements.ts).
  return { query: isPostgres(db) ? { ...query, sql: asPreparedStatement(query.sql) } : query, slots };
}

/**
 * An INSERT of one row into `table`, compiled once: the row must name every column in `columns` (a
 * column left out would be written as NULL rather than its default, so the type asks for all of them).
 */
export function compiledInsertOnce<D, T extends keyof D & string, C extends keyof D[T] & string>(
  table: T,
  columns: readonly C[],
): (db: Kysely<D>, row: { readonly [K in C]: InsertValue<D[T][K]> }) => Promise<QueryResult<unknown>> {
  const run = compiledOnce((db: Kysely<D>, ...values: unknown[]) =>
    // Kysely's types cannot follow a table chosen by a type parameter; the row's own type is checked above.
    db.insertInto(table).values(rowOf(columns, values)),
  );
  return (db, row) => run(db, ...columns.map((column) => row[column]));
}

/** What an INSERT takes for a column: Kysely's insert type of a ColumnType, else the column's own type. */
type InsertValue<V> = V extends ColumnType<unknown, infer I, unknown> ? I : V;

/** The values of `row` in `columns`' order: a compiled-once statement's arguments. */
export function argumentsOf<C extends string>(columns: readonly C[], row: { readonly [K in C]: unknown }): unknown[] {
  return columns.map((column) => row[column]);
}

/** The row `columns` name, from a compiled-once statement's arguments (typed by the caller: Kysely's types cannot follow it). */
export function rowOf(columns: readonly string[], values: readonly unknown[]): never {
  return Object.fromEntries(columns.map((column, i) => [column, values[i]])) as never;
}
