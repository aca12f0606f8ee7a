import { parseRateInput } from './rate-input.js';

/** What a fill or bulk edit does to each cell: set a rate, or move it by an amount or a percent. */
export type RateChange = { kind: 'set'; rate: number } | { kind: 'amount'; by: number } | { kind: 'percent'; by: number };

/** How a changed rate is rounded: to the cent, to whole units, to halves, or to a .99 ending. */
export const ROUNDINGS = ['cent', 'whole', 'half', 'ninety-nine'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export const ROUNDING_LABEL: Record<Rounding, string> = { cent: 'to the cent', whole: 'to whole units', half: 'to .50', 'ninety-nine': 'to .99' };

/** The biggest percent a change may take a rate by, either way (−100 % would be free). */
const MAX_PERCENT = 500;

/**
 * Reads what a person typed in Fill or Bulk edit: "149" sets 149; "+10" or "-5" moves each rate
 * by that amount; "+10%" or "-15 %" by that percent.
 */
export function parseRateChange(text: string): { ok: true; change: RateChange } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const relative = /^([+\-−])\s*(\d+(?:[.,]\d+)?)\s*(%?)$/.exec(trimmed);
  if (relative) {
    const sign = relative[1] === '+' ? 1 : -1;
    const by = sign * Number(relative[2]!.replace(',', '.'));
    if (relative[3] === '%') {
      if (by <= -100 || by > MAX_PERCENT) return { ok: false, reason: `A change of ${by} % is out of range (more than −100 %, at most +${MAX_PERCENT} %)` };
      return { ok: true, change: { kind: 'percent', by } };
    }
    return { ok: true, change: { kind: 'amount', by } };
  }
  const set = parseRateInput(trimmed);
  return set.ok ? { ok: true, change: { kind: 'set', rate: set.rate } } : { ok: false, reason: `${set.reason}; or +10, -5, +10% to change the rates` };
}

const cents = (value: number) => Math.round(value * 100) / 100;

/** Rounds a rate as chosen; the result is in whole cents. */
export function roundRate(rate: number, rounding: Rounding): number {
  switch (rounding) {
    case 'cent':
      return cents(rate);
    case 'whole':
      return Math.round(rate);
    case 'half':
      return Math.round(rate * 2) / 2;
    case 'ninety-nine':
      return cents(Math.max(1, Math.round(rate)) - 0.01);
  }
}

/**
 * The rate a cell gets: the change applied to its current rate, rounded. A relative change of a
 * cell that has no rate (a night without a base rate) gives nothing to apply: undefined.
 */
export function applyRateChange(current: number | undefined, change: RateChange, rounding: Rounding): number | undefined {
  if (change.kind === 'set') return roundRate(change.rate, rounding);
  if (current === undefined) return undefined;
  const next = change.kind === 'amount' ? current + change.by : current * (1 + change.by / 100);
  return roundRate(next, rounding);
}
