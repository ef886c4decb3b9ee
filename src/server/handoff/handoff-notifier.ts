// "Something happened to hand-off X": lets a desktop's event stream answer at once when the phone acts
// on the same server. Across instances nothing is shared here — the event stream also re-reads the row
// every few seconds (handoff-events.ts), so a phone served by another instance is seen soon after.
import { EventEmitter } from 'node:events';

export interface HandoffNotifier {
  notify(handoffId: string): void;
  /** Returns the unsubscribe function. */
  subscribe(handoffId: string, listener: () => void): () => void;
}

export function createHandoffNotifier(): HandoffNotifier {
  const emitter = new EventEmitter();
  // One listener per open desktop stream; many desktops at once are normal, not a leak.
  emitter.setMaxListeners(0);
  return {
    notify: (handoffId) => emitter.emit(handoffId),
    subscribe(handoffId, listener) {
      emitter.on(handoffId, listener);
      return () => emitter.off(handoffId, listener);
    },
  };
}
