import type { ChannelWebhookSettings, SettingsUpdate, WebhookListenerStatus } from '../../shared/settings-contract.js';
import { CallError } from '../api/call-error.js';
import type { Db } from '../store/database.js';
import type { SecretVault } from './secret-vault.js';

/** The `webhook_listener_settings` row (migration 0015) as SQLite returns it. */
interface ListenerRow {
  enabled: 0 | 1;
  port: number | null;
}

/** Whether the listener should run, and where: what a host follows. */
export interface WebhookListenerChoice {
  enabled: boolean;
  port: number | null;
}

/** A host's listener: made to match a choice, it answers with what it is doing now. */
export type WebhookListenerRunner = (choice: WebhookListenerChoice) => Promise<WebhookListenerStatus>;

const SECRET_KEY = 'channel:beds24-webhook-secret';
const NOT_STARTED: WebhookListenerStatus = { state: 'off', message: 'Not listening' };

export interface WebhookListenerSettingsDeps {
  db: Db;
  vault: SecretVault;
  /** The host gave its own secret (its environment, or the demo's): the saved one is not used. */
  hostSecret: boolean;
}

/**
 * Beds24 webhooks on a loopback port (issue 9): whether and where the host listens, the secret
 * they are signed with (in the vault, write-only), and what the host's listener last reported.
 * The core only keeps the choice; a host runs the listener (headless/webhook-listener.ts).
 */
export function createWebhookListenerSettings(deps: WebhookListenerSettingsDeps) {
  const statements = {
    read: deps.db.prepare<[], ListenerRow>('SELECT enabled, port FROM webhook_listener_settings WHERE id = 1'),
    save: deps.db.prepare(`INSERT INTO webhook_listener_settings (id, enabled, port) VALUES (1, @enabled, @port)
      ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, port = excluded.port`),
  };
  // The host's listener lives in memory only: a restart starts from "not listening".
  let status = NOT_STARTED;
  let runner: WebhookListenerRunner | undefined;

  /** A status that differs from the one shown: kept, and true. */
  function report(next: WebhookListenerStatus): boolean {
    if (next.state === status.state && next.message === status.message) return false;
    status = next;
    return true;
  }

  /** Has the host's listener match the saved choice; true when what Settings show changed. */
  async function run(): Promise<boolean> {
    return runner ? report(await runner(choice())) : false;
  }

  function choice(): WebhookListenerChoice {
    const row = statements.read.get();
    return row ? { enabled: row.enabled === 1, port: row.port } : { enabled: false, port: null };
  }

  /** The choice after `change`, refused (naming the field, nothing written) when it cannot run. */
  function next(change: NonNullable<SettingsUpdate['channelWebhook']>): WebhookListenerChoice {
    const before = choice();
    const after = { enabled: change.enabled ?? before.enabled, port: change.port === undefined ? before.port : change.port };
    if (after.enabled && after.port === null) throw new CallError('invalid_argument', 'channelWebhook.port: choose a port to receive webhooks on', 'channelWebhook.port');
    return after;
  }

  return {
    choice,
    /** Checks a change before any write; the value to `save` inside the settings transaction. */
    next,
    save(after: WebhookListenerChoice): void {
      statements.save.run({ enabled: after.enabled ? 1 : 0, port: after.port });
    },
    /** The saved secret; the channel reads it when the host gave none. */
    secret: (): string | null => deps.vault.get(SECRET_KEY) ?? null,
    async setSecret(secret: string | null): Promise<void> {
      if (secret === null) await deps.vault.delete(SECRET_KEY);
      else await deps.vault.set(SECRET_KEY, secret);
    },
    /**
     * The host that runs the listener; it is run at once and after each change of the choice,
     * awaited before the change is answered, so the answer and the event carry what it did.
     */
    runBy(host: WebhookListenerRunner): Promise<boolean> {
      runner = host;
      return run();
    },
    run,
    view(): ChannelWebhookSettings {
      return { ...choice(), secret: { saved: deps.vault.get(SECRET_KEY) !== undefined, fromHost: deps.hostSecret }, listener: status };
    },
  };
}

export type WebhookListenerSettings = ReturnType<typeof createWebhookListenerSettings>;
