// A part of the page whose code a first visit does not need (the passkey list of the signed-in card,
// the connected applications, the simulation panel, the computer's hand-off): its module is a chunk
// of its own, fetched with import() the first time the part is used, so the first load stays small.

export interface OnDemand<T> {
  /** Loads the part the first time, then runs `action` on it. Actions run in the order they were asked for. */
  use(action: (part: T) => unknown): Promise<void>;
  /** Runs `action` only when the part was used before (a part never shown needs no hiding). */
  ifStarted(action: (part: T) => unknown): void;
}

export function onDemand<T>(load: () => Promise<T>): OnDemand<T> {
  let part: Promise<T> | null = null;
  const loaded = (): Promise<T> => {
    if (part === null) {
      const loading = load();
      part = loading;
      // The chunk could not be fetched (offline, a new deployment): the next use tries again.
      loading.catch(() => {
        if (part === loading) part = null;
      });
    }
    return part;
  };
  return {
    async use(action) {
      await action(await loaded());
    },
    ifStarted(action) {
      if (part !== null) void part.then(action);
    },
  };
}
