import { rateValue } from '../../../../shared/rates-contract.js';

export type RateInput = { ok: true; rate: number } | { ok: false; reason: string };

/**
 * Reads a rate as a person typed or pasted it. Mirrors the contract's `rateValue`, so an entry
 * the host would refuse is refused here first and never becomes pending. Thousands separators
 * and a leading currency sign are tolerated because spreadsheets copy them.
 */
export function parseRateInput(text: string): RateInput {
  const cleaned = text.trim().replace(/^[$€£]/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  if (cleaned === '') return { ok: false, reason: 'Enter a rate' };
  if (!/^-?\d*\.?\d+$|^-?\d+\.$/.test(cleaned)) return { ok: false, reason: `"${text.trim()}" is not a number` };
  const rate = Number(cleaned);
  const checked = rateValue.safeParse(rate);
  if (!checked.success) return { ok: false, reason: `Rate ${checked.error.issues[0]?.message ?? 'is not valid'}` };
  return { ok: true, rate };
}

/** How a rate reads in a cell: whole numbers bare, otherwise two decimals. */
export function formatRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(2);
}
