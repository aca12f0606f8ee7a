/**
 * Where a host keeps connection secrets, encrypted: the desktop app in the OS keychain
 * (Electron's safeStorage), the headless host in an encrypted file of the data folder. The core
 * hands secrets only to the vault and the connectors; the database records just which kind is set.
 */
export interface SecretVault {
  /** The stored text under a name, decrypted; undefined when none. */
  get(name: string): string | undefined;
  /** Stores (encrypted) and keeps it across restarts; fails when it cannot be kept safely. */
  set(name: string, value: string): void | Promise<void>;
  delete(name: string): void | Promise<void>;
}

/** A vault that forgets at exit: for tests, and for a core whose host keeps no secrets. */
export function memoryVault(): SecretVault {
  const values = new Map<string, string>();
  return {
    get: (name) => values.get(name),
    set: (name, value) => void values.set(name, value),
    delete: (name) => void values.delete(name),
  };
}
