import { EVENT_NAMES } from '../../shared/contract.js';
import type { Core } from '../core.js';

/**
 * Checks `check` now and again after each event the core pushes (any of the contract's), until
 * it returns something other than undefined or false. Waits on events, never on a timer;
 * `timeoutMs` only bounds a test that would otherwise hang.
 */
export function untilEvent<T>(core: Pick<Core, 'events'>, what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let checking = false;
    let again = false;
    const stops = EVENT_NAMES.map((name) => core.events.on(name, () => void recheck()));
    const bound = setTimeout(() => done(() => reject(new Error(`Timed out waiting for ${what}`))), timeoutMs);
    function done(settle: () => void) {
      stops.forEach((stop) => stop());
      clearTimeout(bound);
      settle();
    }
    async function recheck(): Promise<void> {
      if (checking) return void (again = true);
      checking = true;
      try {
        do {
          again = false;
          const value = await check();
          if (value !== undefined && value !== false) return done(() => resolve(value));
        } while (again);
      } catch (error) {
        done(() => reject(error));
      } finally {
        checking = false;
      }
    }
    void recheck();
  });
}
