import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { storedCells } from './support/database.js';
import { call, ok, roomTypesOf, type RoomType } from './support/host-api.js';
import { cleanUp, startHost, startSimulator, tempFolder, type HostProcess } from './support/processes.js';
import { cellKey, firstEditableDate, type PlannedCell } from './support/rate-plan.js';
import { report } from './support/report.js';
import { seededRandom, suiteSeed } from './support/seeded-random.js';

// SPEC §2.1, "Acknowledged means durable", and the submit's one transaction: a submit the host
// answered is stored whole; one it never answered (killed mid-way) is stored whole or not at all.

const ROUNDS = 10;
/** Each submit owns a block of dates across every room type; a round's submits never overlap. */
const SLOTS = 20;
const SLOT_DAYS = 50;
/** Submits in flight at once, as two windows submitting together. */
const STREAMS = 2;

afterAll(cleanUp);

interface Submit {
  cells: PlannedCell[];
  /** `answered`: 200 with the cells; `refused`: any other answer; `lost`: none came. */
  outcome: 'pending' | 'answered' | 'refused' | 'lost';
  answer?: string;
}

/** Round `round`'s submit of slot `slot`: its dates, every room type, a rate no other submit uses. */
function submitOf(roomTypes: RoomType[], first: string, round: number, slot: number): PlannedCell[] {
  const base = 1_000 + round * 100 + slot;
  return roomTypes.flatMap((roomType) =>
    Array.from({ length: SLOT_DAYS }, (_, d) => ({ roomTypeId: roomType.id, date: addDays(first, slot * SLOT_DAYS + d), rate: base + (d % 2) * 0.5 })),
  );
}

/**
 * Fires the round's submits from a few streams and kills the host once `killAfter` have gone
 * out, `delayMs` later: a moment when submits are on the wire, being validated or committing.
 */
async function fireAndKill(host: HostProcess, submits: Submit[], killAfter: number, delayMs: number): Promise<void> {
  let fired = 0;
  let killed = false;
  let killing: Promise<void> | undefined;
  const stream = async () => {
    while (!killed && fired < submits.length) {
      const submit = submits[fired]!;
      fired += 1;
      if (fired === killAfter) {
        killing = new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() => {
          killed = true;
          return host.kill();
        });
      }
      try {
        const answer = await call(host, 'rates/submit', { changes: submit.cells });
        submit.outcome = answer.body.ok ? 'answered' : 'refused';
        if (!answer.body.ok) submit.answer = `${answer.status} ${JSON.stringify(answer.body.error)}`;
      } catch {
        submit.outcome = 'lost';
      }
    }
  };
  await Promise.all(Array.from({ length: STREAMS }, stream));
  // Every submit went out before the kill came: kill now, the round still ends in a crash.
  killed = true;
  await (killing ?? host.kill());
}

describe('kill -9 of the host during submits', () => {
  it('keeps every answered submit whole and every unanswered one whole or absent, over ten kills', async () => {
    const started = Date.now();
    const random = seededRandom(suiteSeed(13_002));
    const simulator = await startSimulator();
    const dataDir = tempFolder('sentinel-submit-kill-');
    let host = await startHost(dataDir, simulator);
    const first = firstEditableDate();
    const roomTypes = await roomTypesOf(host, first, addDays(first, 30));
    // Sync waits (a person's "Pause sync", kept across restarts): only the submits' own writes run.
    await ok(host, 'sync/pause', {});

    const tally = { submits: 0, answered: 0, lostButStored: 0, lostAndAbsent: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const submits: Submit[] = Array.from({ length: SLOTS }, (_, slot) => ({ cells: submitOf(roomTypes, first, round, slot), outcome: 'pending' }));
      await fireAndKill(host, submits, random.int(2, SLOTS - 4), random.int(0, 12));
      host = await startHost(dataDir, simulator);

      const stored = storedCells(dataDir);
      for (const submit of submits.filter((candidate) => candidate.outcome !== 'pending')) {
        const kept = submit.cells.filter((cell) => stored.get(cellKey(cell))?.rate === cell.rate).length;
        const where = `round ${round}, submit at ${submit.cells[0]!.date} (${submit.outcome})`;
        expect(submit.answer, `${where} was refused`).toBeUndefined();
        if (submit.outcome === 'answered') expect(kept, `${where}: answered, so stored whole`).toBe(submit.cells.length);
        else expect([0, submit.cells.length], `${where}: unanswered, so whole or absent`).toContain(kept);
        tally.submits += 1;
        if (submit.outcome === 'answered') tally.answered += 1;
        else if (kept > 0) tally.lostButStored += 1;
        else tally.lostAndAbsent += 1;
      }
    }
    // The kills did land while submits were in flight.
    expect(tally.lostButStored + tally.lostAndAbsent).toBeGreaterThan(0);
    expect(host.alive()).toBe(true);
    report('kill during submit', {
      kills: ROUNDS,
      cellsPerSubmit: roomTypes.length * SLOT_DAYS,
      submits: tally.submits,
      answered: tally.answered,
      unansweredStoredWhole: tally.lostButStored,
      unansweredAbsent: tally.lostAndAbsent,
      partial: 0,
      seconds: (Date.now() - started) / 1000,
    });
  });
});
