import type { Db } from '../store/database.js';

export interface LaneRow {
  name: string;
  paused: 0 | 1;
  needs_sign_in: 0 | 1;
  last_success_at: number | null;
  last_error_at: number | null;
  last_error: string | null;
}

const GLOBAL_PAUSE_KEY = 'sync.paused';
const PROBE_KEY = 'storage.probe';
/** What a probe writes: enough to need new pages (and disk), as the queue's own writes do. */
const PROBE_BYTES = 64 * 1024;

/** What a person decided about each lane (and about all sync), kept across restarts. */
export function createLaneStore(db: Db) {
  const statements = {
    ensure: db.prepare('INSERT INTO lanes (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
    all: db.prepare('SELECT * FROM lanes ORDER BY name'),
    setPaused: db.prepare('UPDATE lanes SET paused = @paused WHERE name = @name'),
    setNeedsSignIn: db.prepare('UPDATE lanes SET needs_sign_in = @value WHERE name = @name'),
    recordSuccess: db.prepare('UPDATE lanes SET last_success_at = @at WHERE name = @name'),
    recordError: db.prepare('UPDATE lanes SET last_error_at = @at, last_error = @error WHERE name = @name'),
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    putSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (@key, @value)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
  };

  return {
    ensure(names: readonly string[]): void {
      db.transaction(() => names.forEach((name) => statements.ensure.run(name)))();
    },
    all(): LaneRow[] {
      return statements.all.all() as LaneRow[];
    },
    setPaused(name: string, paused: boolean): void {
      statements.setPaused.run({ name, paused: paused ? 1 : 0 });
    },
    setNeedsSignIn(name: string, value: boolean): void {
      statements.setNeedsSignIn.run({ name, value: value ? 1 : 0 });
    },
    recordSuccess(name: string, at: number): void {
      statements.recordSuccess.run({ name, at });
    },
    recordError(name: string, at: number, error: string): void {
      statements.recordError.run({ name, at, error });
    },
    globalPaused(): boolean {
      const row = statements.getSetting.get(GLOBAL_PAUSE_KEY) as { value: string } | undefined;
      return row ? JSON.parse(row.value) === true : false;
    },
    setGlobalPaused(paused: boolean): void {
      statements.putSetting.run({ key: GLOBAL_PAUSE_KEY, value: JSON.stringify(paused) });
    },
    /**
     * Writes and removes a 64 KB value in one committed transaction: throws while the disk
     * cannot take new pages, leaves no row behind when it can.
     */
    probeWrite(): void {
      db.transaction(() => {
        statements.putSetting.run({ key: PROBE_KEY, value: JSON.stringify('x'.repeat(PROBE_BYTES)) });
        statements.deleteSetting.run(PROBE_KEY);
      })();
    },
  };
}

export type LaneStore = ReturnType<typeof createLaneStore>;
