// Why the database could not be opened, as a type with a stable code: main.ts prints `message`
// (which names the setting and the fix) and exits; tests assert on `code`.

export type StorageErrorCode = 'invalid_database_url' | 'invalid_schema_name' | 'database_unavailable' | 'migration_failed';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}
