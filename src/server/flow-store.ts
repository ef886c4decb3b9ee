// Where verification flows live between "check created" and "result read". A small port so the
// flow logic does not care about storage; storage/flow-repository.ts implements it over SQLite and
// PostgreSQL.
import type { AuditEventInput } from './storage/audit-repository.js';

export type FlowStatus = 'pending' | 'completed' | 'failed';

/** The tru.ID product behind a flow: PhoneCheck v0.2, or SubscriberCheck v0.2 (PhoneCheck + SIM-change facts). */
export type CheckProduct = 'phone_check' | 'subscriber_check';

/** What a completed SubscriberCheck said about the SIM (absent fields: the operator did not say). */
export interface SubscriberSimFacts {
  /** true: no SIM change within the period; null: not said. */
  readonly noSimChange: boolean | null;
  /** The SimChangeWithin bucket in minutes, when given. */
  readonly changeWithinMinutes: number | null;
}

export interface VerificationFlow {
  readonly checkId: string;
  /** SHA-256 of the browser's flow cookie: the cookie itself is never stored. */
  readonly flowTokenHash: string;
  /** E.164 with '+'. */
  readonly phoneNumber: string;
  readonly status: FlowStatus;
  /** Only set once completed. */
  readonly match: boolean | null;
  /** A tru.ID error_code, a redirect `error`, or one of ours ('expired', 'code_rejected'). */
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly finishedAt: Date | null;
  /** When a matched flow was turned into a sign-in; absent or null until then. */
  readonly consumedAt?: Date | null;
  /** Absent: phone_check. */
  readonly product?: CheckProduct;
  /** SubscriberCheck: the `period` (minutes) asked at creation, which its SIM facts answer for. */
  readonly simPeriodMinutes?: number | null;
  /** SubscriberCheck, once completed. */
  readonly simFacts?: SubscriberSimFacts | null;
  /** Set when a sign-in with this flow was refused as a possibly recycled number: the account it was about. */
  readonly recycledUserId?: string | null;
}

export type FlowOutcome =
  | { status: 'completed'; match: boolean; simFacts?: SubscriberSimFacts }
  | { status: 'failed'; failureReason: string };

export interface FlowStore {
  /** With `audit`, the flow and its audit event are written together (one transaction, or one statement): both or neither, one commit. */
  insert(flow: VerificationFlow, audit?: AuditEventInput): Promise<void>;
  findByCheckId(checkId: string): Promise<VerificationFlow | undefined>;
  /** Moves a pending flow to its end state (with `audit`, its event in the same commit). False when it was no longer pending: each flow ends once. */
  finish(checkId: string, outcome: FlowOutcome, at: Date, audit?: AuditEventInput): Promise<boolean>;
  /**
   * Marks a completed, matched flow as used for a sign-in. True exactly once per flow, even when
   * called concurrently; false when it is not completed, did not match, or was already consumed.
   */
  consume(checkId: string, at: Date): Promise<boolean>;
  /** Remembers that a sign-in with this flow was refused because `userId`'s number may have been recycled. */
  markPossiblyRecycled(checkId: string, userId: string): Promise<void>;
}
