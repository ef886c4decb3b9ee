// The operator label of the verification funnel. tru.ID names the network that answered a check
// (`network_id`, MCC+MNC such as "23410") only once the check is COMPLETED, so a check is labelled
// "unknown" until then. Prometheus keeps one series per label value for ever: the values are bounded
// (a network id's shape, at most MAX_OPERATORS distinct, then "other").
//
// A sign-in happens in a later request than the completion that named the network, so the label is
// remembered per check id in this process, for a bounded number of recent checks. A sign-in served by
// another instance than the one that completed its check (several instances behind a load balancer)
// is counted as "unknown"; the database is not asked, to keep metrics off the sign-in's path.

export const UNKNOWN_OPERATOR = 'unknown';
export const OTHER_OPERATOR = 'other';
export const MAX_OPERATORS = 50;
/** Checks whose operator is remembered until they sign in; about 100 bytes each. */
export const MAX_REMEMBERED_CHECKS = 10_000;

const NETWORK_ID = /^[A-Za-z0-9_-]{1,16}$/;

export interface OperatorLabels {
  /** The label for a network id tru.ID gave (or did not). */
  label(networkId: string | undefined): string;
  /** Remembers which operator completed a check, for the sign-in that follows. */
  remember(checkId: string, operator: string): void;
  /** The operator that completed this check, if this process saw it. */
  recall(checkId: string): string;
  forget(checkId: string): void;
}

export function createOperatorLabels(limits = { operators: MAX_OPERATORS, checks: MAX_REMEMBERED_CHECKS }): OperatorLabels {
  const seen = new Set<string>();
  const byCheck = new Map<string, string>();
  return {
    label(networkId) {
      if (networkId === undefined || networkId === '') return UNKNOWN_OPERATOR;
      if (!NETWORK_ID.test(networkId)) return OTHER_OPERATOR;
      if (seen.has(networkId)) return networkId;
      if (seen.size >= limits.operators) return OTHER_OPERATOR;
      seen.add(networkId);
      return networkId;
    },
    remember(checkId, operator) {
      // A Map iterates in insertion order: the first key is the oldest.
      if (byCheck.size >= limits.checks) byCheck.delete(byCheck.keys().next().value as string);
      byCheck.set(checkId, operator);
    },
    recall(checkId) {
      return byCheck.get(checkId) ?? UNKNOWN_OPERATOR;
    },
    forget(checkId) {
      byCheck.delete(checkId);
    },
  };
}
