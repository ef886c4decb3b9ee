// The desktop hears how its hand-off goes: Server-Sent Events (GET /api/handoff/events) while they
// work, polling GET /api/handoff every few seconds when they do not (a proxy that buffers, a dropped
// connection). Stops by itself at a final state, or when told to.
import type { DesktopHandoff, HandoffState } from './handoff-api.js';
import { parseDesktopHandoff } from './handoff-api.js';

const FINAL: ReadonlySet<HandoffState> = new Set(['approved', 'signed_in', 'cancelled', 'refused', 'expired']);
const POLL_MS = 2000;

export interface UpdateDeps {
  getDesktopHandoff(): Promise<DesktopHandoff>;
  /** Absent where the browser has no EventSource: polling from the start. */
  EventSource: typeof EventSource | undefined;
}

/** Calls `onState` with each new state until a final one (approved included: the page claims then). Returns stop. */
export function followHandoff(deps: UpdateDeps, onState: (handoff: DesktopHandoff) => void): () => void {
  let stopped = false;
  let last = '';
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stop = (): void => {
    stopped = true;
    source?.close();
    clearTimeout(timer);
  };
  const deliver = (handoff: DesktopHandoff): void => {
    if (stopped) return;
    const key = JSON.stringify(handoff);
    if (key === last) return;
    last = key;
    if (FINAL.has(handoff.state)) stop();
    onState(handoff);
  };
  const poll = (): void => {
    if (stopped) return;
    deps.getDesktopHandoff().then(deliver, () => undefined).finally(() => {
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    });
  };

  if (!deps.EventSource) {
    poll();
    return stop;
  }
  source = new deps.EventSource('/api/handoff/events');
  source.addEventListener('state', (event) => {
    try {
      deliver(parseDesktopHandoff(JSON.parse((event as MessageEvent<string>).data), 200));
    } catch {
      // An event we cannot read: the poll will say.
    }
  });
  source.addEventListener('error', () => {
    // EventSource would retry on its own; polling is simpler to reason about and works everywhere.
    source?.close();
    source = null;
    if (!stopped) poll();
  });
  return stop;
}
