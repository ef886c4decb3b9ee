// Which database a handle (or a transaction of it) talks to, for the few statements written differently
// on each: PostgreSQL can make a change and write its audit row in one statement (a data-modifying WITH),
// one round trip instead of a transaction's four; SQLite has no such form, and needs none (it is in-process).
import { PostgresAdapter, type Kysely } from 'kysely';

export function isPostgres<D>(db: Kysely<D>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
