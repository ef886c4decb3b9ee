import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import { asPreparedStatement, preparedStatementName } from './prepared-statements.js';
import type { DatabaseSchema } from './schema.js';
import { describeOnEachDatabase } from './test-databases.js';

describe('a statement asking to be prepared', () => {
  it('names itself by a digest of its text, and only such a statement has a name', () => {
    const select = asPreparedStatement('select 1');
    expect(preparedStatementName(select)).toMatch(/^simpass_[0-9a-f]{24}$/);
    expect(preparedStatementName(asPreparedStatement('select 1'))).toBe(preparedStatementName(select));
    expect(preparedStatementName(asPreparedStatement('select 2'))).not.toBe(preparedStatementName(select));
    expect(select.endsWith(' select 1')).toBe(true);
    for (const plain of ['select 1', '/* a comment */ select 1', '/* prepared: */ select 1']) expect(preparedStatementName(plain)).toBeUndefined();
  });
});

describeOnEachDatabase('statements compiled once', (t) => {
  const flowById = compiledOnce((db: Kysely<DatabaseSchema>, checkId: string) => db.selectFrom('verification_flows').selectAll().where('check_id', '=', checkId));

  // SQLite keeps its own statements prepared (database.ts, withStatementCache).
  it.skipIf(t.dialect !== 'postgres')('are prepared on PostgreSQL (once per connection), and an ad-hoc query is not', async () => {
    const opened = await t.open({ ...t.options, maxConnections: 1 });
    const prepared = async () =>
      (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'simpass_%'`.execute(opened.db)).rows.map((r) => r.statement);
    await opened.db.selectFrom('verification_flows').select('check_id').where('check_id', '=', 'none').execute();
    expect(await prepared()).toEqual([]);
    for (const id of ['a', 'b', 'c']) expect((await flowById(opened.db, id)).rows).toEqual([]);
    const statements = await prepared();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "verification_flows" where "check_id" = \$1/);
  });

  it.skipIf(t.dialect !== 'postgres')('are sent unnamed when prepared statements are turned off (a pooler that cannot keep them)', async () => {
    const opened = await t.open({ ...t.options, maxConnections: 1, preparedStatements: false });
    expect((await flowById(opened.db, 'none')).rows).toEqual([]);
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_prepared_statements`.execute(opened.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('keep answering after a migration changes the shape of what they return, on a connection that prepared them before', async () => {
    const opened = await t.open({ ...t.options, maxConnections: 1 });
    await opened.db
      .insertInto('verification_flows')
      .values({ check_id: 'shape-1', flow_token_hash: 'h'.repeat(64), phone_e164: '+447700900001', status: 'pending', created_at: 1, expires_at: 2, check_product: 'phone_check' })
      .execute();
    expect((await flowById(opened.db, 'shape-1')).rows).toHaveLength(1);
    // Another server instance migrates while this one runs: PostgreSQL refuses the prepared SELECT *
    // ("cached plan must not change result type") until it is prepared again.
    await sql`alter table verification_flows add column later_column integer`.execute(t.db);
    try {
      const [row] = (await flowById(opened.db, 'shape-1')).rows as Record<string, unknown>[];
      expect(row).toMatchObject({ check_id: 'shape-1', later_column: null });
      expect((await flowById(opened.db, 'shape-1')).rows).toHaveLength(1);
    } finally {
      await sql`alter table verification_flows drop column later_column`.execute(t.db);
    }
  });
});
