import type Database from 'better-sqlite3';
import type { Db } from './database.js';

/** Rows per statement: one multi-row INSERT is far cheaper than one statement per row. */
const CHUNK_ROWS = 50;
/** SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite (the default since 3.32). */
const MAX_VARIABLES = 32_766;

/**
 * Inserts many rows into one table with as few statements as possible (call inside a
 * transaction). Returns the rowid of each row: one statement assigns consecutive rowids in
 * VALUES order, ending at its lastInsertRowid.
 */
export function createMultiRowInsert(db: Db, table: string, columns: readonly string[]) {
  const statements = new Map<number, Database.Statement>();
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  // A wide table gets fewer rows per statement, so no statement binds more than SQLite allows.
  const chunkRows = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(MAX_VARIABLES / columns.length)));
  const statementFor = (rowCount: number) => {
    let statement = statements.get(rowCount);
    if (!statement) {
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rowCount).fill(placeholders).join(', ')}`);
      statements.set(rowCount, statement);
    }
    return statement;
  };

  return function insertRows(rows: readonly (readonly unknown[])[]): number[] {
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += chunkRows) {
      const count = Math.min(chunkRows, rows.length - start);
      // Flattened by hand and bound as arguments: Array#flat and binding one array both go
      // through V8's generic element access, which cost more than the insert itself.
      const values: unknown[] = new Array(count * columns.length);
      let next = 0;
      for (let row = start; row < start + count; row += 1) {
        const cells = rows[row]!;
        for (let column = 0; column < columns.length; column += 1) values[next++] = cells[column];
      }
      const lastId = Number(statementFor(count).run(...values).lastInsertRowid);
      for (let i = 0; i < count; i += 1) ids.push(lastId - count + 1 + i);
    }
    return ids;
  };
}
