// The few HTML pages oidc-provider renders itself (an error it cannot send back to the application,
// the sign-out question, "signed out"), replacing its defaults, which carry inline styles our CSP
// refuses. Plain markup, no script, every value escaped, dressed in the page's own built stylesheet (a
// same-origin file the CSP allows) so the person sees Simpass, not a bare form.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** The built page's stylesheet (its hashed name, read from dist/web/index.html), or null when the page is not built. */
export function builtStylesheetHref(webRoot: string): string | null {
  try {
    const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    return /<link rel="stylesheet"[^>]*href="(\/assets\/[A-Za-z0-9._-]+\.css)"/.exec(html)?.[1] ?? null;
  } catch {
    return null;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ProviderPages {
  renderError: (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => void;
  logoutSource: (ctx: KoaContextWithOIDC, form: string) => void;
  postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => void;
}

/** The three pages, linking the page's stylesheet when there is one. */
export function providerPages(stylesheetHref: string | null): ProviderPages {
  const page = (title: string, body: string): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Simpass</title>
${stylesheetHref ? `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}">` : ''}
</head>
<body>
<main class="page">
<header class="masthead"><p class="masthead__name">Simpass</p></header>
<section class="card">
<h1>${escapeHtml(title)}</h1>
${body}
</section>
</main>
</body>
</html>`;
  return {
    renderError: (ctx, out) => renderError(ctx, out, page),
    logoutSource: (ctx, form) => logoutSource(ctx, form, page),
    postLogoutSuccessSource: (ctx) => postLogoutSuccessSource(ctx, page),
  };
}

type Page = (title: string, body: string) => string;

function clientName(ctx: KoaContextWithOIDC): string | undefined {
  const client = ctx.oidc?.client;
  return client ? (client.clientName ?? client.clientId) : undefined;
}

/** An error that cannot go back to the application (e.g. an unregistered redirect_uri): say so in words. */
function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }, page: Page): void {
  ctx.type = 'html';
  ctx.body = page(
    'This sign-in request cannot be completed',
    `<p>${escapeHtml(out.error_description ?? out.error)}</p>
<p>Go back to the application and try again. If it keeps happening, the application's sign-in settings need fixing (error: <code>${escapeHtml(out.error)}</code>).</p>`,
  );
}

/** RP-initiated logout's question; `form` is the provider's own form (with its CSRF token), the buttons submit it. */
function logoutSource(ctx: KoaContextWithOIDC, form: string, page: Page): void {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page(
    'Sign out of Simpass?',
    `<p>${name ? `${escapeHtml(name)} asks to sign you out.` : 'An application asks to sign you out.'} This also signs you out of Simpass in this browser.</p>
${form}
<p class="notice__actions"><button class="button button--primary" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button class="button button--secondary" type="submit" form="op.logoutForm">No, stay signed in</button></p>`,
  );
}

function postLogoutSuccessSource(ctx: KoaContextWithOIDC, page: Page): void {
  const name = clientName(ctx);
  ctx.type = 'html';
  ctx.body = page('Signed out', `<p>You are signed out${name ? ` of ${escapeHtml(name)}` : ''}. You can close this page.</p>`);
}
