import { finalRate, type Differential } from '../shared/rates-contract.js';
import { addDays } from './kit.js';

export interface RoomType {
  id: number;
  name: string;
  shortName: string;
  maxGuests: number;
  differential: Differential;
  /** The same room type as Beds24 knows it. */
  beds24RoomId: number;
  /** The base (non-derived) Cloudbeds rate plan of this room type. */
  rateId: number;
}

export interface Room {
  id: string;
  number: string;
  roomTypeId: number;
  /** The Seam lock on its door. */
  lockDeviceId: string;
}

export type ReservationSource = 'cloudbeds' | 'beds24' | 'stays';
export type ReservationStatus = 'confirmed' | 'canceled' | 'checked_in' | 'checked_out' | 'not_confirmed' | 'no_show';

export interface Reservation {
  id: string;
  source: ReservationSource;
  status: ReservationStatus;
  firstName: string;
  lastName: string;
  email: string;
  roomTypeId: number;
  roomId: string;
  /** Arrival and departure dates, `YYYY-MM-DD`. */
  startDate: string;
  endDate: string;
  adults: number;
  children: number;
  total: number;
  /** OTA or channel the booking came through (`Booking.com`, `Airbnb`, `Direct`). */
  channel: string;
  createdAt: number;
  modifiedAt: number;
  /** The id the booking has in the system that sent it, when another system created it. */
  thirdPartyIdentifier?: string;
  /** A channel booking (source beds24): its Beds24 booking id. */
  beds24BookingId?: number;
  /** A channel booking Cloudbeds was also told of (postReservation naming its Beds24 id): its reservationID there. */
  cloudbedsReservationId?: string;
  /** Stays only: check-in and check-out times when not the hotel's 15:00 and 11:00. */
  checkInTime?: string;
  checkOutTime?: string;
}

export interface StaffMember {
  userId: number;
  employeeId: number;
  firstName: string;
  lastName: string;
  email: string;
  role: 'Housekeeper' | 'Inspector' | 'Supervisor';
  teamId: number;
}

export interface Team {
  id: number;
  name: string;
  color: string;
}

export interface LockDevice {
  deviceId: string;
  name: string;
  roomId: string;
}

/** How the hotel writes money, as Cloudbeds' getHotelDetails reports it. */
export interface HotelCurrency {
  /** ISO 4217, e.g. `EUR`: what Beds24 and Stays send as the currency too. */
  code: string;
  symbol: string;
  position: 'before' | 'after';
  decimalSeparator: string;
  thousandsSeparator: string;
}

export interface Hotel {
  propertyId: number;
  name: string;
  currency: HotelCurrency;
  address: { street: string; city: string; postcode: string; country: string };
  /** The day the hotel was seeded for; reservations span the 60 days from here. */
  today: string;
  roomTypes: RoomType[];
  rooms: Room[];
  /** The base rate of the hotel per date; each room type applies its differential. */
  baseRates: Map<string, number>;
  /** Rates as set per Cloudbeds rate plan and date (what `putRate` writes). */
  rates: Map<number, Map<string, number>>;
  /**
   * Cloudbeds rate-plan nights (`<rateID>:<date>`) with no rate at all: getRatePlans answers
   * `rateBase: null` for them (the spec allows it) until a putRate sets one. Empty when seeded.
   */
  unratedNights: Set<string>;
  reservations: Reservation[];
  staff: StaffMember[];
  teams: Team[];
  locks: LockDevice[];
}

/** A small deterministic PRNG (mulberry32), so a seed always gives the same hotel. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOM_TYPES: { name: string; shortName: string; maxGuests: number; rooms: number; differential: Differential }[] = [
  { name: 'Standard Double', shortName: 'STD', maxGuests: 2, rooms: 10, differential: { kind: 'amount', value: 0 } },
  { name: 'Single Room', shortName: 'SGL', maxGuests: 1, rooms: 6, differential: { kind: 'percent', value: -25 } },
  { name: 'Superior King', shortName: 'SUP', maxGuests: 2, rooms: 8, differential: { kind: 'percent', value: 20 } },
  { name: 'Deluxe Sea View', shortName: 'DLX', maxGuests: 3, rooms: 6, differential: { kind: 'amount', value: 45 } },
  { name: 'Family Suite', shortName: 'FAM', maxGuests: 5, rooms: 4, differential: { kind: 'percent', value: 60 } },
];

const FIRST_NAMES = ['Ana', 'Bruno', 'Chloé', 'Daniel', 'Eva', 'Farid', 'Greta', 'Hiro', 'Inês', 'Jonas', 'Kemal', 'Lena', 'Marta',
  'Nils', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sven', 'Tomás', 'Ute', 'Victor', 'Wen', 'Yara', 'Zoe'];
const LAST_NAMES = ['Almeida', 'Becker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski',
  'Laurent', 'Moreau', 'Novak', 'Oliveira', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Urban', 'Vidal', 'Weber', 'Young', 'Zeman'];
const CHANNELS: Record<ReservationSource, string[]> = {
  cloudbeds: ['Direct', 'Walk-in', 'Phone'],
  beds24: ['Booking.com', 'Expedia', 'Agoda'],
  stays: ['Airbnb', 'Stays direct'],
};

export const PROPERTY_ID = 318267;
export const DAYS_SEEDED = 60;

/**
 * A believable small hotel: five room types with base + differential pricing, 34 rooms with a
 * lock each, 60 days of rates and reservations across Cloudbeds, Beds24 and Stays, and a
 * housekeeping staff in teams. Same seed and day, same hotel.
 */
export function seedHotel(options: { today: string; seed?: number; now?: number }): Hotel {
  const random = createRandom(options.seed ?? 20_261_123);
  const now = options.now ?? Date.parse(`${options.today}T08:00:00Z`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const roomTypes: RoomType[] = ROOM_TYPES.map((type, i) => ({
    id: 501_000 + i + 1,
    name: type.name,
    shortName: type.shortName,
    maxGuests: type.maxGuests,
    differential: type.differential,
    beds24RoomId: 77_000 + i + 1,
    rateId: 900_000 + i + 1,
  }));
  const rooms: Room[] = [];
  ROOM_TYPES.forEach((type, i) => {
    for (let n = 1; n <= type.rooms; n += 1) {
      const number = `${i + 1}${String(n).padStart(2, '0')}`;
      // Seam device ids are UUIDs; the room number is kept in the last group so ids stay readable.
      const lockDeviceId = `5ea1d0c0-0000-4000-8000-${number.padStart(12, '0')}`;
      rooms.push({ id: `${roomTypes[i]!.id}-${number}`, number, roomTypeId: roomTypes[i]!.id, lockDeviceId });
    }
  });

  const baseRates = new Map<string, number>();
  const rates = new Map<number, Map<string, number>>(roomTypes.map((type) => [type.rateId, new Map()]));
  for (let day = -7; day < DAYS_SEEDED + 30; day += 1) {
    const date = addDays(options.today, day);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const base = 110 + (weekday === 5 || weekday === 6 ? 30 : 0) + Math.round(random() * 10);
    baseRates.set(date, base);
    for (const type of roomTypes) rates.get(type.rateId)!.set(date, finalRate(base, type.differential));
  }

  // Each room is booked in runs of stays with gaps, over the 60 days (and a few days back).
  const reservations: Reservation[] = [];
  let serial = 1;
  for (const room of rooms) {
    let day = -3 + Math.floor(random() * 3);
    while (day < DAYS_SEEDED) {
      const nights = 1 + Math.floor(random() * 5);
      if (random() < 0.7) {
        const source: ReservationSource = random() < 0.45 ? 'cloudbeds' : random() < 0.6 ? 'beds24' : 'stays';
        const type = roomTypes.find((t) => t.id === room.roomTypeId)!;
        const startDate = addDays(options.today, day);
        const endDate = addDays(options.today, day + nights);
        const firstName = pick(FIRST_NAMES);
        const lastName = pick(LAST_NAMES);
        const createdAt = now - Math.floor((10 + random() * 80) * 86_400_000);
        const status: ReservationStatus =
          day + nights <= 0 ? 'checked_out' : day <= 0 ? 'checked_in' : random() < 0.06 ? 'canceled' : 'confirmed';
        let total = 0;
        for (let n = 0; n < nights; n += 1) total += rates.get(type.rateId)!.get(addDays(startDate, n)) ?? 0;
        reservations.push({
          id: String(7_061_300_000_000 + serial),
          source,
          status,
          firstName,
          lastName,
          email: `${firstName}.${lastName}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
          roomTypeId: room.roomTypeId,
          roomId: room.id,
          startDate,
          endDate,
          adults: Math.min(type.maxGuests, 1 + Math.floor(random() * type.maxGuests)),
          children: type.maxGuests > 2 && random() < 0.3 ? 1 : 0,
          total: Math.round(total * 100) / 100,
          channel: pick(CHANNELS[source]),
          createdAt,
          modifiedAt: createdAt + Math.floor(random() * (now - createdAt)),
        });
        serial += 1;
      }
      day += nights + Math.floor(random() * 3);
    }
  }

  const teams: Team[] = [
    { id: 31, name: 'Team Blue', color: '#2563eb' },
    { id: 32, name: 'Team Green', color: '#16a34a' },
    { id: 33, name: 'Team Amber', color: '#d97706' },
  ];
  const staff: StaffMember[] = ['Maria Santos', 'Joana Reis', 'Kofi Mensah', 'Lucía Ortega', 'Piotr Nowak', 'Aisha Khan', 'Tom Brennan'].map(
    (full, i) => {
      const [firstName, lastName] = full.split(' ') as [string, string];
      return {
        userId: 4100 + i,
        employeeId: 8800 + i,
        firstName,
        lastName,
        email: `${firstName}.${lastName}@harbourlight.example`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
        role: i === 0 ? 'Supervisor' : i === 6 ? 'Inspector' : 'Housekeeper',
        teamId: teams[i % teams.length]!.id,
      };
    },
  );

  return {
    propertyId: PROPERTY_ID,
    name: 'Harbour Light Hotel',
    // A hotel in Porto, writing prices as "1.234,50 €".
    currency: { code: 'EUR', symbol: '€', position: 'after', decimalSeparator: ',', thousandsSeparator: '.' },
    address: { street: 'Rua do Farol 12', city: 'Porto', postcode: '4150-001', country: 'PT' },
    today: options.today,
    roomTypes,
    rooms,
    baseRates,
    rates,
    unratedNights: new Set(),
    reservations,
    staff,
    teams,
    locks: rooms.map((room) => ({ deviceId: room.lockDeviceId, name: `Room ${room.number} door`, roomId: room.id })),
  };
}
