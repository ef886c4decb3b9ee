// Every migration, in code rather than read from a directory at run time, so a bundled or
// transpiled server cannot miss one. Names sort in the order they run; never rename or edit a
// migration that has shipped, add the next one.
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DatabaseDialect } from '../schema.js';
import * as initial from './0001-initial.js';
import * as simSwap from './0002-sim-swap.js';
import * as handoff from './0003-handoff.js';
import * as passkeys from './0004-passkeys.js';
import * as oidc from './0005-oidc.js';
import * as truidCallbacks from './0006-truid-callbacks.js';

interface DialectMigration {
  up: (db: Kysely<unknown>, dialect: DatabaseDialect) => Promise<void>;
  down?: (db: Kysely<unknown>, dialect: DatabaseDialect) => Promise<void>;
}

const MIGRATIONS: Readonly<Record<string, DialectMigration>> = {
  '0001-initial': initial,
  '0002-sim-swap': simSwap,
  '0003-handoff': handoff,
  '0004-passkeys': passkeys,
  '0005-oidc': oidc,
  '0006-truid-callbacks': truidCallbacks,
};

/** Kysely's provider, with each migration told which dialect it runs on. */
export function createMigrationProvider(dialect: DatabaseDialect): MigrationProvider {
  return {
    getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        const { down } = migration;
        bound[name] = {
          up: (db) => migration.up(db, dialect),
          ...(down ? { down: (db: Kysely<unknown>) => down(db, dialect) } : {}),
        };
      }
      return Promise.resolve(bound);
    },
  };
}
