// Test support: runs one storage suite on every database we ship for. SQLite gets a fresh temp
// file per test file; PostgreSQL (TEST_DATABASE_URL) a fresh random schema, dropped afterwards.
// Without TEST_DATABASE_URL the PostgreSQL half is skipped visibly, except in CI, where it fails:
// a storage change must never pass CI having been proven on one database only.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './database.js';
import type { DatabaseDialect, DatabaseSchema } from './schema.js';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export interface TestDatabase {
  readonly dialect: DatabaseDialect;
  /** The handle opened for this test file. */
  readonly db: Kysely<DatabaseSchema>;
  /** Options that open the same database again (another handle, or after a close). */
  readonly options: OpenDatabaseOptions;
  /** Opens another handle on this file's database (or on `other`); closed after the file if still open. */
  open(other?: OpenDatabaseOptions): Promise<OpenedDatabase>;
  /** Options for another, empty database of the same dialect (never opened yet); removed after the file. */
  fresh(): Promise<OpenDatabaseOptions>;
}

const BACKENDS: readonly { dialect: DatabaseDialect; missing?: string }[] = [
  { dialect: 'sqlite' },
  { dialect: 'postgres', ...(TEST_DATABASE_URL ? {} : { missing: 'TEST_DATABASE_URL is not set' }) },
];

/** `describe.each` over SQLite and PostgreSQL; `body` registers the tests against `t`. */
export function describeOnEachDatabase(title: string, body: (t: TestDatabase) => void): void {
  describe.each(BACKENDS)(`${title} ($dialect)`, ({ dialect, missing }) => {
    if (missing && process.env.CI) {
      it('runs on PostgreSQL in CI', () => {
        throw new Error(`${missing} in CI: set TEST_DATABASE_URL=postgres://user@host:5432/db so the storage suite runs on PostgreSQL too.`);
      });
      return;
    }
    describe.skipIf(missing !== undefined)(missing ? `skipped: ${missing}` : 'on a fresh database', () => {
      body(useTestDatabase(dialect));
    });
  });
}

function useTestDatabase(dialect: DatabaseDialect): TestDatabase {
  const handles: OpenedDatabase[] = [];
  const disposals: (() => Promise<void>)[] = [];
  let main: OpenedDatabase | undefined;
  let options: OpenDatabaseOptions | undefined;

  async function fresh(): Promise<OpenDatabaseOptions> {
    if (dialect === 'sqlite') {
      const dir = await mkdtemp(join(tmpdir(), 'simpass-storage-'));
      disposals.push(() => rm(dir, { recursive: true, force: true }));
      return { sqliteFile: join(dir, 'simpass.db') };
    }
    const schema = `simpass_test_${randomBytes(6).toString('hex')}`;
    disposals.push(() => dropSchema(TEST_DATABASE_URL!, schema));
    return { databaseUrl: TEST_DATABASE_URL!, schema };
  }

  async function open(other?: OpenDatabaseOptions): Promise<OpenedDatabase> {
    const handle = await openDatabase(other ?? options!);
    handles.push(handle);
    return handle;
  }

  beforeAll(async () => {
    options = await fresh();
    main = await open();
  });

  afterAll(async () => {
    // Handles are closed idempotently, so ones a test already closed are fine here.
    await Promise.all(handles.map((handle) => handle.close()));
    await Promise.all(disposals.map((dispose) => dispose()));
  });

  return {
    dialect,
    get db() {
      return main!.db;
    },
    get options() {
      return options!;
    },
    open,
    fresh,
  };
}

/** Drops a test schema and everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The name is ours (hex suffix), so quoting it is enough.
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
