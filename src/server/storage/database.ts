// Opens the one database the server uses: a SQLite file by default, PostgreSQL when DATABASE_URL
// names one. Both sit behind the same Kysely<DatabaseSchema>, so the repositories do not know which.
// The caller owns the handle (no module-level connection) and closes it on shutdown.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, type DatabaseIntrospector, type LogEvent } from 'kysely';
import pg from 'pg';
import { StorageError } from './errors.js';
import { createMigrationProvider } from './migrations/index.js';
import { CatalogOnlyPostgresIntrospector } from './postgres-introspector.js';
import { PreparingClient } from './prepared-statements.js';
import { GroupCommitSqliteDialect, type GroupCommitDatabase } from './sqlite-group-commit.js';
import type { DatabaseDialect, DatabaseSchema } from './schema.js';

export const DEFAULT_SQLITE_FILE = './data/simpass.db';

/** Pino's and Fastify's loggers fit. */
export interface StorageLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface OpenDatabaseOptions {
  /** postgres:// or postgresql:// — PostgreSQL. Unset or empty — SQLite. */
  databaseUrl?: string;
  /** SQLite only; default ./data/simpass.db (its directory is created). */
  sqliteFile?: string;
  /** PostgreSQL only: a schema to create if missing and use for everything (tests isolate with it). */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  maxConnections?: number;
  /**
   * PostgreSQL only: run the statements that ask for it (compiled-once.ts) as named prepared statements
   * (default true; prepared-statements.ts). False for a pooler that cannot keep them.
   */
  preparedStatements?: boolean;
  logger?: StorageLogger;
  /**
   * Sees the SQL text of every statement run, BEGIN and COMMIT included, never its parameters (which hold
   * token hashes and phone numbers): tests count a check's statements with it.
   */
  onQuery?: (sql: string) => void;
}

export interface OpenedDatabase {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: DatabaseDialect;
  close(): Promise<void>;
}

/** Opens the database and brings its schema up to date before anything else may use it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const databaseUrl = options.databaseUrl?.trim();
  const opened = databaseUrl ? openPostgres(databaseUrl, options) : openSqlite(options);
  try {
    const migrationTableSchema = databaseUrl ? await preparePostgres(opened.db, databaseUrl, options.schema) : undefined;
    await migrate(opened.db, opened.dialect, migrationTableSchema, options.logger);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    db: opened.db,
    dialect: opened.dialect,
    // Idempotent: shutdown paths (signal handler, Fastify onClose) may both call it.
    close: () => (closing ??= opened.db.destroy()),
  };
}

function openSqlite(options: OpenDatabaseOptions): { db: Kysely<DatabaseSchema>; dialect: 'sqlite' } {
  const file = options.sqliteFile?.trim() || DEFAULT_SQLITE_FILE;
  const inMemory = file === ':memory:';
  const path = inMemory ? file : resolve(file);
  let database: SQLite.Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    database = new SQLite(path);
    configureSqlite(database, path, options.logger);
  } catch (error) {
    database?.close();
    throw new StorageError(
      'database_unavailable',
      `Cannot open the SQLite database ${path}: ${messageOf(error)}. Make its directory writable, choose another file, ` +
        'or set DATABASE_URL=postgres://user:password@host:5432/simpass to use PostgreSQL.',
      { cause: error },
    );
  }

  // Transactions that finish together share one COMMIT (sqlite-group-commit.ts).
  return {
    db: new Kysely<DatabaseSchema>({ dialect: new GroupCommitSqliteDialect(withStatementCache(database), options.onQuery), ...queryLog(options) }),
    dialect: 'sqlite',
  };
}

/** Most distinct statements kept prepared; the server runs a few dozen. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Preparing a statement makes SQLite parse and plan its SQL; our queries are the same few dozen strings
 * with different parameters, so each is prepared once and reused (Kysely's own SQLite driver prepared
 * every query afresh). Safe because the driver runs a statement to completion synchronously; one still
 * iterating (a streamed query, which we do not use) is busy and gets a fresh statement instead.
 */
function withStatementCache(database: SQLite.Database): GroupCommitDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    get inTransaction() {
      return database.inTransaction;
    },
    prepare(query: string) {
      const cached = statements.get(query);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(query);
      if (!cached && statements.size < STATEMENT_CACHE_SIZE) statements.set(query, statement);
      return statement;
    },
  };
}

/** Bytes per page of a database file this server creates (see configureSqlite). */
const NEW_DATABASE_PAGE_SIZE = 2048;

function configureSqlite(database: SQLite.Database, path: string, logger: StorageLogger | undefined): void {
  // Another process (a second server, the sqlite3 shell) holding a lock: wait, don't fail. First,
  // because switching to WAL below needs a moment of exclusive access to a new file.
  database.pragma('busy_timeout = 5000');
  // A new file gets 2 KiB pages instead of 4 KiB; a file that has any content keeps its own (SQLite
  // ignores this for it). Every commit appends a full copy of each page it changed to the WAL, and what
  // a check changes is a row or an index entry here and there: with group commit, a check's writes cost
  // about 25 % less with half-size pages (77 → 57 µs, measured on the real schema). Our rows are a few
  // hundred bytes, well within a 2 KiB page. Set before WAL mode, which writes the new file's header.
  database.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
  // WAL: readers never block the writer, and a commit is one append to the -wal file.
  const journalMode = String(database.pragma('journal_mode = WAL', { simple: true }));
  if (path !== ':memory:' && journalMode.toLowerCase() !== 'wal') {
    logger?.warn(`SQLite refused WAL mode for ${path} (journal_mode is ${journalMode}); writers will block readers.`);
  }
  // Durability. In WAL mode a commit has been written to the -wal file (handed to the OS) before it
  // returns, so with NORMAL an acknowledged write already survives SIGKILL or a crash of this
  // process: the next open replays the WAL (test/durability/kill-and-restart.test.ts). What NORMAL can
  // lose is the last commits before a power loss or an OS crash, because it fsyncs the WAL only at
  // checkpoints; the database itself is never corrupted. FULL fsyncs on every commit, on the event
  // loop: measured with `npm run bench` that wait was most of a check's cost (checks/s rose several
  // fold with NORMAL). Losing the last seconds of flows and sessions to a power cut means people verify
  // again; a server that many times slower for every sign-in costs more. README, "Performance".
  database.pragma('synchronous = NORMAL');
  // With NORMAL the fsyncs left are the checkpoints', which copy the WAL into the database file inside
  // whichever commit crosses the threshold, on the event loop. Every 10,000 pages (about 40 MB of WAL)
  // instead of SQLite's 1,000: a tenth of the checkpoints, and pages written many times between two are
  // copied once. A flow's write and finish cost about 35 % less wall time measured so. Durability is the
  // same (the WAL is the database until it is checkpointed); the -wal file is cut back to 64 MB after.
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  // Off by default in SQLite and per connection: without it ON DELETE CASCADE does nothing.
  database.pragma('foreign_keys = ON');
}

/** PostgreSQL, with an introspector a concurrent DROP elsewhere in the database cannot fail (postgres-introspector.ts). */
class CatalogOnlyPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CatalogOnlyPostgresIntrospector(db);
  }
}

const PG_INT8_OID = 20;

function openPostgres(databaseUrl: string, options: OpenDatabaseOptions): { db: Kysely<DatabaseSchema>; dialect: 'postgres' } {
  const url = parsePostgresUrl(databaseUrl);
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const pool = new pg.Pool({
    // Runs the hot statements as prepared statements (prepared-statements.ts); pg's own client, which
    // sends every statement unnamed, when they are turned off.
    ...(options.preparedStatements === false ? {} : { Client: PreparingClient }),
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    // Every session starts in the schema, so unqualified table names resolve there.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: { getTypeParser },
  });
  // An idle client's connection dropping (server restart, failover) is emitted on the pool; unhandled
  // it would crash the process. The pool replaces the client on the next query.
  pool.on('error', (error) => options.logger?.warn(`PostgreSQL connection lost (${url.host}): ${error.message}`));
  return { db: new Kysely<DatabaseSchema>({ dialect: new CatalogOnlyPostgresDialect({ pool }), ...queryLog(options) }), dialect: 'postgres' };
}

/** Kysely's log, when asked for, handing on the SQL text alone. */
function queryLog(options: OpenDatabaseOptions): { log?: (event: LogEvent) => void } {
  const { onQuery } = options;
  return onQuery ? { log: (event) => onQuery(event.query.sql) } : {};
}

// Per pool, not pg.types.setTypeParser: changing the process-wide default would surprise other pg users.
const getTypeParser = ((oid: number, format: 'text' | 'binary' = 'text'): unknown =>
  oid === PG_INT8_OID && format === 'text' ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser;

/** int8 (timestamps, identity ids, counts) as a number; refuses values a number would round. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`PostgreSQL bigint ${text} does not fit a JavaScript number`);
  return value;
}

function parsePostgresUrl(databaseUrl: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(databaseUrl);
  } catch {
    url = undefined;
  }
  const example = 'postgres://user:password@host:5432/simpass';
  if (!url) {
    // Never echo the value: it usually carries a password.
    throw new StorageError(
      'invalid_database_url',
      `DATABASE_URL is not a URL. Set it to a PostgreSQL connection URL such as ${example}, or unset it to use the SQLite file.`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StorageError(
      'invalid_database_url',
      `DATABASE_URL uses "${url.protocol}", but only PostgreSQL URLs are supported (postgres:// or postgresql://), ` +
        `such as ${example}. Unset DATABASE_URL to use the SQLite file instead.`,
    );
  }
  if (!url.hostname && !url.searchParams.has('host')) {
    throw new StorageError('invalid_database_url', `DATABASE_URL names no host. Set it like ${example}.`);
  }
  return url;
}

function checkSchemaName(schema: string): string {
  // It goes into a connection option and DDL unquoted, so only plain identifiers.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StorageError('invalid_schema_name', `PostgreSQL schema "${schema}" must be a lower-case identifier (a-z, 0-9, _).`);
  }
  return schema;
}

/** Proves the server is reachable and returns the schema Kysely's migration tables belong in. */
async function preparePostgres(db: Kysely<DatabaseSchema>, databaseUrl: string, schema: string | undefined): Promise<string> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const url = new URL(databaseUrl);
    throw new StorageError(
      'database_unavailable',
      `Cannot reach PostgreSQL at ${url.host}${url.pathname} (DATABASE_URL): ${messageOf(error)}. ` +
        "Check the server is running and the URL's host, port, database, user and password.",
      { cause: error },
    );
  }
  if (schema) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      // IF NOT EXISTS is not atomic: a server starting at the same moment may have just created it.
      const code = (error as { code?: unknown }).code;
      if (code !== '23505' && code !== '42P06') {
        throw new StorageError(
          'database_unavailable',
          `Cannot create PostgreSQL schema "${schema}": ${messageOf(error)}. Create it, or grant DATABASE_URL's user CREATE on the database.`,
          { cause: error },
        );
      }
    }
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const current = rows[0]?.schema;
  if (!current) {
    throw new StorageError(
      'database_unavailable',
      "PostgreSQL has no schema to create tables in for DATABASE_URL's user: nothing on its search_path exists. Create one, or grant the user \"public\".",
    );
  }
  // Kysely looks for its migration table in every schema unless told which one; name ours so
  // another Simpass schema in the same database is not mistaken for this one.
  return current;
}

async function migrate(
  db: Kysely<DatabaseSchema>,
  dialect: DatabaseDialect,
  migrationTableSchema: string | undefined,
  logger: StorageLogger | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  // Kysely takes a lock first (an advisory lock on PostgreSQL, the write lock on SQLite), so two
  // servers starting at once apply each migration once.
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === 'Success') logger?.info(`Database migration ${result.migrationName} applied (${dialect})`);
  }
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    throw new StorageError(
      'migration_failed',
      `Database migration ${failed ?? '(setup)'} failed on ${dialect}: ${messageOf(error)}. Nothing of it was applied; fix the cause and restart.`,
      { cause: error },
    );
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
