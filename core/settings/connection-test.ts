import type { Connectors } from '../integrations/connections.js';
import { INTEGRATIONS, type SystemId } from '../integrations/index.js';
import { coerceError } from '../queue/remote-error.js';

/** What a Test connection found, or what went wrong in plain words with the remote's own under details. */
export interface ConnectionTestOutcome {
  ok: boolean;
  message: string;
  details: string | null;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One cheap read per system: the smallest call that proves the address and the credentials. */
const CHEAP_READS: { [Id in SystemId]: (connector: NonNullable<Connectors[Id]>, today: string) => Promise<string> } = {
  async cloudbeds(connector) {
    const { data } = await connector.getHotelDetails();
    return `Connected to ${data.name} (property ${data.propertyId}${data.currency ? `, ${data.currency.code}` : ''})`;
  },
  async beds24(connector) {
    const { data } = await connector.getProperties();
    return `Connected: ${plural(data.length, 'property', 'properties')}${data.length > 0 ? ` (${data.map((p) => p.name).slice(0, 3).join(', ')})` : ''}`;
  },
  async stays(connector, today) {
    const { data } = await connector.getReservations({ from: today, to: today, dateType: 'arrival' });
    return `Connected: ${plural(data.length, 'arrival')} today`;
  },
  async maidcentral(connector) {
    const { data } = await connector.getUsers();
    return `Connected: ${plural(data.length, 'user')} in MaidCentral`;
  },
  async seam(connector) {
    const devices = await connector.listDevices();
    return `Connected: ${plural(devices.length, 'lock')} (devices) in Seam`;
  },
};

/** What a person should do about each kind of failure. */
function adviceFor(kind: string, displayName: string): string {
  switch (kind) {
    case 'auth':
      return `${displayName} refused the credentials (a wrong key, or no permission for what the app needs). Enter them again in Settings.`;
    case 'network':
      return `${displayName} could not be reached. Check the address and this computer's internet connection.`;
    case 'rate_limited':
      return `${displayName} asked the app to slow down. Try again in a minute.`;
    case 'validation':
      return `${displayName} refused the request. Check the address and the property id.`;
    default:
      return `${displayName} answered with an error. Try again later.`;
  }
}

/** Runs the system's cheap read; never throws. */
export async function testConnection<Id extends SystemId>(system: Id, connector: Connectors[Id], today: string): Promise<ConnectionTestOutcome> {
  const integration = INTEGRATIONS.find((candidate) => candidate.id === system)!;
  if (!connector) {
    return { ok: false, message: `${integration.displayName} has no credentials yet. Enter them above, then test again.`, details: null };
  }
  try {
    const read = CHEAP_READS[system] as (connector: unknown, today: string) => Promise<string>;
    return { ok: true, message: await read(connector, today), details: null };
  } catch (failure) {
    const error = coerceError(failure);
    return { ok: false, message: adviceFor(error.kind, integration.displayName), details: error.message };
  }
}
