import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useApp } from '../../store.js';

/** setTimeout refuses longer delays. */
const MAX_TIMER_MS = 2_147_483_647;
/** Past the instant, so the host's clock has passed it too when the day is read again. */
const AFTER_CHANGE_MS = 1_000;

/** Reads the status and the picked day when the screen opens; pushed events keep them current after. */
export function useHousekeepingOnOpen(): void {
  const load = useApp((state) => state.loadHousekeeping);
  useEffect(() => {
    void load();
  }, [load]);
}

/**
 * Reads the shown day again when its next cleaning starts or ends (the host says when), so the
 * states move with the clock: one timer at that moment, no polling. A new answer re-arms it.
 */
export function useReloadAtNextChange(): void {
  const day = useApp((state) => state.housekeepingDay);
  const reload = useApp((state) => state.reloadHousekeepingDay);
  useEffect(() => {
    if (!day?.nextChangeAt) return;
    const wait = Math.min(Math.max(0, Date.parse(day.nextChangeAt) - Date.now()) + AFTER_CHANGE_MS, MAX_TIMER_MS);
    const timer = setTimeout(() => void reload(), wait);
    return () => clearTimeout(timer);
  }, [day, reload]);
}

/**
 * Arrow keys, Home and End move between tabs (WAI-ARIA tabs with roving focus); the tab moved to
 * is picked and focused.
 */
export function useTabKeys(count: number, current: number, pick: (index: number) => void) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKeyDown(event: KeyboardEvent) {
    const target = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: count - 1 }[event.key];
    if (target === undefined || count === 0) return;
    event.preventDefault();
    const index = (target + count) % count;
    pick(index);
    tabs.current[index]?.focus();
  }
  return { tabs, onKeyDown };
}
