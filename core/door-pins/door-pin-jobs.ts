import { z } from 'zod';
import { formatDayRange } from '../../shared/day-range.js';
import { isIsoDate } from '../../shared/iso-date.js';
import { seam } from '../integrations/seam/index.js';
import { defineJobKind } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

const isoDate = z.string().refine(isIsoDate, 'must be a calendar date as YYYY-MM-DD');

/**
 * What a door-PIN job carries: which stay, which version of its plan (a job of an older version
 * does nothing), and how it reads to a person. Never the PIN: payloads are shown in Activity.
 */
const doorPinPayload = z.strictObject({
  reservationId: z.number().int().positive(),
  version: z.number().int().positive(),
  /** The stay as people know it (the Stays code). */
  stay: z.string().min(1).max(100),
  arrival: isoDate,
  departure: isoDate,
});
export type DoorPinPayload = z.infer<typeof doorPinPayload>;

/** Puts the stay's PIN on its room's lock (creates it, or moves it to new dates or another lock). */
export const DOOR_PIN_PROGRAM = defineJobKind({
  type: 'door-pins/program',
  lane: seam.id,
  payload: doorPinPayload,
  summarize: (payload) => `Door PIN · ${payload.stay} · ${formatDayRange(payload.arrival, payload.departure)}`,
  noun: ['door PIN', 'door PINs'],
});

/** Removes the stay's PIN from the lock (24 h after check-out, or at once when cancelled). */
export const DOOR_PIN_REVOKE = defineJobKind({
  type: 'door-pins/revoke',
  lane: seam.id,
  payload: doorPinPayload,
  summarize: (payload) => `Door PIN removal · ${payload.stay} · ${formatDayRange(payload.arrival, payload.departure)}`,
  noun: ['door PIN removal', 'door PIN removals'],
});

/** Reads Seam's locks: which opens which room (queued when a stay's room has no known lock). */
export const DOOR_LOCKS_READ = defineJobKind({
  type: 'door-pins/read-locks',
  lane: seam.id,
  payload: z.strictObject({}),
  summarize: () => 'Door locks · read from Seam which lock opens which room',
  noun: ['lock list read', 'lock list reads'],
});

/** One stay's PIN jobs run one after another, in the order they were queued. */
export const pinOrderingKey = (reservationId: number) => `door-pin:${reservationId}`;

export const seamNotConnected = () => new RemoteError('auth', 'Seam is not connected: add its API key in Settings');
