// `npm run example`: the demo application on http://localhost:4001, signing in against a local Simpass
// (`npm start`) as the emulator's documented demo client. Another provider or client: set the env.
import { startRelyingParty } from './relying-party.js';

const issuer = process.env.OIDC_ISSUER ?? 'http://localhost:4000';
const port = Number(process.env.PORT ?? 4001);
try {
  const relyingParty = await startRelyingParty({
    issuer,
    clientId: process.env.OIDC_CLIENT_ID ?? 'simpass-demo',
    ...(process.env.OIDC_CLIENT_SECRET ? { clientSecret: process.env.OIDC_CLIENT_SECRET } : {}),
    port,
    host: process.env.HOST ?? 'localhost',
  });
  console.log(`Simpass demo app: open ${relyingParty.url}`);
} catch (error) {
  // Discovery is the first thing it does: most failures mean Simpass is not running at OIDC_ISSUER yet.
  console.error(`The demo app could not start against ${issuer}: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is Simpass running there (npm start in another terminal)? Set OIDC_ISSUER if it runs elsewhere.');
  process.exitCode = 1;
}
