import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { openStore } from './database.js';
import { applyMigrations, findMigrationsDir, MigrationError, readMigrations } from './migrate.js';

let dir: ReturnType<typeof makeTempDir>;
afterEach(() => dir?.remove());

function migrationsFolder(files: Record<string, string>): string {
  const path = join(dir.path, 'migrations');
  mkdirSync(path);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(path, name), sql);
  return path;
}

describe('migrations', () => {
  it('opens a new database with WAL, synchronous=FULL, foreign keys and every migration recorded', () => {
    dir = makeTempDir();
    const db = openStore({ path: join(dir.path, 'app.db') });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual(readMigrations(findMigrationsDir()).map((m) => ({ version: m.version })));
    db.close();
  });

  it.skipIf(process.platform === 'win32')('keeps the data folder and the database files readable by their owner only', () => {
    dir = makeTempDir();
    const folder = join(dir.path, 'data');
    const path = join(folder, 'app.db');
    const db = openStore({ path });
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('k', '"v"');
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777, file).toBe(0o600);
    db.close();
    // A database left readable by others (an older version, a copy) is closed up at the next start.
    chmodSync(path, 0o644);
    openStore({ path }).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps every notification when 0006 rebuilds their table without the fixed list of screens', () => {
    dir = makeTempDir();
    const all = readMigrations(findMigrationsDir());
    const before = migrationsFolder(Object.fromEntries(all.filter((m) => m.version < 6).map((m) => [m.name, m.sql])));
    const db = new Database(join(dir.path, 'app.db'));
    applyMigrations(db, before);
    db.prepare("INSERT INTO notifications (type, title, message, screen, group_key, created_at, updated_at) VALUES ('ERROR', 't', 'm', 'failed', 'g', 1, 1)").run();
    applyMigrations(db, findMigrationsDir());
    expect(db.prepare('SELECT type, title, screen, read, count FROM notifications').all()).toEqual([{ type: 'ERROR', title: 't', screen: 'failed', read: 0, count: 1 }]);
    db.prepare("INSERT INTO notifications (type, title, message, screen, group_key, created_at, updated_at) VALUES ('INFO', 't', 'm', 'housekeeping', 'g', 1, 1)").run();
    db.close();
  });

  it('applies only the new migrations, in order, on the next start', () => {
    dir = makeTempDir();
    const db = new Database(join(dir.path, 'app.db'));
    const first = migrationsFolder({ '0001_one.sql': 'CREATE TABLE one (id INTEGER);' });
    expect(applyMigrations(db, first)).toBe(1);
    writeFileSync(join(first, '0002_two.sql'), 'CREATE TABLE two (id INTEGER); INSERT INTO one VALUES (1);');
    expect(applyMigrations(db, first)).toBe(1);
    expect(applyMigrations(db, first)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM one').get()).toEqual({ n: 1 });
    db.close();
  });

  it('rolls back a migration that fails half way, recording nothing', () => {
    dir = makeTempDir();
    const db = new Database(join(dir.path, 'app.db'));
    const folder = migrationsFolder({ '0001_bad.sql': 'CREATE TABLE fine (id INTEGER); CREATE TABLE broken (;' });
    expect(() => applyMigrations(db, folder)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'fine'").all()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database written by a newer version of the app, saying so', () => {
    dir = makeTempDir();
    const db = new Database(join(dir.path, 'app.db'));
    applyMigrations(db, migrationsFolder({ '0001_one.sql': 'SELECT 1;' }));
    db.prepare("INSERT INTO schema_migrations VALUES (2, '0002_future.sql', 0)").run();
    expect(() => applyMigrations(db, join(dir.path, 'migrations'))).toThrow(/newer version/);
    db.close();
  });

  it('refuses migration files with a gap in their numbers', () => {
    dir = makeTempDir();
    const folder = migrationsFolder({ '0001_one.sql': 'SELECT 1;', '0003_three.sql': 'SELECT 1;' });
    expect(() => readMigrations(folder)).toThrow(MigrationError);
    expect(() => readMigrations(folder)).toThrow(/expected 0002 but found 0003_three.sql/);
  });
});
