import type { LaneState } from '../../shared/contract.js';
import type { LaneEffect } from './outcome-policy.js';
import { probeDelayMs } from './outcome-policy.js';

/**
 * What a lane knows about its remote system and what a person decided about it: offline (and
 * when to probe next), told to wait (cooldown), paused, or needing sign-in. Outcomes change it
 * only through `apply`, with the effect the outcome policy decided.
 */
export class LaneHealth {
  private offline = false;
  private failedProbes = 0;
  private nextProbeAt = 0;
  private cooldownUntil = 0;
  private paused: boolean;
  private needsSignIn: boolean;

  constructor(
    persisted: { paused: boolean; needsSignIn: boolean },
    private readonly random: () => number = Math.random,
  ) {
    this.paused = persisted.paused;
    this.needsSignIn = persisted.needsSignIn;
  }

  state(globallyPaused: boolean): LaneState {
    if (this.needsSignIn) return 'needs_sign_in';
    if (this.paused || globallyPaused) return 'paused';
    return this.offline ? 'offline' : 'online';
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** Applies what an outcome said about the remote system. */
  apply(effect: LaneEffect, now: number): void {
    switch (effect.kind) {
      case 'unchanged':
        return;
      case 'online':
      case 'reachable':
        this.offline = false;
        this.failedProbes = 0;
        return;
      case 'offline':
        this.offline = true;
        this.failedProbes += 1;
        this.nextProbeAt = now + probeDelayMs(this.failedProbes, this.random);
        return;
      case 'needs_sign_in':
        this.needsSignIn = true;
        return;
      case 'cooldown':
        this.coolDownUntil(effect.until);
        return;
    }
  }

  /** Nothing is sent before `until` (a 429, or a remote budget nearly spent). */
  coolDownUntil(until: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, until);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  clearSignIn(): void {
    this.needsSignIn = false;
  }

  /** A person's decision (pause, sign in) holds the lane, whatever the remote system does. */
  heldByPerson(globallyPaused: boolean): boolean {
    return this.paused || this.needsSignIn || globallyPaused;
  }

  /** Whether jobs may start now, as far as the remote system goes (an offline lane only probes). */
  mayStart(now: number): boolean {
    return now >= this.cooldownUntil && !this.offline;
  }

  /** Whether an offline lane may send its one probe now. */
  mayProbe(now: number): boolean {
    return this.offline && now >= Math.max(this.nextProbeAt, this.cooldownUntil);
  }

  /** The earliest time the remote system allows a start (or a probe, offline). */
  opensAt(now: number): number {
    const at = Math.max(now, this.cooldownUntil);
    return this.offline ? Math.max(at, this.nextProbeAt) : at;
  }
}
