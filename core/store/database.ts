import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations, findMigrationsDir } from './migrate.js';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /** Path of the SQLite file; `:memory:` for a throwaway database. */
  path: string;
  /** Folder of numbered `*.sql` migrations; found beside the package by default. */
  migrationsDir?: string;
  /**
   * Path of a better-sqlite3 binary built for this runtime. Electron passes its own build here
   * so the copy in node_modules can stay built for Node (tests, headless host).
   */
  nativeBinding?: string;
}

/**
 * Opens the store: WAL, synchronous=FULL (an acknowledged write survives a power cut), foreign
 * keys, a busy timeout, and every pending migration applied.
 */
export function openStore(options: OpenStoreOptions): Db {
  if (options.path !== ':memory:') keepPrivate(options.path);
  const db = new Database(options.path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The queue touches many rows a second: keep the working set in memory, not behind syscalls.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    if (options.path !== ':memory:') db.pragma('mmap_size = 268435456');
    applyMigrations(db, options.migrationsDir ?? findMigrationsDir());
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The database holds the hotel's guests and rates: only its owner may read it. The folder is
 * made 0700 when it is new; the file is made (or set) 0600 before SQLite opens it, and SQLite
 * gives its -wal and -shm files the same mode as the database file.
 */
function keepPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}

/**
 * Runs `fn` in one transaction committed with synchronous=NORMAL. For the queue's own
 * bookkeeping (claims, outcomes): WAL at NORMAL survives a crash of the app, and a power cut
 * can at worst lose the last outcomes, whose jobs then run again and are de-duplicated by their
 * idempotency keys. User-facing writes keep FULL.
 */
export function bookkeepingTransaction<T>(db: Db, fn: () => T): T {
  const sync = syncStatements(db);
  sync.normal.run();
  try {
    return db.transaction(fn).immediate();
  } finally {
    sync.full.run();
  }
}

const syncStatementsByDb = new WeakMap<Db, { normal: Database.Statement; full: Database.Statement }>();

function syncStatements(db: Db) {
  let statements = syncStatementsByDb.get(db);
  if (!statements) {
    statements = { normal: db.prepare('PRAGMA synchronous = NORMAL'), full: db.prepare('PRAGMA synchronous = FULL') };
    syncStatementsByDb.set(db, statements);
  }
  return statements;
}
