// `npm run example`: the demo application on http://localhost:4001, signing in against a local Simpass
// (`npm start`) as the emulator's documented demo client. Another provider or client: set the env.
import { startRelyingParty } from './relying-party.js';

const port = Number(process.env.PORT ?? 4001);
const relyingParty = await startRelyingParty({
  issuer: process.env.OIDC_ISSUER ?? 'http://localhost:4000',
  clientId: process.env.OIDC_CLIENT_ID ?? 'simpass-demo',
  ...(process.env.OIDC_CLIENT_SECRET ? { clientSecret: process.env.OIDC_CLIENT_SECRET } : {}),
  port,
  host: process.env.HOST ?? 'localhost',
});
console.log(`Simpass demo app: open ${relyingParty.url}`);
