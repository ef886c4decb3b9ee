// The stored passkey on each database: what the list shows, and the counter rule — it only moves
// forward, an authenticator that keeps no counter (always 0) passes while the stored one is 0 too, and
// of two uses presenting the same counter only one is recorded.
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../storage/test-databases.js';
import { findOrCreateUserByPhone } from '../storage/user-repository.js';
import { deletePasskey, insertPasskey, listPasskeys, recordPasskeyUse, renamePasskey } from './credential-repository.js';

const NOW = new Date('2031-03-01T10:00:00.000Z');
let nextNumber = 900_900;
let nextCredential = 0;

describeOnEachDatabase('passkey credentials', (t) => {
  async function newPasskey(signCount = 0) {
    const { user } = await findOrCreateUserByPhone(t.db, `+447700${nextNumber++}`, NOW);
    const passkey = await insertPasskey(t.db, {
      credentialId: `cred-${nextCredential++}`,
      userId: user.id,
      publicKey: 'pQECAyYgASFYIA',
      signCount,
      transports: ['internal', 'hybrid'],
      deviceType: 'multiDevice',
      backedUp: true,
      aaguid: '00000000-0000-0000-0000-000000000000',
      name: 'Passkey on Android',
      createdAt: NOW,
    });
    return { user, passkey };
  }
  const use = (id: string, signCount: number) => recordPasskeyUse(t.db, { id, signCount, backedUp: true, deviceType: 'multiDevice', at: NOW });

  it('reads back what it stored; ids are 24 letters', async () => {
    const { user, passkey } = await newPasskey();
    expect(passkey.id).toMatch(/^[a-z]{24}$/);
    expect(await listPasskeys(t.db, user.id)).toEqual([passkey]);
  });

  it('moves the counter only forward', async () => {
    const { passkey } = await newPasskey(5);
    expect(await use(passkey.id, 5)).toBe(false);
    expect(await use(passkey.id, 4)).toBe(false);
    expect(await use(passkey.id, 0)).toBe(false);
    expect(await use(passkey.id, 6)).toBe(true);
    expect(await use(passkey.id, 6)).toBe(false);
  });

  it('lets an authenticator without a counter (always 0) through, until it once reported one', async () => {
    const { passkey } = await newPasskey(0);
    expect(await use(passkey.id, 0)).toBe(true);
    expect(await use(passkey.id, 0)).toBe(true);
    expect(await use(passkey.id, 1)).toBe(true);
    expect(await use(passkey.id, 0)).toBe(false);
  });

  it('records one of two racing uses with the same counter', async () => {
    const { passkey } = await newPasskey(1);
    const results = await Promise.all([use(passkey.id, 2), use(passkey.id, 2)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('renames and removes only the owner\'s passkey; an account\'s passkeys go with the account', async () => {
    const { user, passkey } = await newPasskey();
    const other = await newPasskey();
    expect(await renamePasskey(t.db, { userId: other.user.id, id: passkey.id, name: 'Mine' })).toBe(false);
    expect(await deletePasskey(t.db, { userId: other.user.id, id: passkey.id })).toBe(false);
    expect(await renamePasskey(t.db, { userId: user.id, id: passkey.id, name: 'Work laptop' })).toBe(true);
    expect((await listPasskeys(t.db, user.id)).map((p) => p.name)).toEqual(['Work laptop']);
    await t.db.deleteFrom('users').where('id', '=', other.user.id).execute();
    expect(await listPasskeys(t.db, other.user.id)).toEqual([]);
  });
});
