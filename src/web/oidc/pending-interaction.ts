// Which OpenID Connect interaction this tab is signing in for, kept in sessionStorage across the one
// full-page trip that leaves it: the SIM check, which comes back to /?check=<id>. Bound to that check,
// so a later, unrelated check in the same tab does not wander back into an old request.

const KEY = 'simpass.oidcInteraction';

export interface PendingInteraction {
  uid: string;
  /** The application's name, to name it if the request has expired meanwhile. */
  application: string | null;
  checkId: string | null;
}

function read(): PendingInteraction | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { uid, application, checkId } = parsed as Record<string, unknown>;
    if (typeof uid !== 'string') return null;
    return { uid, application: typeof application === 'string' ? application : null, checkId: typeof checkId === 'string' ? checkId : null };
  } catch {
    return null;
  }
}

function write(pending: PendingInteraction): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(pending));
  } catch {
    // Storage unavailable: after a SIM check the person lands on the ordinary page, signed in, and the
    // application's own retry starts a new request.
  }
}

export function rememberInteraction(uid: string, application: string | null): void {
  const known = read();
  write({ uid, application: application ?? (known?.uid === uid ? known.application : null), checkId: known?.uid === uid ? known.checkId : null });
}

/** The SIM check `checkId` was started for the interaction this tab remembers. */
export function bindCheckToInteraction(checkId: string): void {
  const known = read();
  if (known) write({ ...known, checkId });
}

/** Back from the network at /?check=<id> (or ?check_error): the interaction that check was for, if any. */
export function interactionForCheck(checkId: string | null): PendingInteraction | null {
  const known = read();
  if (known === null || known.checkId === null) return null;
  return checkId === null || known.checkId === checkId ? known : null;
}

export function applicationNameFor(uid: string): string | null {
  const known = read();
  return known?.uid === uid ? known.application : null;
}

export function forgetInteraction(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
