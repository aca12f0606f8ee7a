import { join } from 'node:path';

/**
 * Where better-sqlite3 built for Electron lives when running from source. It is kept apart from
 * node_modules/better-sqlite3, whose binary stays built for Node so tests and the headless host
 * keep working; scripts/electron-native.mjs builds this one (`npm start` runs it first).
 * The layout must stay in step with that script.
 */
export function electronNativeBindingFile(appRoot: string, electronVersion: string): string {
  return join(appRoot, '.native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

/**
 * The binary to pass to createCore({ nativeBinding }), or undefined to let better-sqlite3 load
 * its own copy. Pure: `exists` is injected (fs.existsSync in main).
 */
export function electronNativeBindingPath(
  appRoot: string,
  electronVersion: string | undefined,
  exists: (path: string) => boolean,
): string | undefined {
  if (!electronVersion) return undefined;
  const file = electronNativeBindingFile(appRoot, electronVersion);
  return exists(file) ? file : undefined;
}

export interface NativeBindingContext {
  /** A packaged app: electron-builder rebuilt better-sqlite3 for Electron inside the package. */
  isPackaged: boolean;
  appRoot: string;
  electronVersion: string | undefined;
  exists: (path: string) => boolean;
}

/**
 * The binding main.ts hands the core. In a packaged app electron-builder's own rebuild
 * (`npmRebuild: true`) left a build for Electron in the unpacked node_modules, so the default
 * is right; from source only our separate build is.
 */
export function nativeBindingFor(context: NativeBindingContext): string | undefined {
  if (context.isPackaged) return undefined;
  return electronNativeBindingPath(context.appRoot, context.electronVersion, context.exists);
}

/**
 * A plain explanation when the database engine could not load because its binary was built for
 * another runtime (Node instead of Electron, or another Electron version); undefined for any
 * other error. Node's own message ("NODE_MODULE_VERSION 115 … requires 140") tells a person
 * nothing about what to do.
 */
export function explainNativeLoadFailure(error: unknown): string | undefined {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: unknown }).code ?? ''}` : String(error);
  const mismatched = /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|better_sqlite3\.node|invalid ELF header|not a valid Win32 application/i;
  if (!mismatched.test(text)) return undefined;
  return (
    'The database engine (better-sqlite3) is not built for this version of Electron. ' +
    'From a source checkout, run "npm start", which builds it into .native/ with ' +
    'scripts/electron-native.mjs; a packaged app needs to be reinstalled.'
  );
}
