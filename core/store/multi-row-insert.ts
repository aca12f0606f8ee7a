import type Database from 'better-sqlite3';
import type { Db } from './database.js';

/** Rows per statement: one multi-row INSERT is far cheaper than one statement per row. */
const CHUNK_ROWS = 50;

/**
 * Inserts many rows into one table with as few statements as possible (call inside a
 * transaction). Returns the rowid of each row: one statement assigns consecutive rowids in
 * VALUES order, ending at its lastInsertRowid.
 */
export function createMultiRowInsert(db: Db, table: string, columns: readonly string[]) {
  const statements = new Map<number, Database.Statement>();
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (rowCount: number) => {
    let statement = statements.get(rowCount);
    if (!statement) {
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rowCount).fill(placeholders).join(', ')}`);
      statements.set(rowCount, statement);
    }
    return statement;
  };

  return function insertRows(rows: unknown[][]): number[] {
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const chunk = rows.slice(start, start + CHUNK_ROWS);
      const lastId = Number(statementFor(chunk.length).run(chunk.flat()).lastInsertRowid);
      for (let i = 0; i < chunk.length; i += 1) ids.push(lastId - chunk.length + 1 + i);
    }
    return ids;
  };
}
