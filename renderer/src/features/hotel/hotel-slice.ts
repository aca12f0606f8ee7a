import type { HotelDetails, Settings } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export interface HotelSlice {
  /** Null until the host has answered; its name and currency stay null until Cloudbeds told them. */
  hotel: HotelDetails | null;
  loadHotel(): Promise<void>;
  hotelChanged(details: HotelDetails): void;
}

export const createHotelSlice: AppSlice<HotelSlice> = (set, get) => ({
  hotel: null,
  async loadHotel() {
    const details = await get().run('hotel/details', {});
    // An answer that comes after the event (a slow first read) must not put the unknown back.
    if (details && !(details.name === null && get().hotel?.name)) set({ hotel: details });
  },
  hotelChanged: (details) => set({ hotel: details }),
});

/** "EUR", the code of the hotel's currency, once Cloudbeds told it. */
export const currencyCodeOf = (hotel: HotelDetails | null): string | null => hotel?.currency?.code ?? null;

export interface HotelIdentity {
  name: string | null;
  currency: string | null;
  /** Cloudbeds' currency when Settings names another: rates are sent as numbers, in Cloudbeds' one. */
  cloudbedsCurrencyDiffers: string | null;
}

/**
 * The hotel as the screens name it: as the hotel set it in Settings, else as Cloudbeds told it
 * (the first answer fills Settings, so the two agree until someone changes one).
 */
export function hotelIdentity(hotel: HotelDetails | null, settings: Settings | null): HotelIdentity {
  const cloudbeds = currencyCodeOf(hotel);
  const currency = settings?.property.currency ?? cloudbeds;
  return {
    name: settings?.property.hotelName ?? hotel?.name ?? null,
    currency,
    cloudbedsCurrencyDiffers: cloudbeds !== null && currency !== null && cloudbeds !== currency ? cloudbeds : null,
  };
}
