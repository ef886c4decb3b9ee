import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { createMigrationProvider } from './migrations/index.js';
import { StorageError } from './errors.js';
import { describeOnEachDatabase } from './test-databases.js';
import { findOrCreateUserByPhone, findUserById } from './user-repository.js';

describeOnEachDatabase('opening the database', (t) => {
  it('applies the migrations once: opening again changes nothing', async () => {
    const again = await t.open();
    await again.close();
    const third = await t.open();
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(third.db);
    expect(rows.map((row) => row.name)).toEqual(['0001-initial', '0002-sim-swap', '0003-handoff', '0004-passkeys', '0005-oidc', '0006-truid-callbacks']);
    await third.close();
  });

  it('lets two servers start on an empty database at once', async () => {
    const options = await t.fresh();
    const starts = [0, 1].map(() =>
      runChild(`
        const { openDatabase } = await import(${JSON.stringify(moduleFile('database.ts'))});
        const database = await openDatabase(${JSON.stringify(options)});
        await database.close();
      `),
    );
    expect(await Promise.all(starts.map((child) => child.exited))).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    const database = await t.open(options);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
    // One row per migration, each run once however many servers raced.
    expect(rows).toHaveLength(Object.keys(await createMigrationProvider('sqlite').getMigrations()).length);
  });

  // Kysely's migrator looks for its table across every schema of the database; a schema another
  // application (or another test run) drops at that moment made the start fail with "schema … does not
  // exist". Starts race a loop that creates and drops schemas of its own.
  it.skipIf(t.dialect !== 'postgres')('starts while other schemas of the database are being created and dropped', async () => {
    const admin = await t.open();
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i++) {
        const name = sql.id(`simpass_churn_${process.pid}_${i % 4}`);
        await sql`create schema if not exists ${name}`.execute(admin.db);
        await sql`create table if not exists ${name}.t (x int)`.execute(admin.db);
        await sql`drop schema if exists ${name} cascade`.execute(admin.db);
      }
    })();
    try {
      for (let i = 0; i < 12; i++) {
        const database = await t.open(await t.fresh());
        await database.close();
      }
    } finally {
      churning = false;
      await churn;
    }
  });

  it('keeps what was written after the handle is closed and the database opened again', async () => {
    const writer = await t.open();
    const { user } = await findOrCreateUserByPhone(writer.db, '+447700900101', new Date('2025-03-01T10:00:00.123Z'));
    await writer.close();

    const reader = await t.open();
    expect(await findUserById(reader.db, user.id)).toEqual(user);
    await reader.close();
  });

  it('keeps an acknowledged write when the writing process is killed with SIGKILL', async () => {
    const phone = '+447700900102';
    await writeThenGetKilled(t.options, phone);
    const reader = await t.open();
    const row = await reader.db.selectFrom('users').select('phone_e164').where('phone_e164', '=', phone).executeTakeFirst();
    expect(row).toEqual({ phone_e164: phone });
    await reader.close();
  });

  it('hands back times and ids as numbers, not the strings pg uses for bigint', async () => {
    await findOrCreateUserByPhone(t.db, '+447700900103', new Date(1_700_000_000_123));
    const row = await t.db.selectFrom('users').select('created_at').where('phone_e164', '=', '+447700900103').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1_700_000_000_123);
    const { count } = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(typeof count).toBe('number');
  });

  it.runIf(t.dialect === 'sqlite')('runs SQLite in WAL mode with NORMAL sync (a SIGKILL loses nothing in WAL) and foreign keys on', async () => {
    const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(t.db)).rows[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1); // NORMAL
    expect(await pragma('wal_autocheckpoint')).toBe(10000);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
  });
});

describe('SQLite page size', () => {
  it('is 2 KiB for a file this server creates, and stays what it was for an existing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simpass-pages-'));
    try {
      const fresh = await openDatabase({ sqliteFile: join(dir, 'new.db') });
      expect((await sql<{ page_size: number }>`pragma page_size`.execute(fresh.db)).rows[0]?.page_size).toBe(2048);
      await fresh.close();

      // A file made before (4 KiB pages, with a table in it): opened, migrated and used as it is.
      const Database = (await import('better-sqlite3')).default;
      const older = new Database(join(dir, 'old.db'));
      older.pragma('page_size = 4096');
      older.exec('create table kept (x integer)');
      older.close();
      const existing = await openDatabase({ sqliteFile: join(dir, 'old.db') });
      expect((await sql<{ page_size: number }>`pragma page_size`.execute(existing.db)).rows[0]?.page_size).toBe(4096);
      expect(await findOrCreateUserByPhone(existing.db, '+447700900001', new Date(1000))).toMatchObject({ created: true, user: { phoneNumber: '+447700900001' } });
      await existing.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('opening the database with bad settings', () => {
  it('creates the SQLite file and its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simpass-storage-'));
    const file = join(dir, 'nested', 'deeper', 'simpass.db');
    const database = await openDatabase({ sqliteFile: file, databaseUrl: '' });
    expect(database.dialect).toBe('sqlite');
    await database.close();
    expect(existsSync(file)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('names DATABASE_URL and the fix for a URL of another database, without echoing it', async () => {
    const error = await openDatabase({ databaseUrl: 'mysql://root:hunter2@db/simpass' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'invalid_database_url' });
    const { message } = error as StorageError;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('postgres://');
    expect(message).not.toContain('hunter2');
  });

  it('names DATABASE_URL for a value that is not a URL', async () => {
    await expect(openDatabase({ databaseUrl: 'localhost:5432/simpass' })).rejects.toMatchObject({
      code: 'invalid_database_url',
      message: expect.stringContaining('DATABASE_URL') as unknown,
    });
  });

  it('says which server could not be reached, without the password', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://simpass:hunter2@127.0.0.1:1/simpass' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'database_unavailable' });
    const { message } = error as StorageError;
    expect(message).toContain('127.0.0.1:1/simpass');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDatabase({ databaseUrl: 'postgres://127.0.0.1/x', schema: 'x; drop table users' })).rejects.toMatchObject({
      code: 'invalid_schema_name',
    });
  });
});

function moduleFile(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

/** Runs an ES module snippet in a fresh Node process (TypeScript through tsx), like a server would. */
function runChild(script: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) console.error(stderr);
      resolve({ code, signal });
    }),
  );
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes(text) && resolve());
      void exited.then(() => reject(new Error(`child exited before printing "${text}": ${stderr}`)));
    });
  return { child, exited, printed };
}

/** A child process opens the database, writes, says so, and is SIGKILLed without closing. */
async function writeThenGetKilled(options: object, phone: string): Promise<void> {
  const writer = runChild(`
    const { openDatabase } = await import(${JSON.stringify(moduleFile('database.ts'))});
    const { findOrCreateUserByPhone } = await import(${JSON.stringify(moduleFile('user-repository.ts'))});
    const { db } = await openDatabase(${JSON.stringify(options)});
    await findOrCreateUserByPhone(db, ${JSON.stringify(phone)}, new Date());
    process.stdout.write('written\\n');
    setInterval(() => {}, 60_000);
  `);
  await writer.printed('written');
  writer.child.kill('SIGKILL');
  expect(await writer.exited).toEqual({ code: null, signal: 'SIGKILL' });
}
