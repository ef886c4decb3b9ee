// Group commit for SQLite. Every commit in WAL mode appends a full copy of each page it changed to the
// -wal file, one write per page; the pages a check touches are mostly the same few (the newest leaf of
// the audit table and of its indexes, of the flows table...), so transactions committed one by one
// write those pages again and again. Here transactions that finish close together share one COMMIT:
// each runs in a SAVEPOINT of a transaction held open until the next turn of the event loop, and its
// caller is answered only once that COMMIT has returned. Measured (bench/): about half of SQLite's cost
// per check.
//
// What does not change: a transaction is still all or nothing (a failed one rolls back to its own
// savepoint and leaves the others be); transactions still run one at a time, in order; and nobody
// hears of a write before it is committed. A statement run outside a transaction while one is open
// runs inside it, and its answer (even a read's: it may have seen the others' writes) also waits for
// the COMMIT, so nothing is ever acted on that a failed COMMIT could still take back.
//
// Also here, from before: transactions begin IMMEDIATE (take the write lock as they begin: a deferred
// one that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT if another process wrote in
// between, where an immediate one waits its turn), and migrations run in one transaction (Kysely's
// SQLite adapter claims no transactional DDL, which SQLite has; its migration lock is a no-op that
// assumes one process, so with BEGIN IMMEDIATE a second server starting on the same new file waits out
// busy_timeout and then finds the first one's migrations applied).
import {
  SqliteAdapter,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
} from 'kysely';

/** What the driver needs of the database: statements (cached, database.ts) and whether a transaction is open. */
export interface GroupCommitDatabase extends SqliteDatabase {
  readonly inTransaction: boolean;
}

export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: GroupCommitDatabase;
  readonly #onStatement: ((sql: string) => void) | undefined;

  /** `onStatement` is told the statements the driver runs by itself (the shared COMMIT), as Kysely's log is told the others. */
  constructor(database: GroupCommitDatabase, onStatement?: (sql: string) => void) {
    super({ database });
    this.#database = database;
    this.#onStatement = onStatement;
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.#database, this.#onStatement);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** The transaction every unit joins until it is committed, and the callers waiting for that. */
interface Batch {
  readonly committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  /** Its COMMIT is scheduled (something finished in it). */
  scheduled: boolean;
}

/** One use of the connection (Kysely acquires one per query, per transaction). */
class Lease implements DatabaseConnection {
  /** Holds the driver's lock: between acquire and release, or while its transaction runs. */
  locked = true;
  /** Inside a transaction of its own: "first" opened the batch (BEGIN), "joined" is a SAVEPOINT in it. */
  unit: 'first' | 'joined' | null = null;

  constructor(readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  // An iterator that only fails: nothing here streams, and a half-read stream would hold the lock.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    const iterator: AsyncIterableIterator<QueryResult<R>> = {
      next: () => Promise.reject(new Error('Streaming queries are not supported on SQLite here')),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

const UNIT = 'simpass_unit';

export class GroupCommitSqliteDriver implements Driver {
  readonly #db: GroupCommitDatabase;
  readonly #onStatement: ((sql: string) => void) | undefined;
  #batch: Batch | null = null;
  // A FIFO lock: whoever holds it may run statements; transactions hold it from BEGIN to their end.
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  constructor(database: GroupCommitDatabase, onStatement?: (sql: string) => void) {
    this.#db = database;
    this.#onStatement = onStatement;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as unknown as Lease;
    if (!lease.locked) await this.#relock(lease);
    if (this.#batch) {
      this.#run(`savepoint ${UNIT}`);
      lease.unit = 'joined';
    } else {
      this.#run('begin immediate');
      this.#batch = newBatch();
      lease.unit = 'first';
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as unknown as Lease;
    const batch = this.#batch;
    if (lease.unit === 'joined') this.#run(`release ${UNIT}`);
    lease.unit = null;
    if (!batch) throw new Error('the transaction was rolled back by SQLite');
    this.#commitSoon(batch);
    // Others may run in the batch now; this caller waits for the COMMIT.
    this.#unlock(lease);
    await batch.committed;
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as unknown as Lease;
    const unit = lease.unit;
    lease.unit = null;
    // Already ended (its COMMIT failed, or SQLite rolled the whole batch back): nothing is left to undo.
    if (unit === null || !this.#batch || !this.#db.inTransaction) return Promise.resolve();
    if (unit === 'first') {
      // It opened the batch and held the lock since: nothing else is in it yet.
      this.#batch = null;
      this.#run('rollback');
    } else {
      this.#run(`rollback to ${UNIT}`);
      this.#run(`release ${UNIT}`);
    }
    return Promise.resolve();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#unlock(connection as unknown as Lease);
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    // After any transaction still running: never commit half of one.
    await this.#lock();
    const batch = this.#batch;
    if (batch) this.#commit(batch);
    this.#db.close();
  }

  /** Runs one statement for a lease: at once, answering after the COMMIT when it ran inside an open batch. */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    if (!lease.locked) await this.#relock(lease);
    const batch = this.#batch;
    let result: QueryResult<R>;
    try {
      result = this.#statement<R>(query);
    } catch (error) {
      this.#checkBatchSurvived(error);
      throw error;
    }
    if (lease.unit !== null || !batch) return result;
    // Outside a transaction, inside the open batch: the lock is not needed past this statement.
    this.#unlock(lease);
    this.#commitSoon(batch);
    await batch.committed;
    return result;
  }

  #statement<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.#db.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      rows: [],
      ...(changes !== undefined && changes !== null ? { numAffectedRows: BigInt(changes) } : {}),
      ...(lastInsertRowid !== undefined && lastInsertRowid !== null ? { insertId: BigInt(lastInsertRowid) } : {}),
    };
  }

  #run(sql: string): void {
    this.#onStatement?.(sql);
    try {
      this.#db.prepare(sql).run([]);
    } catch (error) {
      this.#checkBatchSurvived(error);
      throw error;
    }
  }

  /**
   * Some failures (a full disk, an I/O error, an interrupt) make SQLite roll back the whole transaction,
   * savepoints and all: every unit that finished in the batch is then lost, and its caller, still waiting
   * for the COMMIT, is told so.
   */
  #checkBatchSurvived(error: unknown): void {
    const batch = this.#batch;
    if (batch && !this.#db.inTransaction) {
      this.#batch = null;
      batch.reject(error);
    }
  }

  /** The COMMIT, on the next turn of the event loop: transactions finishing meanwhile share it. */
  #commitSoon(batch: Batch): void {
    if (batch.scheduled) return;
    batch.scheduled = true;
    setImmediate(() => void this.#commitInTurn(batch));
  }

  async #commitInTurn(batch: Batch): Promise<void> {
    // In line with everyone else: a transaction halfway through must finish (or roll back) first.
    await this.#lock();
    try {
      if (this.#batch === batch) this.#commit(batch);
    } finally {
      this.#wake();
    }
  }

  #commit(batch: Batch): void {
    // Out of the way first: whatever happens to this COMMIT, the next transaction begins a new batch.
    this.#batch = null;
    try {
      this.#run('commit');
    } catch (error) {
      if (this.#db.inTransaction) this.#run('rollback');
      batch.reject(error);
      return;
    }
    batch.resolve();
  }

  async #lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  async #relock(lease: Lease): Promise<void> {
    await this.#lock();
    lease.locked = true;
  }

  #unlock(lease: Lease): void {
    if (!lease.locked) return;
    lease.locked = false;
    this.#wake();
  }

  /** Hands the lock to the next in line (it stays taken), or frees it. */
  #wake(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a batch rolled back whole before anyone finished in it).
  committed.catch(() => undefined);
  return { committed, resolve, reject, scheduled: false };
}
