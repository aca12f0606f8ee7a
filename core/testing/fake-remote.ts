import Database from 'better-sqlite3';

/**
 * A stand-in for a remote system in crash tests: it de-duplicates effects by idempotency key,
 * as our connectors make the real ones do, and counts every call. Lives in its own SQLite file
 * so a killed process's effects are still there.
 */
export function openFakeRemote(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY, payload TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, key TEXT NOT NULL)`);
  const recordCall = db.prepare('INSERT INTO calls (key) VALUES (?)');
  const applyEffect = db.prepare('INSERT INTO effects (key, payload) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    deliver(key: string, payload: unknown): void {
      recordCall.run(key);
      applyEffect.run(key, JSON.stringify(payload));
    },
    effects: () => db.prepare('SELECT key FROM effects ORDER BY key').all() as { key: string }[],
    callsFor: (key: string) => (db.prepare('SELECT COUNT(*) AS n FROM calls WHERE key = ?').get(key) as { n: number }).n,
    close: () => db.close(),
  };
}
