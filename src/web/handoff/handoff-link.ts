// What the first load needs of the phone side of the hand-off (phone-handoff.ts, a chunk of its own):
// the link's secret from the address bar, and whether this phone is in a hand-off at all — most visits
// are not, and then the phone side's code is never fetched.
import { isRecord, request } from '../api.js';

/** Reads `#handoff=<token>` and removes it from the address bar (a reload must not reuse it). */
export function takeHandoffLink(): string | null {
  let hash = window.location.hash;
  try {
    hash = decodeURIComponent(hash); // a typed link may carry %20 for its spaces
  } catch {
    // Malformed escapes: read it as it is; the server refuses what is not a link.
  }
  if (!hash.startsWith('#handoff=')) return null;
  history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}`);
  // Whatever was typed goes to the server, which says in words when it is not a link.
  const token = hash.slice('#handoff='.length).trim().slice(0, 64);
  return token === '' ? null : token;
}

/** GET /api/handoff/phone's answer when this phone is in a hand-off (handoff-api.ts's phoneHandoffFrom reads it), else null. */
export async function phoneHandoffAnswer(): Promise<{ status: number; body: unknown } | null> {
  const answer = await request('GET', '/api/handoff/phone');
  return isRecord(answer.body) && answer.body.data !== null && answer.body.data !== undefined ? answer : null;
}
