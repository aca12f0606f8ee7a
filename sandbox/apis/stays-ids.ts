import { createHash } from 'node:crypto';

/** Stays' ids are 24 hex digits (MongoDB ObjectIds); derived from ours so they never change. */
export const objectId = (seed: string) => createHash('sha1').update(seed).digest('hex').slice(0, 24);

/** The Stays listing of a room: each room of the demo hotel is one listing at Stays. */
export const staysListingId = (roomNumber: string) => objectId(`listing:${roomNumber}`);

/** A reservation's `_id` at Stays. */
export const staysReservationId = (reservationId: string) => objectId(`reservation:${reservationId}`);
