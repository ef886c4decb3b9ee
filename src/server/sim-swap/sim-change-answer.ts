// One answer from tru.ID to "did this number's SIM change within the last N minutes?", from a
// SubscriberCheck or a SIMCheck (models/sim_check/SimCheckResourceModels.v1.yaml: NoSimChange,
// SimChangeWithin), in the terms the policy reasons with.

export type SimChangeAnswer =
  | {
      readonly kind: 'changed' | 'unchanged';
      /** The look-back we wanted to ask about, in minutes (may exceed what the API can look back). */
      readonly wantedMinutes: number;
      /** SimChangeWithin: the bucket the last change falls in, when the operator gave it. */
      readonly changeWithinMinutes: number | null;
    }
  | {
      readonly kind: 'unknown';
      readonly wantedMinutes: number;
      /** Why: `no_data` (fields absent) or the operator's error_code, e.g. mno_no_data_available. */
      readonly reason: string;
    };

/**
 * The SimChangeWithin table: each bucket value and the fewest minutes ago a change in it can be
 * ("1h01m - 6h" → 61). 525601 means "> 365d".
 */
const BUCKET_EARLIEST: ReadonlyMap<number, number> = new Map([
  [60, 0],
  [360, 61],
  [720, 361],
  [1440, 721],
  [2880, 1441],
  [4320, 2881],
  [10080, 4321],
  [43200, 10081],
  [129600, 43201],
  [259200, 129601],
  [525600, 259201],
  [525601, 525601],
]);

/** The fewest minutes ago a change in this SimChangeWithin bucket can have been; 0 (just now) when unknown. */
export function earliestMinutesAgo(changeWithinMinutes: number | null): number {
  return changeWithinMinutes === null ? 0 : (BUCKET_EARLIEST.get(changeWithinMinutes) ?? 0);
}

export interface ReportedSimFacts {
  /** NoSimChange: true = not changed within the period; null = not said. */
  readonly noSimChange: boolean | null;
  readonly changeWithinMinutes: number | null;
}

/**
 * `periodMinutes` is what was sent; `wantedMinutes` what we meant to ask. When the API's 540,000-minute
 * limit cut the look-back short, "no change within the period" does not rule out a change in the part
 * it could not see — and a SimChangeWithin bucket that reaches into that part says there was one.
 */
export function answerFromFacts(facts: ReportedSimFacts, wantedMinutes: number, periodMinutes: number): SimChangeAnswer {
  if (facts.noSimChange === null) return { kind: 'unknown', wantedMinutes, reason: 'no_data' };
  const changeWithinMinutes = facts.changeWithinMinutes;
  if (!facts.noSimChange) return { kind: 'changed', wantedMinutes, changeWithinMinutes };
  const cutShort = wantedMinutes > periodMinutes;
  if (cutShort && changeWithinMinutes !== null && earliestMinutesAgo(changeWithinMinutes) <= wantedMinutes) {
    return { kind: 'changed', wantedMinutes, changeWithinMinutes };
  }
  return { kind: 'unchanged', wantedMinutes, changeWithinMinutes };
}
