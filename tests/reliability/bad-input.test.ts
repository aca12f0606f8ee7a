import { afterAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../sandbox/control-client.js';
import type { CallName } from '../../shared/contract.js';
import { addDays } from '../../shared/iso-date.js';
import { databaseDigest } from './support/database.js';
import { expectedFor, generatedCases, problemWith, semanticCase, transportCases, type FuzzCase } from './support/fuzz-cases.js';
import { ok, roomTypesOf, syncStatus } from './support/host-api.js';
import { send, waitFor, type Answer } from './support/http.js';
import { cleanUp, startHost, startSimulator, tempFolder, type HostProcess } from './support/processes.js';
import { firstEditableDate, todayUtc } from './support/rate-plan.js';
import { report } from './support/report.js';
import { seededRandom, suiteSeed } from './support/seeded-random.js';

// SPEC §2.7, "Bad input gets a clear error and changes nothing": thousands of malformed calls,
// generated from the contract's schemas, to every call of the headless host. Each gets a 4xx
// with a code and a message (and the field, when an argument is at fault) within a second, the
// host stays up, and not one row of its database changes.

/** Generated bodies per call, before the well-formed ones are set aside. */
const PER_CALL = 250;
const MAX_MS = 1_000;
/** Requests in flight at once. */
const PARALLEL = 4;

afterAll(cleanUp);

/** Gives the host a history worth protecting: synced cells, a rate Cloudbeds refused (a failed job, a notification). */
async function seedHistory(host: HostProcess, control: ReturnType<typeof createControlClient>, first: string, roomTypeId: number) {
  await control.faults('cloudbeds', { rejectValues: ['123.45'] });
  const changes = Array.from({ length: 40 }, (_, d) => ({ roomTypeId, date: addDays(first, d), rate: d === 7 ? 123.45 : 100 + (d % 3) }));
  await ok(host, 'rates/submit', { changes });
  await waitFor(
    'the pushes to settle, one of them refused',
    async () => {
      const lane = (await syncStatus(host)).lanes.find((candidate) => candidate.lane === 'cloudbeds')!;
      return lane.depth.queued + lane.depth.sending === 0 && lane.depth.failed > 0 ? true : undefined;
    },
    30_000,
  );
  // The host's own background work (the first reconciliation with Stays, the door PINs it
  // schedules) would change rows while the garbage is sent: let it finish, then pause sync so
  // nothing but the calls under test can write.
  await waitFor(
    'the first reconciliation with Stays to finish',
    async () => ((await ok(host, 'reconciliation/status', {})).lastRun?.finishedAt ? true : undefined),
    30_000,
  );
  // The first look at the hotel's details fetches them from Cloudbeds: done here, so a
  // well-formed `hotel/details` among the garbage is the pure read it is afterwards.
  await waitFor('the hotel\'s details from Cloudbeds', async () => ((await ok(host, 'hotel/details', {})).name ? true : undefined), 30_000);
  // The same for the channel's room mappings: the first look imports them from Beds24 and Cloudbeds.
  await waitFor('the room mappings', async () => ((await ok(host, 'mappings/list', {})).roomTypes.length > 0 ? true : undefined), 30_000);
  await ok(host, 'sync/pause', {});
  await waitFor(
    'every lane to stop sending',
    async () => ((await syncStatus(host)).lanes.every((lane) => lane.depth.sending === 0) ? true : undefined),
    30_000,
  );
  const jobs = (await ok(host, 'jobs/list', { limit: 500 })).items;
  const notifications = (await ok(host, 'notifications/list', {})).items;
  expect(notifications.length).toBeGreaterThan(0);
  return {
    doneJobId: jobs.find((job) => job.status === 'done')!.id,
    failedJobId: jobs.find((job) => job.status === 'failed')!.id,
    jobIds: jobs.map((job) => job.id),
    notificationIds: notifications.map((notification) => notification.id),
  };
}

/** Sends every case, `PARALLEL` at a time, each on its own connection. */
async function sendAll(host: HostProcess, cases: FuzzCase[]): Promise<(Answer | Error)[]> {
  const answers: (Answer | Error)[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const fuzzCase = cases[i]!;
      answers[i] = await send(`${host.url}/api/${fuzzCase.call}`, {
        method: fuzzCase.method,
        headers: fuzzCase.headers,
        ...(fuzzCase.body ? { body: fuzzCase.body } : {}),
        ...(fuzzCase.chunked ? { chunked: true } : {}),
        timeoutMs: 5_000,
      }).catch((error: Error) => error);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return answers;
}

describe('malformed calls to every call of the host', () => {
  it('answer each with a 4xx, its code, message and field, within a second, and change nothing', async () => {
    const started = Date.now();
    const seed = suiteSeed(13_004);
    const random = seededRandom(seed);
    const simulator = await startSimulator();
    const control = createControlClient(simulator.url, simulator.controlToken);
    const dataDir = tempFolder('sentinel-bad-input-');
    // No channel poll may add a job between the two digests (the host's default is every 5 minutes).
    process.env.SENTINEL_CHANNEL_POLL_CRON = 'off';
    const host = await startHost(dataDir, simulator);
    const first = firstEditableDate();
    const roomTypes = await roomTypesOf(host, first, addDays(first, 30));
    const roomTypeId = roomTypes[0]!.id;
    const history = await seedHistory(host, control, first, roomTypeId);
    const before = databaseDigest(dataDir);

    const context = {
      date: addDays(first, 10),
      dateTime: `${todayUtc()}T00:00:00Z`,
      roomTypeId,
      jobIds: history.jobIds,
      notificationIds: history.notificationIds,
    };
    const generated = generatedCases(random, context, PER_CALL);
    // Arguments each call accepts (checked below), sent with a wrong token, method or media type.
    const wellFormed: Record<CallName, unknown> = {
      'jobs/list': {},
      'jobs/get': { id: history.failedJobId },
      'jobs/retry': { id: history.failedJobId },
      'jobs/retry-all': {},
      'jobs/discard': { id: history.failedJobId, reason: 'fuzz' },
      'sync/status': {},
      'sync/pause': {},
      'sync/resume': {},
      'rates/grid': { from: first, to: addDays(first, 10) },
      'rates/submit': { changes: [{ roomTypeId, date: first, rate: 250 }] },
      'rates/stop-sell': { cells: [{ roomTypeId, date: first }], closed: true },
      'rates/follow-base': { cells: [{ roomTypeId, date: first }] },
      'notifications/list': {},
      'notifications/mark-read': { all: true },
      'rates/drafts': {},
      'rates/save-drafts': { drafts: [] },
      'housekeeping/day': { date: first },
      'housekeeping/status': {},
      'housekeeping/refresh': {},
      'reconciliation/status': {},
      'reconciliation/run': {},
      'reservations/list': {},
      'reservations/reveal-pin': { id: 1 },
      'hotel/details': {},
      'settings/get': {},
      'settings/update': { notifications: { osNotifications: false } },
      'connections/test': { system: 'seam' },
      'connections/set-credentials': { system: 'seam', credentials: { apiKey: 'fuzz-seam-key' } },
      'connections/clear-credentials': { system: 'seam' },
      'settings/set-webhook-secret': { secret: 'fuzz-webhook-secret-0123456789' },
      'reservations/get': { id: 1 },
      'reservations/create': { guestName: 'Fuzz Walk-in', arrival: addDays(first, 5), departure: addDays(first, 6), roomTypeId },
      'reservations/update': { id: 1, adults: 2 },
      'reservations/cancel': { id: 1 },
      'blocks/list': {},
      'blocks/create': { roomId: `${roomTypeId}-1`, kind: 'maintenance', firstNight: addDays(first, 5), lastNight: addDays(first, 7) },
      'blocks/delete': { id: 1 },
      'mappings/list': {},
      'mappings/set': { properties: [{ id: 1, availabilitySync: true }] },
      'channel/events': {},
      'channel/retry': { id: 1 },
      'channel/retry-all': {},
    };
    for (const [call, args] of Object.entries(wellFormed)) expect(expectedFor(call as CallName, Buffer.from(JSON.stringify(args))), call).toBe('well-formed');
    const lastDay = addDays(todayUtc(), 3 * 366);
    const validCell = { roomTypeId, date: addDays(first, 20), rate: 180 };
    const semantic = [
      semanticCase('jobs/get', { id: Number.MAX_SAFE_INTEGER }, { status: 404, code: 'not_found', field: 'id' }, 'unknown id'),
      semanticCase('jobs/retry', { id: history.doneJobId }, { status: 409, code: 'conflict', field: 'id' }, 'a done job'),
      semanticCase('jobs/retry', { id: 987_654_321 }, { status: 404, code: 'not_found', field: 'id' }, 'unknown id'),
      semanticCase('jobs/discard', { id: history.doneJobId, reason: 'fuzz' }, { status: 409, code: 'conflict', field: 'id' }, 'a done job'),
      semanticCase('jobs/discard', { id: 987_654_321, reason: 'fuzz' }, { status: 404, code: 'not_found', field: 'id' }, 'unknown id'),
      semanticCase('sync/pause', { lane: 'nope' }, { status: 404, code: 'not_found', field: 'lane' }, 'unknown lane'),
      semanticCase('sync/resume', { lane: 'zz' }, { status: 404, code: 'not_found', field: 'lane' }, 'unknown lane'),
      semanticCase('notifications/mark-read', { ids: [...history.notificationIds, 987_654_321] }, { status: 404, code: 'not_found', field: `ids.${history.notificationIds.length}` }, 'one unknown id'),
      semanticCase('rates/grid', { from: '0000-01-01', to: '0000-01-02' }, { status: 400, code: 'invalid_argument', field: 'from' }, 'year 0'),
      semanticCase('rates/grid', { from: '9999-12-30', to: '9999-12-31' }, { status: 400, code: 'invalid_argument', field: 'from' }, 'year 9999'),
      semanticCase('rates/grid', { from: lastDay, to: lastDay }, { status: 400, code: 'invalid_argument', field: 'from' }, 'past three years ahead'),
      ...[
        ['0000-01-01', 'year 0'],
        ['1999-12-31', 'before 2000'],
        ['2020-01-01', 'in the past'],
        ['9999-12-31', 'year 9999'],
        [lastDay, 'past three years ahead'],
      ].map(([date, what]) =>
        semanticCase('rates/submit', { changes: [validCell, { ...validCell, date }] }, { status: 400, code: 'invalid_argument', field: 'changes.1.date' }, `a cell ${what}`),
      ),
      semanticCase('housekeeping/day', { date: '9999-12-31' }, { status: 400, code: 'invalid_argument', field: 'date' }, 'year 9999'),
      semanticCase('reservations/list', { from: '0000-01-01' }, { status: 400, code: 'invalid_argument', field: 'from' }, 'year 0'),
      semanticCase('reservations/reveal-pin', { id: 987_654_321 }, { status: 404, code: 'not_found', field: 'id' }, 'unknown id'),
      semanticCase('rates/submit', { changes: [validCell, { ...validCell, roomTypeId: 999_999 }] }, { status: 400, code: 'invalid_argument', field: 'changes.1.roomTypeId' }, 'an unknown room type'),
    ];
    const cases = [...generated.cases, ...transportCases(wellFormed), ...semantic];

    const answers = await sendAll(host, cases);
    const problems = cases
      .map((fuzzCase, i) => ({ fuzzCase, problem: problemWith(fuzzCase, answers[i]!, MAX_MS) }))
      .filter((entry) => entry.problem !== null)
      .map(({ fuzzCase, problem }) => `${fuzzCase.name} [body ${fuzzCase.body?.subarray(0, 160).toString('utf8') ?? '(none)'}] → ${problem}`);
    expect(problems.slice(0, 15), `${problems.length} of ${cases.length} answers were wrong (seed ${seed})`).toEqual([]);

    expect(host.alive()).toBe(true);
    await syncStatus(host);
    expect(databaseDigest(dataDir)).toEqual(before);

    const times = answers.filter((answer): answer is Answer => !(answer instanceof Error)).map((answer) => answer.ms).sort((a, b) => a - b);
    const statuses = new Map<number, number>();
    for (const answer of answers) if (!(answer instanceof Error)) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    report('bad input', {
      seed,
      calls: cases.length,
      generated: generated.cases.length,
      wellFormedReads: generated.cases.filter((fuzzCase) => fuzzCase.expected.status === 'read').length,
      wellFormedWritesSetAside: generated.wellFormed - generated.cases.filter((fuzzCase) => fuzzCase.expected.status === 'read').length,
      ...Object.fromEntries([...statuses].sort(([a], [b]) => a - b).map(([status, count]) => [`http${status}`, count])),
      p99ms: times[Math.floor(times.length * 0.99)]!,
      maxMs: times[times.length - 1]!,
      dbRows: Object.values(before.rows).reduce((sum, count) => sum + count, 0),
      dbUnchanged: true,
      seconds: (Date.now() - started) / 1000,
    });
  });
});
