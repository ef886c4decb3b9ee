// PostgreSQL parses and plans every statement sent without a name, each time. The few statements every
// check and every signed-in request run (compiled-once.ts) are sent as named prepared statements
// instead: parsed once per connection, and planned once when the plan does not depend on the values.
// Measured on this machine, the server process of PostgreSQL spends about half the CPU on such a
// statement (a flow's insert with its audit row: 135 → 80 µs; the flow's read: 65 → 30 µs).
//
// A statement asks for it in its own text: compiledOnce puts a comment naming it in front of the SQL,
// so the choice is made where the statement is written, the set stays bounded (only statements built
// once are named; an ad-hoc query never fills the server's memory with prepared statements), and
// nothing else has to be told.
import { createHash } from 'node:crypto';
import pg from 'pg';

const PREFIX = '/* prepared:';

/** The SQL to send to run `sql` as a prepared statement (its name is a digest of the text). */
export function asPreparedStatement(sql: string): string {
  const name = `simpass_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
  return `${PREFIX}${name} */ ${sql}`;
}

/** The name a statement's text asks to be prepared under, or undefined for any other statement. */
export function preparedStatementName(text: string): string | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const end = text.indexOf(' */', PREFIX.length);
  return end > PREFIX.length ? text.slice(PREFIX.length, end) : undefined;
}

// SQLSTATE 0A000 with this message: the tables under a prepared statement changed shape since it was
// prepared (a migration added a column a `SELECT *` returns, while this server kept running).
const STALE_PLAN = /cached plan must not change result type/;

type QueryCallback = (error: Error | null, result?: pg.QueryResult) => void;

/**
 * A pg.Client that runs statements asking for it (asPreparedStatement) as named prepared statements.
 * Given to the pool as its `Client`; every other statement, and every other way to call `query`, is
 * passed on untouched.
 */
export class PreparingClient extends pg.Client {
  // pg's query() has many overloads (config objects, cursors, callbacks); only Kysely's own call shape,
  // a text with an array of values and no callback, is rewritten.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = args.length <= 2 && typeof text === 'string' && (values === undefined || Array.isArray(values)) ? preparedStatementName(text) : undefined;
    if (name === undefined) return (super.query as (...a: unknown[]) => never)(...args);
    return this.#runPrepared(name, text as string, (values as unknown[] | undefined) ?? []) as never;
  }

  async #runPrepared(name: string, text: string, values: unknown[]): Promise<pg.QueryResult> {
    const run = (config: pg.QueryConfig) => new Promise<pg.QueryResult>((resolve, reject) => {
      (super.query as (config: pg.QueryConfig, callback: QueryCallback) => void)(config, (error, result) => (error ? reject(error) : resolve(result!)));
    });
    try {
      return await run({ name, text, values });
    } catch (error) {
      if (!(error instanceof Error) || !STALE_PLAN.test(error.message)) throw error;
      // Prepare it afresh on this connection: forget it here and on the server, then run it again.
      await run({ text: `DEALLOCATE ${name}` });
      const parsed = (this as unknown as { connection?: { parsedStatements?: Record<string, unknown> } }).connection?.parsedStatements;
      if (parsed) delete parsed[name];
      return run({ name, text, values });
    }
  }
}
