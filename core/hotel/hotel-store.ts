import type { HotelCurrency } from '../../shared/hotel-contract.js';
import type { Db } from '../store/database.js';

/** The hotel as last fetched from Cloudbeds. */
export interface StoredHotel {
  propertyId: string;
  name: string;
  currency: HotelCurrency | null;
  /** ms since the Unix epoch. */
  fetchedAt: number;
}

/** The `hotel_details` row as SQLite returns it. */
interface HotelRow {
  property_id: string;
  name: string;
  currency_code: string | null;
  currency_symbol: string | null;
  currency_position: HotelCurrency['position'] | null;
  decimal_separator: string | null;
  thousands_separator: string | null;
  fetched_at: number;
}

function hotelOfRow(row: HotelRow): StoredHotel {
  const currency =
    row.currency_code === null
      ? null
      : {
          code: row.currency_code,
          symbol: row.currency_symbol!,
          position: row.currency_position!,
          decimalSeparator: row.decimal_separator!,
          thousandsSeparator: row.thousands_separator!,
        };
  return { propertyId: row.property_id, name: row.name, currency, fetchedAt: row.fetched_at };
}

/** The one statement of each kind on `hotel_details` (migration 0011), prepared once. */
export function createHotelStore(db: Db) {
  const statements = {
    read: db.prepare<[], HotelRow>('SELECT * FROM hotel_details WHERE id = 1'),
    replace: db.prepare(`INSERT INTO hotel_details (id, property_id, name, currency_code, currency_symbol, currency_position,
        decimal_separator, thousands_separator, fetched_at)
      VALUES (1, @propertyId, @name, @code, @symbol, @position, @decimalSeparator, @thousandsSeparator, @fetchedAt)
      ON CONFLICT (id) DO UPDATE SET property_id = excluded.property_id, name = excluded.name, currency_code = excluded.currency_code,
        currency_symbol = excluded.currency_symbol, currency_position = excluded.currency_position,
        decimal_separator = excluded.decimal_separator, thousands_separator = excluded.thousands_separator, fetched_at = excluded.fetched_at`),
  };
  return {
    /** Undefined until the first fetch. */
    read(): StoredHotel | undefined {
      const row = statements.read.get();
      return row && hotelOfRow(row);
    },
    save(hotel: StoredHotel): void {
      const currency = hotel.currency ?? { code: null, symbol: null, position: null, decimalSeparator: null, thousandsSeparator: null };
      statements.replace.run({ propertyId: hotel.propertyId, name: hotel.name, fetchedAt: hotel.fetchedAt, ...currency });
    },
  };
}

export type HotelStore = ReturnType<typeof createHotelStore>;
