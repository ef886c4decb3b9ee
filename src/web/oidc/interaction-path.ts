// Is this page an application's sign-in (/oidc/interaction/:uid)? Asked on every first load, so apart
// from the interaction page's code (interaction-page.ts), which only such a page fetches.

/** The interaction a page at /oidc/interaction/:uid is for, or null on any other path. */
export function interactionUidFromPath(pathname: string): string | null {
  const match = /^\/oidc\/interaction\/([^/]+)\/?$/u.exec(pathname);
  if (!match) return null;
  try {
    const uid = decodeURIComponent(match[1]!);
    return uid.trim() === '' ? null : uid;
  } catch {
    return null;
  }
}
