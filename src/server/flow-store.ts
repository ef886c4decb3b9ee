// Where verification flows live between "check created" and "result read". A small port so the
// flow logic does not care about storage; storage/flow-repository.ts implements it over SQLite and
// PostgreSQL.

export type FlowStatus = 'pending' | 'completed' | 'failed';

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
}

export type FlowOutcome =
  | { status: 'completed'; match: boolean }
  | { status: 'failed'; failureReason: string };

export interface FlowStore {
  insert(flow: VerificationFlow): Promise<void>;
  findByCheckId(checkId: string): Promise<VerificationFlow | undefined>;
  /** Moves a pending flow to its end state. False when it was no longer pending: each flow ends once. */
  finish(checkId: string, outcome: FlowOutcome, at: Date): Promise<boolean>;
  /**
   * Marks a completed, matched flow as used for a sign-in. True exactly once per flow, even when
   * called concurrently; false when it is not completed, did not match, or was already consumed.
   */
  consume(checkId: string, at: Date): Promise<boolean>;
}
