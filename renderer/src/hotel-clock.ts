import { formatClock, formatInstant } from '../../shared/hotel-time.js';
import { useApp } from './store.js';

/** The machine's zone: used only until the host has said where the hotel is. */
const MACHINE_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The hotel's IANA time zone, as the host reports it (`hotel/details`). */
export function useHotelTimeZone(): string {
  return useApp((state) => state.hotel?.timeZone) ?? MACHINE_ZONE;
}

/** The screens' way of writing an instant ("Sat 5 Dec 2026, 14:05") and a time ("14:05"), on the hotel's clock. */
export function useHotelClock(): { instant(iso: string | number): string; clock(iso: string | number): string; timeZone: string } {
  const timeZone = useHotelTimeZone();
  return { instant: (iso) => formatInstant(iso, timeZone), clock: (iso) => formatClock(iso, timeZone), timeZone };
}
