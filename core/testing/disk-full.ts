import type { Db } from '../store/database.js';

/**
 * What SQLite does on a full disk, without filling one: the database may not grow past the pages
 * it has now (after a VACUUM, so no free page is left to reuse). Writes that need a new page fail
 * with SQLITE_FULL, as they would with no space left.
 */
export function fillTheDisk(db: Db): void {
  db.exec('VACUUM');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
}

/** Room again. */
export function freeTheDisk(db: Db): void {
  db.pragma('max_page_count = 1073741823');
}
