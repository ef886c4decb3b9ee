import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from './database.js';

// The group commit (sqlite-group-commit.ts), seen from outside: through Kysely, as the repositories use it.
describe('SQLite group commit', () => {
  let dir: string;
  let opened: OpenedDatabase;
  /** Every statement, and when each caller heard back, in order. */
  let events: string[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simpass-group-commit-'));
    events = [];
    opened = await openDatabase({ sqliteFile: join(dir, 'simpass.db'), onQuery: (statement) => events.push(statement.split(' ')[0]!.toLowerCase()) });
    events = [];
  });
  afterEach(async () => {
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  });

  const audit = (event: string) => ({ at: 1, event, user_id: null, check_id: null, phone_masked: null, ip: null, user_agent: null, detail: null });
  const write = (event: string) =>
    opened.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('audit_events').values(audit(event)).execute();
        await trx.insertInto('audit_events').values(audit(`${event}.second`)).execute();
      })
      .then(() => events.push(`answered ${event}`));
  const stored = async () => (await opened.db.selectFrom('audit_events').select('event').orderBy('id').execute()).map((r) => r.event);

  it('commits transactions that finish together once, and answers each only after that COMMIT', async () => {
    await Promise.all([write('a'), write('b'), write('c')]);
    expect(events.filter((e) => e === 'commit')).toHaveLength(1);
    expect(events.indexOf('commit')).toBeLessThan(events.indexOf('answered a'));
    expect(events.slice(0, 4)).toEqual(['begin', 'insert', 'insert', 'savepoint']);
    expect(await stored()).toEqual(['a', 'a.second', 'b', 'b.second', 'c', 'c.second']);
  });

  it('commits one transaction alone by itself, as before (BEGIN IMMEDIATE … COMMIT)', async () => {
    await write('alone');
    expect(events).toEqual(['begin', 'insert', 'insert', 'commit', 'answered alone']);
  });

  it('rolls back a failed transaction alone: the others in its batch are committed', async () => {
    const failing = opened.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_events').values(audit('doomed')).execute();
      throw new Error('changed my mind');
    });
    const results = await Promise.allSettled([write('before'), failing, write('after')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await stored()).toEqual(['before', 'before.second', 'after', 'after.second']);
  });

  it('rolls back the first transaction of a batch alone too', async () => {
    const failing = opened.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_events').values(audit('doomed')).execute();
      throw new Error('changed my mind');
    });
    const results = await Promise.allSettled([failing, write('after')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await stored()).toEqual(['after', 'after.second']);
  });

  it('answers a statement run outside a transaction while a batch is open only after its COMMIT (it may have read uncommitted rows)', async () => {
    let read: Promise<unknown> | undefined;
    const transaction = opened.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('audit_events').values(audit('a')).execute();
        // Waits for the lock, and runs once this transaction has finished in the batch, before its COMMIT.
        read = opened.db
          .selectFrom('audit_events')
          .select('event')
          .execute()
          .then((rows) => events.push(`answered read of ${rows.length}`));
      })
      .then(() => events.push('answered a'));
    await transaction;
    await read;
    // (Kysely logs a statement once it has answered, so the SELECT shows up after the COMMIT it waited for.)
    expect(events.slice(0, 3)).toEqual(['begin', 'insert', 'commit']);
    expect(events).toContain('answered read of 1');
  });

  it('fails every transaction of a batch whose COMMIT fails, and keeps none of their writes', async () => {
    // A deferred foreign key is checked at COMMIT: a session of an account that does not exist.
    let read: Promise<unknown> | undefined;
    const broken = opened.db.transaction().execute(async (trx) => {
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await trx
        .insertInto('sessions')
        .values({ token_hash: 'f'.repeat(64), user_id: 'nobody', created_at: 1, expires_at: 2, last_seen_at: 1, ip: null, user_agent: null, amr: '["sim"]' })
        .execute();
      // A read in the same batch sees rows the failed COMMIT takes back: it is failed too, never answered.
      read = opened.db.selectFrom('sessions').select('token_hash').execute();
    });
    const results = await Promise.allSettled([write('a'), broken, write('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(read).rejects.toThrow(/FOREIGN KEY/i);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/i);
    expect(await stored()).toEqual([]);
    // The database goes on: the next transaction commits by itself.
    await write('later');
    expect(await stored()).toEqual(['later', 'later.second']);
  });

  it('closes only after a transaction still running has finished, never committing half of it', async () => {
    const running = opened.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_events').values(audit('first half')).execute();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await trx.insertInto('audit_events').values(audit('second half')).execute();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const closing = opened.close();
    await running;
    await closing;
    const again = await openDatabase({ sqliteFile: join(dir, 'simpass.db') });
    try {
      expect((await again.db.selectFrom('audit_events').select('event').orderBy('id').execute()).map((r) => r.event)).toEqual(['first half', 'second half']);
    } finally {
      await again.close();
    }
    opened = await openDatabase({ sqliteFile: join(dir, 'simpass.db') });
  });

  it('commits what is open when the database closes', async () => {
    const pending = write('closing');
    await new Promise((resolve) => setImmediate(resolve));
    await opened.close();
    await pending;
    const again = await openDatabase({ sqliteFile: join(dir, 'simpass.db') });
    try {
      expect((await again.db.selectFrom('audit_events').select('event').execute()).map((r) => r.event)).toEqual(['closing', 'closing.second']);
    } finally {
      await again.close();
    }
    opened = await openDatabase({ sqliteFile: join(dir, 'simpass.db') });
  });
});
