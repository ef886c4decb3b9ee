// The few HTML pages oidc-provider renders itself (an error it cannot send back to the application,
// the sign-out question, "signed out"), replacing its defaults, which carry inline styles our CSP
// refuses. Plain markup, no script, every value escaped; the page's stylesheet is not needed.
import type { KoaContextWithOIDC } from 'oidc-provider';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Simpass</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function clientName(ctx: KoaContextWithOIDC): string | undefined {
  const client = ctx.oidc?.client;
  return client ? (client.clientName ?? client.clientId) : undefined;
}

/** An error that cannot go back to the application (e.g. an unregistered redirect_uri): say so in words. */
export function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  ctx.type = 'html';
  ctx.body = page(
    'This sign-in request cannot be completed',
    `<p>${escapeHtml(out.error_description ?? out.error)}</p>
<p>Go back to the application and try again. If it keeps happening, the application's sign-in settings need fixing (error: <code>${escapeHtml(out.error)}</code>).</p>`,
  );
}

/** RP-initiated logout's question; `form` is the provider's own form (with its CSRF token), the buttons submit it. */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page(
    'Sign out of Simpass?',
    `<p>${name ? `${escapeHtml(name)} asks to sign you out.` : 'An application asks to sign you out.'} This also signs you out of Simpass in this browser.</p>
${form}
<p><button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></p>`,
  );
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page('Signed out', `<p>You are signed out${name ? ` of ${escapeHtml(name)}` : ''}. You can close this page.</p>`);
}
