// What Kysely's migrator asks before it takes its lock: which schemas and tables exist. Kysely's own
// PostgreSQL introspector answers with a query over every schema of the database that calls functions
// taking names (has_schema_privilege, pg_get_serial_sequence): a schema or table someone else drops
// while it runs (another application, another test run, on a shared database) makes that query fail
// with "schema … does not exist", and the server's start with it. This one reads the catalogs' rows
// only, which a concurrent DROP cannot make fail. The migrator reads names alone, so no columns are
// listed; nothing else in Simpass introspects the database.
import { sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

export class CatalogOnlyPostgresIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.#db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, ns.nspname as schema, c.relkind = 'v' as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where c.relkind in ('r', 'v', 'p') and ns.nspname !~ '^pg_' and ns.nspname <> 'information_schema'`.execute(this.#db);
    return rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.is_view, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
