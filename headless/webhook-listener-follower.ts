import type { WebhookListenerChoice, WebhookListenerRunner } from '../core/settings/webhook-listener-settings.js';
import type { Logger } from '../core/logger.js';
import type { WebhookListenerStatus } from '../shared/settings-contract.js';
import { listenForWebhooks, WEBHOOK_PATH, type WebhookListener } from './webhook-listener.js';
import type { WebhookReceiver } from './webhook-route.js';

/** The parts of the core a host's listener needs (a `Core` has them). */
export interface FollowedCore {
  settings: { webhookListener: { runBy(runner: WebhookListenerRunner): Promise<void> } };
  channel: { receiveBeds24Webhook: WebhookReceiver };
}

export interface WebhookListenerFollower {
  /** Settles once the listener matches the settings it was last given (tests). */
  settled(): Promise<void>;
  /** Frees the port and takes no further change (the host quits). */
  stop(): Promise<void>;
}

const NOT_LISTENING: WebhookListenerStatus = { state: 'off', message: 'Not listening' };
const listening = (port: number): WebhookListenerStatus => ({ state: 'listening', message: `Listening on http://127.0.0.1:${port}${WEBHOOK_PATH}` });

/**
 * Runs the loopback webhook listener as Settings say: started when enabled, moved when the port
 * changes, closed when disabled or when the host stops. A port that cannot be had is logged and
 * shown in Settings, never thrown. Changes are applied one after another, so two quick saves
 * never leave two servers.
 */
export function followWebhookListenerSetting(core: FollowedCore, logger: Logger): WebhookListenerFollower {
  let listener: WebhookListener | undefined;
  let stopped = false;
  let work: Promise<unknown> = Promise.resolve();

  async function match(choice: WebhookListenerChoice): Promise<WebhookListenerStatus> {
    const port = choice.enabled && !stopped ? choice.port : null;
    if (listener && listener.port === port) return listening(port);
    if (listener) {
      await listener.close();
      logger.info('stopped receiving Beds24 webhooks on the local port', { port: listener.port });
      listener = undefined;
    }
    if (port === null) return NOT_LISTENING;
    const outcome = await listenForWebhooks(port, core.channel.receiveBeds24Webhook);
    if (!outcome.ok) {
      logger.warn(`Beds24 webhooks: ${outcome.error.message}`, { kind: outcome.error.kind, port });
      return { state: 'failed', message: outcome.error.message };
    }
    listener = outcome.listener;
    logger.info('receiving Beds24 webhooks on the local port', { port });
    return listening(port);
  }

  /** One change at a time; a failure is a status, never a rejection. */
  function queued(choice: WebhookListenerChoice): Promise<WebhookListenerStatus> {
    const next = work.then(() =>
      match(choice).catch((error: unknown): WebhookListenerStatus => {
        logger.error('the Beds24 webhook listener could not follow Settings', { error: String(error) });
        return { state: 'failed', message: `The listener failed: ${error instanceof Error ? error.message : String(error)}` };
      }),
    );
    work = next;
    return next;
  }

  const ready = core.settings.webhookListener.runBy(queued);
  return {
    settled: () => ready.then(() => work).then(() => undefined),
    async stop() {
      stopped = true;
      await queued({ enabled: false, port: null });
    },
  };
}
