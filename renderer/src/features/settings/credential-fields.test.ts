import { describe, expect, it } from 'vitest';
import { credentialsSchema } from '../../../../shared/settings-contract.js';
import { CREDENTIAL_KINDS, credentialsInput } from './credential-fields.js';

describe('the credentials forms', () => {
  it('make arguments the contract accepts, for every kind of every system', () => {
    for (const [system, kinds] of Object.entries(CREDENTIAL_KINDS)) {
      for (const { kind, fields } of kinds) {
        const values = Object.fromEntries(fields.map((field) => [field.name, ` ${field.name}-value `]));
        const input = credentialsInput(system as keyof typeof CREDENTIAL_KINDS, kind, values);
        expect(credentialsSchema.safeParse(input).success, `${system} ${kind}`).toBe(true);
      }
    }
  });
});
