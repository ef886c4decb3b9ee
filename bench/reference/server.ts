// REFERENCE ONLY — NOT PRODUCT CODE. Never deploy this.
//
// What the tru.ID tutorial's server does (../shared/seed/, "PhoneCheck" web tutorial), written here as the
// baseline `npm run bench` compares Simpass with: Express, and a new OAuth access token for every tru.ID
// call (createAccessToken() before createPhoneCheck() and before getPhoneCheck()), so 4 upstream calls per
// check. Like the tutorial it keeps nothing (no flows, no sessions, no audit, no rate limits, no Origin
// check): the result is read from tru.ID by check id. Only the shape of its work matters here.
//
// Configured by TRU_ID_BASE_URL, TRU_ID_CLIENT_ID, TRU_ID_CLIENT_SECRET, HOST and PORT.
import express from 'express';

const baseUrl = required('TRU_ID_BASE_URL');
const basicAuth = Buffer.from(`${required('TRU_ID_CLIENT_ID')}:${required('TRU_ID_CLIENT_SECRET')}`).toString('base64');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

// The tutorial's createAccessToken.js: one token request per tru.ID call.
async function createAccessToken(): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth2/v1/token`, {
    method: 'POST',
    body: 'grant_type=client_credentials&scope=phone_check',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basicAuth}` },
  });
  const { access_token: accessToken } = (await response.json()) as { access_token: string };
  return accessToken;
}

// The tutorial's createPhoneCheck.js (PhoneCheck v0.1).
async function createPhoneCheck(phoneNumber: string): Promise<{ checkId: string; checkUrl: string }> {
  const accessToken = await createAccessToken();
  const response = await fetch(`${baseUrl}/phone_check/v0.1/checks`, {
    method: 'POST',
    body: JSON.stringify({ phone_number: phoneNumber }),
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
  });
  if (response.status !== 201) throw new Error(`Unexpected API response ${response.status}`);
  const data = (await response.json()) as { check_id: string; _links: { check_url: { href: string } } };
  return { checkId: data.check_id, checkUrl: data._links.check_url.href };
}

// The tutorial's getPhoneCheck.js.
async function getPhoneCheck(checkId: string): Promise<{ match: boolean }> {
  const accessToken = await createAccessToken();
  const response = await fetch(`${baseUrl}/phone_check/v0.1/checks/${checkId}`, {
    method: 'GET',
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
  });
  const { match } = (await response.json()) as { match: boolean };
  return { match };
}

const app = express();
app.use(express.json());

app.post('/api/phone-check', async (req, res) => {
  const { phone_number: phoneNumber } = req.body as { phone_number: string };
  try {
    const { checkId, checkUrl } = await createPhoneCheck(phoneNumber);
    res.status(201).send({ data: { checkId, checkUrl }, message: 'PhoneCheck created' });
  } catch (e) {
    res.status(500).send({ message: (e as Error).message });
  }
});

app.get('/api/phone-check/:checkId', async (req, res) => {
  try {
    const { match } = await getPhoneCheck(req.params.checkId);
    res.status(200).send({ data: { match } });
  } catch (e) {
    res.status(500).send({ message: (e as Error).message });
  }
});

app.get('/healthz', (_req, res) => {
  res.send({ status: 'ok' });
});

const port = Number(process.env.PORT ?? 4001);
app.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`reference server (NOT product code) on port ${port}`));
