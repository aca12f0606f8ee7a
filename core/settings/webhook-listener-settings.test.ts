import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallOutcome } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { okChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { memoryVault, type SecretVault } from './secret-vault.js';

// Settings' channelWebhook (migration 0015) and its write-only secret, on a real database file.
const SECRET = 'webhook-secret-never-shown-0123456789';
let dir: ReturnType<typeof makeTempDir>;
let vault: SecretVault;
let core: Core;

beforeEach(() => {
  dir = makeTempDir();
  vault = memoryVault();
  core = createCore({ dataDir: dir.path, logger: silentLogger, vault });
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

const call = <K extends CallName>(name: K, args: unknown) => core.invoke(name, args) as Promise<CallOutcome<K>>;

describe('the webhook listener setting', () => {
  it('is off, with no port and no secret, until a person turns it on', async () => {
    expect((await okChecked(core, 'settings/get', {})).channelWebhook).toEqual({
      enabled: false,
      port: null,
      secret: { saved: false, fromHost: false },
      listener: { state: 'off', message: 'Not listening' },
    });
  });

  it('keeps the choice across a restart', async () => {
    await okChecked(core, 'settings/update', { channelWebhook: { enabled: true, port: 8123 } });
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault });
    expect((await okChecked(core, 'settings/get', {})).channelWebhook).toMatchObject({ enabled: true, port: 8123 });
    expect(core.settings.webhookListener.choice()).toEqual({ enabled: true, port: 8123 });
  });

  it('refuses a port outside 1024–65535, or enabling without one, naming the field and changing nothing', async () => {
    await okChecked(core, 'settings/update', { channelWebhook: { port: 9000 } });
    for (const [change, field] of [
      [{ enabled: true, port: 80 }, 'channelWebhook.port'],
      [{ port: 65536 }, 'channelWebhook.port'],
      [{ port: 8123.5 }, 'channelWebhook.port'],
      [{ port: '8123' }, 'channelWebhook.port'],
      [{ enabled: true, port: null }, 'channelWebhook.port'],
      [{ enabled: 'yes' }, 'channelWebhook.enabled'],
    ] as const) {
      const outcome = await call('settings/update', { notifications: { osNotifications: false }, channelWebhook: change });
      expect(outcome, JSON.stringify(change)).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
    }
    const settings = await okChecked(core, 'settings/get', {});
    expect(settings.channelWebhook).toMatchObject({ enabled: false, port: 9000 });
    expect(settings.notifications.osNotifications).toBe(true);
  });

  it('keeps the secret in the vault and only says that it is set; null forgets it', async () => {
    const after = await okChecked(core, 'settings/set-webhook-secret', { secret: SECRET });
    expect(after.channelWebhook.secret).toEqual({ saved: true, fromHost: false });
    expect(JSON.stringify(after)).not.toContain(SECRET);
    expect(JSON.stringify(await okChecked(core, 'settings/get', {}))).not.toContain(SECRET);
    expect(JSON.stringify(core.db.prepare('SELECT * FROM webhook_listener_settings').all())).not.toContain(SECRET);
    expect(core.settings.webhookListener.secret()).toBe(SECRET);

    expect((await okChecked(core, 'settings/set-webhook-secret', { secret: null })).channelWebhook.secret).toEqual({ saved: false, fromHost: false });
    expect(core.settings.webhookListener.secret()).toBeNull();
  });

  it('refuses a secret shorter than 16 characters, keeping the one saved', async () => {
    await okChecked(core, 'settings/set-webhook-secret', { secret: SECRET });
    expect(await call('settings/set-webhook-secret', { secret: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'secret' } });
    expect(core.settings.webhookListener.secret()).toBe(SECRET);
  });

  it("says the host's own secret is used when the host gave one", async () => {
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault, channel: { webhookSecret: 'the-hosts-own-secret-0123456789' } });
    await okChecked(core, 'settings/set-webhook-secret', { secret: SECRET });
    expect((await okChecked(core, 'settings/get', {})).channelWebhook.secret).toEqual({ saved: true, fromHost: true });
  });
});
