import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { compiledInsertOnce, compiledOnce } from './compiled-once.js';
import type { DatabaseSchema } from './schema.js';
import { describeOnEachDatabase } from './test-databases.js';

describeOnEachDatabase('a query compiled once', (t) => {
  it('runs with each call’s own arguments, in a constant’s company, repeated arguments included, inside a transaction too', async () => {
    let builds = 0;
    const recent = compiledOnce((db: Kysely<DatabaseSchema>, event: string, after: number) => {
      builds++;
      return db
        .selectFrom('audit_events')
        .select(['event', 'at'])
        .where('event', '=', event)
        .where('at', '>', after)
        .where('at', '<', 9_000_000_000_000)
        .where((eb) => eb.or([eb('event', '=', event), eb('event', '=', 'never')]))
        .orderBy('at');
    });
    await t.db
      .insertInto('audit_events')
      .values([
        { event: 'compiled.a', at: 1000, user_id: null, check_id: null, phone_masked: null, ip: null, user_agent: null, detail: null },
        { event: 'compiled.a', at: 2000, user_id: null, check_id: null, phone_masked: null, ip: null, user_agent: null, detail: null },
        { event: 'compiled.b', at: 3000, user_id: null, check_id: null, phone_masked: null, ip: null, user_agent: null, detail: null },
      ])
      .execute();
    expect((await recent(t.db, 'compiled.a', 1500)).rows.map((r) => Number(r.at))).toEqual([2000]);
    expect((await recent(t.db, 'compiled.b', 0)).rows.map((r) => Number(r.at))).toEqual([3000]);
    expect((await recent(t.db, 'compiled.a', 0)).rows.map((r) => Number(r.at))).toEqual([1000, 2000]);
    await t.db.transaction().execute(async (trx) => {
      expect((await recent(trx, 'compiled.b', 2500)).rows).toHaveLength(1);
    });
    expect(builds).toBe(1);
  });

  it('refuses a builder that changes an argument instead of passing it through', async () => {
    const broken = compiledOnce((db: Kysely<DatabaseSchema>, event: string) =>
      db.selectFrom('audit_events').select('id').where('event', '=', event.toUpperCase()),
    );
    await expect(broken(t.db, 'x')).rejects.toThrow(/untouched/);
  });
});

describeOnEachDatabase('an insert compiled once', (t) => {
  it('writes each row’s own values, nulls included', async () => {
    const insert = compiledInsertOnce<DatabaseSchema, 'audit_events', 'at' | 'event' | 'user_id' | 'check_id' | 'phone_masked' | 'ip' | 'user_agent' | 'detail'>(
      'audit_events',
      ['at', 'event', 'user_id', 'check_id', 'phone_masked', 'ip', 'user_agent', 'detail'],
    );
    const row = { user_id: null, check_id: null, phone_masked: null, user_agent: null, detail: null };
    await insert(t.db, { ...row, at: 5000, event: 'inserted.once', ip: '192.0.2.1' });
    await insert(t.db, { ...row, at: 6000, event: 'inserted.once', ip: null });
    const rows = await t.db.selectFrom('audit_events').select(['at', 'ip']).where('event', '=', 'inserted.once').orderBy('at').execute();
    expect(rows.map((r) => [Number(r.at), r.ip])).toEqual([
      [5000, '192.0.2.1'],
      [6000, null],
    ]);
  });
});
