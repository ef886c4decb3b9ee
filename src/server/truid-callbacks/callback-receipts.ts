// Callbacks already received, by the SHA-256 of their signature, for as long as their Date would still
// pass the clock-skew bound: the same signed message arriving twice (a replay) finds its receipt and is
// refused. One INSERT … ON CONFLICT DO NOTHING decides, so instances sharing a database agree.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { toMillis } from '../storage/timestamps.js';

export interface CallbackReceipt {
  signature: string;
  checkId: string;
  status: string;
  receivedAt: Date;
  /** After this, the signed Date is out of bounds anyway. */
  expiresAt: Date;
}

/** True for the first arrival of this signed message, false for every later one. */
export async function recordCallbackReceipt(db: Kysely<DatabaseSchema>, receipt: CallbackReceipt): Promise<boolean> {
  const result = await db
    .insertInto('truid_callback_receipts')
    .values({
      signature_hash: createHash('sha256').update(receipt.signature).digest('hex'),
      check_id: receipt.checkId,
      status: receipt.status,
      received_at: toMillis(receipt.receivedAt),
      expires_at: toMillis(receipt.expiresAt),
    })
    .onConflict((conflict) => conflict.column('signature_hash').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function deleteExpiredCallbackReceipts(db: Kysely<DatabaseSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('truid_callback_receipts').where('expires_at', '<', toMillis(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
