// Hand-off rows. Every change of state is a conditional UPDATE ("…where status = 'opened'"), so two
// requests racing for the same hand-off (two phones opening one link, an approval against a cancel)
// cannot both win: the database decides, and the loser learns it from the row count.
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, HandoffsTable } from '../storage/schema.js';
import { fromMillis, fromNullableMillis, toMillis } from '../storage/timestamps.js';

export type HandoffStatus = HandoffsTable['status'];

export interface HandoffRecord {
  id: string;
  status: HandoffStatus;
  refusal: string | null;
  matchCode: string;
  codeChoices: string[];
  /** E.164, when the desktop typed one. */
  phoneNumber: string | null;
  desktopSummary: string;
  phoneBound: boolean;
  phoneTokenHash: string | null;
  userId: string | null;
  accountCreated: boolean | null;
  createdAt: Date;
  expiresAt: Date;
  openedAt: Date | null;
  approvedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewHandoff {
  id: string;
  desktopTokenHash: string;
  linkTokenHash: string;
  matchCode: string;
  codeChoices: string[];
  phoneNumber: string | null;
  desktopSummary: string;
  createdAt: Date;
  expiresAt: Date;
}

type Db = Kysely<DatabaseSchema>;

export async function insertHandoff(db: Db, handoff: NewHandoff): Promise<void> {
  await db
    .insertInto('handoffs')
    .values({
      id: handoff.id,
      desktop_token_hash: handoff.desktopTokenHash,
      link_token_hash: handoff.linkTokenHash,
      phone_token_hash: null,
      status: 'waiting',
      refusal: null,
      match_code: handoff.matchCode,
      code_choices: handoff.codeChoices.join(','),
      phone_e164: handoff.phoneNumber,
      desktop_summary: handoff.desktopSummary,
      user_id: null,
      account_created: null,
      created_at: toMillis(handoff.createdAt),
      expires_at: toMillis(handoff.expiresAt),
      opened_at: null,
      approved_at: null,
      finished_at: null,
    })
    .execute();
}

export async function findHandoffBy(
  db: Db,
  column: 'id' | 'desktop_token_hash' | 'link_token_hash' | 'phone_token_hash',
  value: string,
): Promise<HandoffRecord | undefined> {
  const row = await db.selectFrom('handoffs').selectAll().where(column, '=', value).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The first phone to open the link binds it; false when another phone (or a cancel, or expiry) was first. */
export async function bindPhone(db: Db, id: string, phoneTokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('handoffs')
    .set({ phone_token_hash: phoneTokenHash, status: 'opened', opened_at: toMillis(now) })
    .where('id', '=', id)
    .where('status', '=', 'waiting')
    .where('phone_token_hash', 'is', null)
    .where('expires_at', '>', toMillis(now))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function approveHandoff(db: Db, id: string, input: { userId: string; accountCreated: boolean; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('handoffs')
    .set({ status: 'approved', user_id: input.userId, account_created: input.accountCreated ? 1 : 0, approved_at: toMillis(input.now) })
    .where('id', '=', id)
    .where('status', '=', 'opened')
    .where('expires_at', '>', toMillis(input.now))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The desktop collected its session: the hand-off is spent. */
export async function markSignedIn(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('handoffs')
    .set({ status: 'signed_in', finished_at: toMillis(now) })
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Ends a hand-off that is still open (waiting or opened) as cancelled or refused. */
export async function endHandoff(db: Db, id: string, outcome: { status: 'cancelled' | 'refused'; refusal?: string; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('handoffs')
    .set({ status: outcome.status, refusal: outcome.refusal ?? null, finished_at: toMillis(outcome.now) })
    .where('id', '=', id)
    .where('status', 'in', ['waiting', 'opened'])
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteExpiredHandoffs(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('handoffs').where('expires_at', '<', toMillis(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toRecord(row: Selectable<HandoffsTable>): HandoffRecord {
  return {
    id: row.id,
    status: row.status,
    refusal: row.refusal,
    matchCode: row.match_code,
    codeChoices: row.code_choices.split(','),
    phoneNumber: row.phone_e164,
    desktopSummary: row.desktop_summary,
    phoneBound: row.phone_token_hash !== null,
    phoneTokenHash: row.phone_token_hash,
    userId: row.user_id,
    accountCreated: row.account_created === null ? null : row.account_created === 1,
    createdAt: fromMillis(row.created_at),
    expiresAt: fromMillis(row.expires_at),
    openedAt: fromNullableMillis(row.opened_at),
    approvedAt: fromNullableMillis(row.approved_at),
    finishedAt: fromNullableMillis(row.finished_at),
  };
}
