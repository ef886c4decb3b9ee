// Where verification flows live between "check created" and "result read". A small port so the
// flow logic does not care about storage: the in-memory adapter here serves one process; the
// durable Kysely adapters (SQLite, PostgreSQL) implement the same interface.

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

/** Keeps flows in process memory, dropping ones that ended long ago so memory stays bounded. */
export function createMemoryFlowStore(options: { retainMs?: number; maxFlows?: number } = {}): FlowStore {
  const retainMs = options.retainMs ?? 60 * 60 * 1000;
  const maxFlows = options.maxFlows ?? 100_000;
  const flows = new Map<string, VerificationFlow>();

  function prune(now: Date): void {
    for (const [id, flow] of flows) {
      if (flow.expiresAt.getTime() + retainMs < now.getTime()) flows.delete(id);
    }
    // Map iterates in insertion order, so the oldest go first.
    for (const id of flows.keys()) {
      if (flows.size < maxFlows) break;
      flows.delete(id);
    }
  }

  return {
    insert(flow) {
      prune(flow.createdAt);
      flows.set(flow.checkId, flow);
      return Promise.resolve();
    },
    findByCheckId(checkId) {
      return Promise.resolve(flows.get(checkId));
    },
    finish(checkId, outcome, at) {
      const flow = flows.get(checkId);
      if (!flow || flow.status !== 'pending') return Promise.resolve(false);
      flows.set(checkId, {
        ...flow,
        status: outcome.status,
        match: outcome.status === 'completed' ? outcome.match : null,
        failureReason: outcome.status === 'failed' ? outcome.failureReason : null,
        finishedAt: at,
      });
      return Promise.resolve(true);
    },
    consume(checkId, at) {
      const flow = flows.get(checkId);
      if (!flow || flow.status !== 'completed' || flow.match !== true || flow.consumedAt) return Promise.resolve(false);
      flows.set(checkId, { ...flow, consumedAt: at });
      return Promise.resolve(true);
    },
  };
}
