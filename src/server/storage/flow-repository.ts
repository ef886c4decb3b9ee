// The FlowStore port (../flow-store.ts) over the database, so a flow started on one server
// process can be finished and read on another, and survives a restart.
import type { Kysely, QueryCreator, Selectable } from 'kysely';
import type { FlowOutcome, FlowStore, VerificationFlow } from '../flow-store.js';
import { AUDIT_EVENT_COLUMNS, auditEventArguments, auditEventFrom, recordAuditEvent, type AuditEventInput } from './audit-repository.js';
import { isPostgres } from './dialect-of.js';
import { argumentsOf, compiledInsertOnce, compiledOnce, rowOf } from './compiled-once.js';
import type { DatabaseSchema, VerificationFlowsTable } from './schema.js';
import { fromMillis, fromNullableMillis, toMillis } from './timestamps.js';

export function createDbFlowStore(db: Kysely<DatabaseSchema>): FlowStore {
  return {
    async insert(flow, audit) {
      // PostgreSQL: the flow and its audit row in one statement, atomic by itself (no BEGIN, no COMMIT).
      if (audit && isPostgres(db)) await insertFlowWithAuditQuery(db, ...flowValues(flow), ...auditEventArguments(audit));
      else await withAudit(db, audit, (db) => insertFlow(db, flow));
    },

    async findByCheckId(checkId) {
      const [row] = (await flowByCheckIdQuery(db, checkId)).rows;
      return row && toFlow(row);
    },

    async finish(checkId: string, outcome: FlowOutcome, at: Date, audit?: AuditEventInput) {
      // The audit event only when the flow really ended here: a second finish changes nothing and records nothing.
      // PostgreSQL: one statement, whose audit row is inserted from the UPDATE's RETURNING, so only when it ended the flow.
      if (audit && isPostgres(db)) {
        const result = await finishFlowWithAuditQuery(db, ...finishValues(checkId, outcome, at), ...auditEventArguments(audit));
        return (result.numAffectedRows ?? 0n) > 0n;
      }
      return withAudit(db, audit, (db) => finishFlow(db, checkId, outcome, at), (finished) => finished);
    },

    async consume(checkId, at) {
      // Same idea: a replayed or doubled result request cannot sign in twice from one check.
      const result = await consumeFlowQuery(db, checkId, toMillis(at));
      return (result.numAffectedRows ?? 0n) > 0n;
    },

    async markPossiblyRecycled(checkId, userId) {
      await db.updateTable('verification_flows').set({ recycled_user_id: userId }).where('check_id', '=', checkId).execute();
    },
  };
}

/**
 * Runs `write` and, when there is an audit event (and `shouldRecord` agrees with the result), records it
 * in the same transaction: one commit instead of two, and never a flow change without its audit line or
 * the other way round. Already inside a transaction (sign-in), the caller's transaction is that one.
 */
async function withAudit<T>(
  db: Kysely<DatabaseSchema>,
  audit: AuditEventInput | undefined,
  write: (db: Kysely<DatabaseSchema>) => Promise<T>,
  shouldRecord: (result: T) => boolean = () => true,
): Promise<T> {
  if (!audit) return write(db);
  const both = async (trx: Kysely<DatabaseSchema>) => {
    const result = await write(trx);
    if (shouldRecord(result)) await recordAuditEvent(trx, audit);
    return result;
  };
  return db.isTransaction ? both(db) : db.transaction().execute(both);
}

// The statements every check runs, built and compiled once (compiled-once.ts); values are converted
// before they are passed, since an argument must reach the query untouched.
const flowByCheckIdQuery = compiledOnce((db: Kysely<DatabaseSchema>, checkId: string) =>
  db.selectFrom('verification_flows').selectAll().where('check_id', '=', checkId),
);

/** The conditional UPDATE that spends a completed, matched, unspent check (also a part of check-consumption.ts's statement). */
export const consumeFlowUpdate = (db: QueryCreator<DatabaseSchema>, checkId: string, at: number) =>
  db
    .updateTable('verification_flows')
    .set({ consumed_at: at })
    .where('check_id', '=', checkId)
    .where('status', '=', 'completed')
    .where('match', '=', 1)
    .where('consumed_at', 'is', null);

const consumeFlowQuery = compiledOnce(consumeFlowUpdate);

const FLOW_COLUMNS = [
  'check_id',
  'flow_token_hash',
  'phone_e164',
  'status',
  'match',
  'failure_reason',
  'created_at',
  'expires_at',
  'finished_at',
  'consumed_at',
  'check_product',
  'sim_period_minutes',
  'sim_no_change',
  'sim_change_within',
  'recycled_user_id',
] as const satisfies readonly (keyof VerificationFlowsTable)[];

type FlowRow = { [K in (typeof FLOW_COLUMNS)[number]]: Flows[K] };

const insertFlowQuery = compiledInsertOnce<DatabaseSchema, 'verification_flows', keyof VerificationFlowsTable>('verification_flows', FLOW_COLUMNS);

async function insertFlow(db: Kysely<DatabaseSchema>, flow: VerificationFlow): Promise<void> {
  await insertFlowQuery(db, flowRow(flow));
}

function flowRow(flow: VerificationFlow): FlowRow {
  return {
    check_id: flow.checkId,
    flow_token_hash: flow.flowTokenHash,
    phone_e164: flow.phoneNumber,
    status: flow.status,
    match: flow.match === null ? null : Number(flow.match),
    failure_reason: flow.failureReason,
    created_at: toMillis(flow.createdAt),
    expires_at: toMillis(flow.expiresAt),
    finished_at: flow.finishedAt ? toMillis(flow.finishedAt) : null,
    consumed_at: flow.consumedAt ? toMillis(flow.consumedAt) : null,
    check_product: flow.product ?? 'phone_check',
    sim_period_minutes: flow.simPeriodMinutes ?? null,
    sim_no_change: nullableFlag(flow.simFacts?.noSimChange),
    sim_change_within: flow.simFacts?.changeWithinMinutes ?? null,
    recycled_user_id: flow.recycledUserId ?? null,
  };
}

const flowValues = (flow: VerificationFlow): unknown[] => argumentsOf(FLOW_COLUMNS, flowRow(flow));

// PostgreSQL only (isPostgres): the flow, then its audit row, as one INSERT with a data-modifying WITH.
const insertFlowWithAuditQuery = compiledOnce((db: Kysely<DatabaseSchema>, ...values: unknown[]) =>
  db
    .with('flow', (db) => db.insertInto('verification_flows').values(rowOf(FLOW_COLUMNS, values)).returning('check_id'))
    .insertInto('audit_events')
    .values(rowOf(AUDIT_EVENT_COLUMNS, values.slice(FLOW_COLUMNS.length))),
);

async function finishFlow(db: Kysely<DatabaseSchema>, checkId: string, outcome: FlowOutcome, at: Date): Promise<boolean> {
  // One conditional UPDATE: the database decides which of two racing redirects (or a redirect
  // and the expiry sweep) ends the flow, and only that one sees a changed row.
  const result = await finishFlowQuery(db, ...finishValues(checkId, outcome, at));
  return (result.numAffectedRows ?? 0n) > 0n;
}

type Flows = VerificationFlowsTable;
type FinishValues = [
  status: Flows['status'],
  match: Flows['match'],
  failureReason: Flows['failure_reason'],
  simNoChange: Flows['sim_no_change'],
  simChangeWithin: Flows['sim_change_within'],
  finishedAt: number,
  checkId: string,
];

function finishValues(checkId: string, outcome: FlowOutcome, at: Date): FinishValues {
  const completed = outcome.status === 'completed';
  return [
    outcome.status,
    completed ? Number(outcome.match) : null,
    outcome.status === 'failed' ? outcome.failureReason : null,
    completed ? nullableFlag(outcome.simFacts?.noSimChange) : null,
    completed ? (outcome.simFacts?.changeWithinMinutes ?? null) : null,
    toMillis(at),
    checkId,
  ];
}

const finishFlowUpdate = (db: QueryCreator<DatabaseSchema>, ...[status, match, failureReason, simNoChange, simChangeWithin, finishedAt, checkId]: FinishValues) =>
  db
    .updateTable('verification_flows')
    .set({ status, match, failure_reason: failureReason, sim_no_change: simNoChange, sim_change_within: simChangeWithin, finished_at: finishedAt })
    .where('check_id', '=', checkId)
    .where('status', '=', 'pending');

const finishFlowQuery = compiledOnce(finishFlowUpdate);

// PostgreSQL only (isPostgres): the conditional UPDATE, and the audit row inserted from its RETURNING, so
// written exactly when this statement ended the flow. The INSERT's row count says whether it did.
const finishFlowWithAuditQuery = compiledOnce((db: Kysely<DatabaseSchema>, ...values: [...FinishValues, ...unknown[]]) => {
  const finish = values.slice(0, 7) as FinishValues;
  const audit = values.slice(7);
  return db.with('finished', (db) => finishFlowUpdate(db, ...finish).returning('check_id')).insertInto('audit_events').columns(AUDIT_EVENT_COLUMNS).expression(auditEventFrom('finished', audit));
});

function nullableFlag(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Removes flows whose check expired before `before`; returns how many. */
export async function deleteExpiredFlows(db: Kysely<DatabaseSchema>, before: Date): Promise<number> {
  const result = await db.deleteFrom('verification_flows').where('expires_at', '<', toMillis(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function toFlow(row: Selectable<VerificationFlowsTable>): VerificationFlow {
  return {
    checkId: row.check_id,
    flowTokenHash: row.flow_token_hash,
    phoneNumber: row.phone_e164,
    status: row.status,
    match: row.match === null ? null : Number(row.match) === 1,
    failureReason: row.failure_reason,
    createdAt: fromMillis(row.created_at),
    expiresAt: fromMillis(row.expires_at),
    finishedAt: fromNullableMillis(row.finished_at),
    consumedAt: fromNullableMillis(row.consumed_at),
    product: row.check_product,
    simPeriodMinutes: row.sim_period_minutes === null ? null : Number(row.sim_period_minutes),
    simFacts:
      row.check_product === 'subscriber_check' && row.status === 'completed'
        ? {
            noSimChange: row.sim_no_change === null ? null : Number(row.sim_no_change) === 1,
            changeWithinMinutes: row.sim_change_within === null ? null : Number(row.sim_change_within),
          }
        : null,
    recycledUserId: row.recycled_user_id,
  };
}
