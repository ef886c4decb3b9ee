// What the request logger writes for URLs that carry secrets.
import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it.each([
    ['/api/phone-check/redirect?check_id=abc&code=123456', '/api/phone-check/redirect?check_id=abc&code=[redacted]'],
    ['/oidc/session/end?id_token_hint=eyJ.a.b&post_logout_redirect_uri=x', '/oidc/session/end?id_token_hint=[redacted]&post_logout_redirect_uri=x'],
    ['/oidc/auth?client_id=a&login_hint=%2B447700900001&scope=openid', '/oidc/auth?client_id=a&login_hint=[redacted]&scope=openid'],
    ['/oidc/token?client_secret=s3cret&code_verifier=v&refresh_token=r', '/oidc/token?client_secret=[redacted]&code_verifier=[redacted]&refresh_token=[redacted]'],
    ['/oidc/auth?client_id=a&request=eyJ.b.c', '/oidc/auth?client_id=a&request=[redacted]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('keeps what is not secret: state, client_id, code_challenge', () => {
    const url = '/oidc/auth?client_id=simpass-demo&state=xyz&code_challenge=abc&code_challenge_method=S256';
    expect(redactUrl(url)).toBe(url);
  });
});
