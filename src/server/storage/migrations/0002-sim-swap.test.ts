// Upgrading a database that already holds accounts and sessions: 0002 rebuilds users (and sessions,
// on SQLite) to make "one account per number" hold only among active accounts. Nothing may be lost,
// and the sessions' foreign key must still cascade afterwards.
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import type { OpenDatabaseOptions } from '../database.js';
import type { DatabaseDialect } from '../schema.js';
import { describeOnEachDatabase } from '../test-databases.js';
import { findUserById, retireUser } from '../user-repository.js';
import { createMigrationProvider } from './index.js';

/** A database migrated only to 0001, as a server of the previous release left it. */
async function openAtInitial(dialect: DatabaseDialect, options: OpenDatabaseOptions): Promise<Kysely<unknown>> {
  if (dialect === 'sqlite') {
    const database = new SQLite(options.sqliteFile ?? ':memory:');
    database.pragma('foreign_keys = ON');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    await migrateToInitial(db, dialect);
    return db;
  }
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin.query(`create schema if not exists "${options.schema!}"`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: options.databaseUrl, options: `-c search_path=${options.schema!}` });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await migrateToInitial(db, dialect, options.schema);
  return db;
}

async function migrateToInitial(db: Kysely<unknown>, dialect: DatabaseDialect, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: createMigrationProvider(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo('0001-initial');
  if (error) throw error instanceof Error ? error : new Error('migration to 0001 failed');
}

const HASH = (n: number) => String(n).padStart(64, '0');

describeOnEachDatabase('migration 0002 on a database with data', (t) => {
  it('keeps every account and session, and sessions still end with their account', async () => {
    const options = await t.fresh();
    const before = await openAtInitial(t.dialect, options);
    await sql`insert into users (id, phone_e164, created_at, last_sign_in_at)
              values ('u1', '+447700900001', 1000, 2000), ('u2', '+447700900002', 3000, null)`.execute(before);
    await sql`insert into sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
              values (${HASH(1)}, 'u1', 1, 9, 1, '10.0.0.1', 'UA'), (${HASH(2)}, 'u2', 2, 9, 2, null, null)`.execute(before);
    await before.destroy();

    const after = await t.open(options);
    expect(await findUserById(after.db, 'u1')).toEqual({
      id: 'u1',
      phoneNumber: '+447700900001',
      createdAt: new Date(1000),
      lastSignInAt: new Date(2000),
    });
    const sessions = await after.db.selectFrom('sessions').selectAll().orderBy('token_hash').execute();
    // amr: 0004-passkeys marks every session from before passkeys as proven by the SIM (all were).
    expect(sessions).toEqual([
      { token_hash: HASH(1), user_id: 'u1', created_at: 1, expires_at: 9, last_seen_at: 1, ip: '10.0.0.1', user_agent: 'UA', amr: 'sim' },
      { token_hash: HASH(2), user_id: 'u2', created_at: 2, expires_at: 9, last_seen_at: 2, ip: null, user_agent: null, amr: 'sim' },
    ]);

    // The foreign key survived the rebuild: deleting an account still takes its sessions with it.
    await after.db.deleteFrom('users').where('id', '=', 'u2').execute();
    expect(await after.db.selectFrom('sessions').select('user_id').execute()).toEqual([{ user_id: 'u1' }]);
    await expect(
      after.db.insertInto('sessions').values({ token_hash: HASH(3), user_id: 'nobody', created_at: 1, expires_at: 9, last_seen_at: 1, ip: null, user_agent: null }).execute(),
    ).rejects.toThrow(/foreign key/i);

    // One active account per number; a retired one releases it.
    await expect(after.db.insertInto('users').values({ id: 'u3', phone_e164: '+447700900001', created_at: 5, last_sign_in_at: null }).execute()).rejects.toThrow(/unique/i);
    await retireUser(after.db, 'u1', new Date(6));
    await after.db.insertInto('users').values({ id: 'u3', phone_e164: '+447700900001', created_at: 5, last_sign_in_at: null }).execute();
    await after.close();
  });
});
