import { describe, expect, it } from 'vitest';
import { MAX_RATE } from '../../../../shared/rates-contract.js';
import { formatRate, parseRateInput } from './rate-input.js';

describe('parseRateInput', () => {
  it('accepts whole numbers, two decimals, currency signs and thousands separators', () => {
    expect(parseRateInput('120')).toEqual({ ok: true, rate: 120 });
    expect(parseRateInput(' 99.95 ')).toEqual({ ok: true, rate: 99.95 });
    expect(parseRateInput('$1,250.5')).toEqual({ ok: true, rate: 1250.5 });
  });

  it('refuses what the contract refuses, saying why', () => {
    expect(parseRateInput('')).toEqual({ ok: false, reason: 'Enter a rate' });
    expect(parseRateInput('abc')).toEqual({ ok: false, reason: '"abc" is not a number' });
    expect(parseRateInput('0')).toEqual({ ok: false, reason: 'Rate must be at least 0.01' });
    expect(parseRateInput('-5')).toEqual({ ok: false, reason: 'Rate must be at least 0.01' });
    expect(parseRateInput('10.123')).toEqual({ ok: false, reason: 'Rate must have at most 2 decimals' });
    expect(parseRateInput(String(MAX_RATE + 1))).toEqual({ ok: false, reason: `Rate must be at most ${MAX_RATE}` });
  });

  it('formats whole rates bare and others with two decimals', () => {
    expect(formatRate(120)).toBe('120');
    expect(formatRate(99.5)).toBe('99.50');
  });
});
