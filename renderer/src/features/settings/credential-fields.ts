import type { CallArgs, SettingsSystem } from '../../../../shared/contract.js';

/** One input of a credentials form; `secret` ones are password fields, never shown again. */
export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
}

/** The kinds of credentials each API takes, as the form offers them (first: the default). */
export const CREDENTIAL_KINDS: Record<SettingsSystem, { kind: string; label: string; fields: CredentialField[] }[]> = {
  cloudbeds: [
    { kind: 'api-key', label: 'API key', fields: [{ name: 'apiKey', label: 'API key', secret: true }] },
    {
      kind: 'oauth',
      label: 'OAuth client',
      fields: [
        { name: 'clientId', label: 'Client id', secret: false },
        { name: 'clientSecret', label: 'Client secret', secret: true },
        { name: 'refreshToken', label: 'Refresh token', secret: true },
      ],
    },
  ],
  beds24: [{ kind: 'invite', label: 'Invite code', fields: [{ name: 'inviteCode', label: 'Invite code (from Beds24: Settings › Marketplace › API)', secret: true }] }],
  stays: [
    {
      kind: 'client',
      label: 'API login',
      fields: [
        { name: 'clientId', label: 'Login (client id)', secret: false },
        { name: 'clientSecret', label: 'Password (client secret)', secret: true },
      ],
    },
  ],
  maidcentral: [
    {
      kind: 'password',
      label: 'User',
      fields: [
        { name: 'username', label: 'User name', secret: false },
        { name: 'password', label: 'Password', secret: true },
      ],
    },
  ],
  seam: [{ kind: 'api-key', label: 'API key', fields: [{ name: 'apiKey', label: 'API key', secret: true }] }],
};

/** The `connections/set-credentials` arguments from a filled form. */
export function credentialsInput(system: SettingsSystem, kind: string, values: Record<string, string>): CallArgs<'connections/set-credentials'> {
  const fields = CREDENTIAL_KINDS[system].find((candidate) => candidate.kind === kind)!.fields;
  const credentials: Record<string, string> = Object.fromEntries(fields.map((field) => [field.name, (values[field.name] ?? '').trim()]));
  if (system === 'cloudbeds') credentials.kind = kind;
  return { system, credentials } as CallArgs<'connections/set-credentials'>;
}
