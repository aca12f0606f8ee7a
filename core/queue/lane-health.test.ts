import { describe, expect, it } from 'vitest';
import { LaneHealth } from './lane-health.js';

const fresh = () => new LaneHealth({ paused: false, needsSignIn: false }, () => 0.5);

describe('lane health', () => {
  it('goes offline on a network failure, probes after a growing wait, and is online again on any answer', () => {
    const health = fresh();
    health.apply({ kind: 'offline' }, 0);
    expect(health.state(false)).toBe('offline');
    expect(health.mayStart(0)).toBe(false);
    expect(health.mayProbe(1_999)).toBe(false);
    expect(health.mayProbe(2_000)).toBe(true);
    health.apply({ kind: 'offline' }, 2_000);
    expect(health.opensAt(2_000)).toBe(6_000);
    health.apply({ kind: 'reachable' }, 6_000);
    expect(health.state(false)).toBe('online');
    expect(health.mayStart(6_000)).toBe(true);
  });

  it('starts nothing during a cooldown, and opens when it ends', () => {
    const health = fresh();
    health.apply({ kind: 'cooldown', until: 5_000 }, 0);
    expect(health.mayStart(4_999)).toBe(false);
    expect(health.opensAt(0)).toBe(5_000);
    expect(health.mayStart(5_000)).toBe(true);
    expect(health.state(false)).toBe('online');
  });

  it('holds the lane for a person: sign-in until cleared, a pause until resumed, the global pause too', () => {
    const health = fresh();
    health.apply({ kind: 'needs_sign_in' }, 0);
    health.apply({ kind: 'online' }, 1);
    expect(health.state(false)).toBe('needs_sign_in');
    expect(health.heldByPerson(false)).toBe(true);
    health.clearSignIn();
    expect(health.heldByPerson(false)).toBe(false);
    health.setPaused(true);
    expect(health.state(false)).toBe('paused');
    health.setPaused(false);
    expect(health.heldByPerson(true)).toBe(true);
    expect(health.state(true)).toBe('paused');
  });

  it('starts as it was left: paused, or needing sign-in', () => {
    expect(new LaneHealth({ paused: true, needsSignIn: false }).state(false)).toBe('paused');
    expect(new LaneHealth({ paused: false, needsSignIn: true }).state(false)).toBe('needs_sign_in');
  });
});
