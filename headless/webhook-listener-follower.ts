import type { WebhookListenerChoice } from '../core/settings/webhook-listener-settings.js';
import type { Logger } from '../core/logger.js';
import type { WebhookListenerStatus } from '../shared/settings-contract.js';
import { listenForWebhooks, WEBHOOK_PATH, type WebhookListener } from './webhook-listener.js';
import type { WebhookReceiver } from './webhook-route.js';

/** The parts of the core a follower needs (a `Core` has them all). */
export interface FollowedCore {
  settings: { webhookListener: { choice(): WebhookListenerChoice; report(status: WebhookListenerStatus): void } };
  events: { on(name: 'settings/changed', listener: () => void): () => void };
  channel: { receiveBeds24Webhook: WebhookReceiver };
}

export interface WebhookListenerFollower {
  /** Settles once the listener matches the settings as they are now (tests). */
  settled(): Promise<void>;
  /** Stops following and frees the port (the host quits). */
  stop(): Promise<void>;
}

/**
 * Runs the loopback webhook listener as Settings say: started when enabled, moved when the port
 * changes, closed when disabled or when the host stops. A port that cannot be had is logged and
 * shown in Settings, never thrown. Changes are applied one after another, so two quick saves
 * never leave two servers.
 */
export function followWebhookListenerSetting(core: FollowedCore, logger: Logger): WebhookListenerFollower {
  let listener: WebhookListener | undefined;
  let stopped = false;
  let work: Promise<void> = Promise.resolve();

  async function apply(): Promise<void> {
    const wanted = stopped ? { enabled: false, port: null } : core.settings.webhookListener.choice();
    const port = wanted.enabled ? wanted.port : null;
    if (listener && listener.port === port) return;
    if (listener) {
      await listener.close();
      logger.info('stopped receiving Beds24 webhooks on the local port', { port: listener.port });
      listener = undefined;
    }
    if (port === null) {
      if (!stopped) core.settings.webhookListener.report({ state: 'off', message: 'Not listening' });
      return;
    }
    const outcome = await listenForWebhooks(port, core.channel.receiveBeds24Webhook);
    if (!outcome.ok) {
      logger.warn(`Beds24 webhooks: ${outcome.error.message}`, { kind: outcome.error.kind, port });
      core.settings.webhookListener.report({ state: 'failed', message: outcome.error.message });
      return;
    }
    listener = outcome.listener;
    logger.info('receiving Beds24 webhooks on the local port', { port });
    core.settings.webhookListener.report({ state: 'listening', message: `Listening on http://127.0.0.1:${port}${WEBHOOK_PATH}` });
  }

  const queue = () => {
    work = work.then(apply).catch((error: unknown) => logger.error('the Beds24 webhook listener could not follow Settings', { error: String(error) }));
    return work;
  };
  const unsubscribe = core.events.on('settings/changed', () => void queue());
  void queue();

  return {
    settled: () => work,
    stop() {
      stopped = true;
      unsubscribe();
      return queue();
    },
  };
}
