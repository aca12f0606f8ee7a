import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Start-up refused: the database and this build of the app do not fit together. */
export class MigrationError extends Error {
  readonly kind = 'migration';
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Reads `NNNN_name.sql` files in order; a gap or a duplicate number is refused. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new MigrationError(`Migration file name "${file}" must look like 0001_name.sql`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `Migrations must be numbered 0001, 0002, … without gaps; expected ${String(index + 1).padStart(4, '0')} but found ${migration.name}`,
      );
    }
  });
  return migrations;
}

/**
 * Applies the migrations the database has not seen, each in its own transaction, and records
 * them. A database that has seen a migration this build lacks was written by a newer app:
 * opening it could corrupt it, so start-up stops with a message saying so.
 */
export function applyMigrations(db: Database.Database, dir: string): number {
  const migrations = readMigrations(dir);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
  }[];
  const newest = applied.at(-1)?.version ?? 0;
  if (newest > migrations.length) {
    throw new MigrationError(
      `This database is at schema version ${newest}, but this version of Sentinel Control Room only knows up to ${migrations.length}. ` +
        'It was written by a newer version: update the app, or open a different data folder.',
    );
  }
  applied.forEach((row, index) => {
    if (row.version !== index + 1) {
      throw new MigrationError(`The database's migration history has a gap before version ${row.version}; refusing to open it.`);
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const migration of migrations.slice(newest)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
    count += 1;
  }
  return count;
}

/** The `migrations/` folder of this package, from source (`core/store`) or from `dist/core/store`. */
export function findMigrationsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, '0001_init.sql'))) return candidate;
    if (dirname(dir) === dir) throw new MigrationError(`No migrations folder found above ${from}`);
  }
}
