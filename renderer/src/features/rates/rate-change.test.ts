import { describe, expect, it } from 'vitest';
import { applyRateChange, parseRateChange, roundRate } from './rate-change.js';

describe('a rate change as typed in Fill or Bulk edit', () => {
  it('sets a rate, or moves it by an amount or a percent', () => {
    expect(parseRateChange('149')).toEqual({ ok: true, change: { kind: 'set', rate: 149 } });
    expect(parseRateChange('+10')).toEqual({ ok: true, change: { kind: 'amount', by: 10 } });
    expect(parseRateChange('-5.5')).toEqual({ ok: true, change: { kind: 'amount', by: -5.5 } });
    expect(parseRateChange('+10%')).toEqual({ ok: true, change: { kind: 'percent', by: 10 } });
    expect(parseRateChange(' - 15 % ')).toEqual({ ok: true, change: { kind: 'percent', by: -15 } });
  });

  it('refuses what it cannot read, and percents that would give nothing or run away', () => {
    expect(parseRateChange('ten')).toMatchObject({ ok: false, reason: expect.stringContaining('+10, -5, +10%') });
    expect(parseRateChange('-100%')).toMatchObject({ ok: false });
    expect(parseRateChange('+501%')).toMatchObject({ ok: false });
  });

  it('rounds to the cent, whole units, halves or a .99 ending', () => {
    expect(roundRate(123.456, 'cent')).toBe(123.46);
    expect(roundRate(123.5, 'whole')).toBe(124);
    expect(roundRate(123.3, 'half')).toBe(123.5);
    expect(roundRate(123.4, 'ninety-nine')).toBe(122.99);
    expect(roundRate(123.6, 'ninety-nine')).toBe(123.99);
  });

  it('applies +10 % to each cell’s own rate, and leaves a cell without a rate alone', () => {
    expect(applyRateChange(150, { kind: 'percent', by: 10 }, 'cent')).toBe(165);
    expect(applyRateChange(112.5, { kind: 'percent', by: 10 }, 'cent')).toBe(123.75);
    expect(applyRateChange(112.5, { kind: 'percent', by: 10 }, 'ninety-nine')).toBe(123.99);
    expect(applyRateChange(undefined, { kind: 'amount', by: 5 }, 'cent')).toBeUndefined();
    expect(applyRateChange(undefined, { kind: 'set', rate: 90 }, 'cent')).toBe(90);
  });
});
