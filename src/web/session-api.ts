// Signing out, over api.ts's one request path; with the signed-in card's chunk, not the first load.
import { request } from './api.js';

/** Ends the session (the server answers 204, also when there was none). */
export async function signOut(): Promise<void> {
  await request('POST', '/api/sign-out');
}
