import { describe, expect, it } from 'vitest';
import { timeAgo } from './time-ago.js';

describe('timeAgo', () => {
  const now = Date.parse('2027-03-01T12:00:00Z');
  it('says just now, minutes, hours and days', () => {
    expect(timeAgo('2027-03-01T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2027-03-01T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2027-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2027-02-27T12:00:00Z', now)).toBe('2 d ago');
  });
  it('never says a time in the future', () => {
    expect(timeAgo('2027-03-01T12:00:05Z', now)).toBe('just now');
  });
});
