import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssue } from '../core/api/invoke.js';
import type { Core } from '../core/core.js';
import {
  connectionUpdateSchema,
  SETTINGS_SYSTEMS,
  settingsCalls,
  settingsUpdateSchema,
  systemCredentialsSchemas,
  type SettingsSystem,
} from '../shared/settings-contract.js';
import { OptionsError } from './options.js';

const connectionOf = <S extends SettingsSystem>(system: S) =>
  connectionUpdateSchema.extend({ credentials: systemCredentialsSchemas[system].optional() }).optional();

/**
 * `--config FILE`: the Settings screen as JSON, for servers. The same fields as `settings/update`,
 * plus each system's `credentials` and the webhook listener's `secret` (which the host then keeps
 * encrypted like any others).
 */
export const hostConfigSchema = z.strictObject({
  property: settingsUpdateSchema.shape.property,
  schedules: settingsUpdateSchema.shape.schedules,
  notifications: settingsUpdateSchema.shape.notifications,
  channelWebhook: settingsUpdateSchema.shape.channelWebhook
    .unwrap()
    .extend({ secret: settingsCalls['settings/set-webhook-secret'].args.shape.secret.optional() })
    .optional(),
  connections: z
    .strictObject({
      cloudbeds: connectionOf('cloudbeds'),
      beds24: connectionOf('beds24'),
      stays: connectionOf('stays'),
      maidcentral: connectionOf('maidcentral'),
      seam: connectionOf('seam'),
    })
    .optional(),
});
export type HostConfig = z.infer<typeof hostConfigSchema>;

/** Reads and checks the file; an OptionsError names the file and the field at fault. */
export function readHostConfig(path: string): HostConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new OptionsError(`--config ${path}: cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OptionsError(`--config ${path}: is not JSON (${(error as Error).message})`);
  }
  const parsed = hostConfigSchema.safeParse(json);
  if (!parsed.success) throw new OptionsError(`--config ${path}: ${describeIssue(parsed.error).message}`);
  return parsed.data;
}

/**
 * Applies the file at start: credentials first, so a system switched to live connects with them,
 * then the rest in one settings/update (all of it or none). A value the core refuses (a schedule
 * that never fires) stops the start, naming the field.
 */
export async function applyHostConfig(core: Pick<Core, 'invoke'>, config: HostConfig, path: string): Promise<void> {
  const refused = (field: string | undefined, message: string) => new OptionsError(`--config ${path}: ${field && !message.startsWith(field) ? `${field}: ` : ''}${message}`);
  const connections: Record<string, unknown> = {};
  for (const system of SETTINGS_SYSTEMS) {
    const entry = config.connections?.[system];
    if (!entry) continue;
    const { credentials, ...rest } = entry;
    if (credentials) {
      const outcome = await core.invoke('connections/set-credentials', { system, credentials });
      if (!outcome.ok) throw refused(`connections.${system}.${outcome.error.field ?? 'credentials'}`, outcome.error.message);
    }
    if (Object.keys(rest).length > 0) connections[system] = rest;
  }
  // The secret before the listener is switched on, so it never listens without one.
  const { secret, ...listener } = config.channelWebhook ?? {};
  if (secret !== undefined) {
    const outcome = await core.invoke('settings/set-webhook-secret', { secret });
    if (!outcome.ok) throw refused(`channelWebhook.${outcome.error.field ?? 'secret'}`, outcome.error.message);
  }
  const { connections: _given, channelWebhook: _listener, ...others } = config;
  const outcome = await core.invoke('settings/update', {
    ...others,
    ...(Object.keys(connections).length > 0 ? { connections } : {}),
    ...(Object.keys(listener).length > 0 ? { channelWebhook: listener } : {}),
  });
  if (!outcome.ok) throw refused(outcome.error.field, outcome.error.message);
}
