/** What a failed write says about the disk under the data folder. */
export type StorageTrouble = 'full' | 'unwritable';

/** What a person reads about it, and what to do. */
export const STORAGE_TROUBLE_TEXT: Record<StorageTrouble, string> = {
  full: 'The disk holding the data folder is full: free some space; sync resumes by itself once writes succeed again',
  unwritable: 'The data folder cannot be written: check the disk and its permissions; sync resumes by itself once writes succeed again',
};

/** The disk's trouble behind a failed SQLite or file write, or null when it is not the disk's doing. */
export function storageTrouble(error: unknown): StorageTrouble | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'EROFS' || code === 'EIO') return 'unwritable';
  return null;
}
