import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The reliability suite drives real processes: the built headless host and the standalone
// simulator, each its own child, so a SIGKILL of the host leaves the simulator (and what it
// counted) standing. Every child and every temp folder made here is registered, and
// `cleanUp()` (each file's afterAll/afterEach) ends and removes them, failed test or not.

const children = new Set<ChildProcess>();
const folders = new Set<string>();

/** How long a child may take to print the line it prints once it is ready. */
const READY_TIMEOUT_MS = 15_000;
/** Of each child's output, the tail kept for the message when something goes wrong. */
const KEPT_OUTPUT = 8_000;

/** Kills every child still running (SIGKILL: no test waits on a graceful end here) and removes every temp folder. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((child) => killHard(child)));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
}

// Last resort if the test process itself ends abruptly: no child outlives it.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A fresh folder under the OS temp dir, removed by `cleanUp()`. */
export function tempFolder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.add(path);
  return path;
}

/** Registers a folder made elsewhere (inside a mount) for removal by `cleanUp()`. */
export function removeLater(path: string): void {
  folders.add(path);
}

interface Started {
  child: ChildProcess;
  /** The first match of the ready line in stdout. */
  match: RegExpExecArray;
  /** The tail of stdout and stderr so far, and as it grows. */
  output(): string;
}

/**
 * Spawns `node <args>` and resolves once stdout matches `readyLine`; rejects if the child exits
 * first or stays silent for too long. stdout and stderr are always read (a child whose pipe
 * fills would block), and only their tail is kept.
 */
function startNode(args: string[], readyLine: RegExp, what: string): Promise<Started> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let tail = '';
  let stdout = '';
  let ready = false;
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-KEPT_OUTPUT);
  };
  child.stderr!.on('data', keep);
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} printed no ready line within ${READY_TIMEOUT_MS} ms:\n${tail}`));
    }, READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${tail}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (ready) return;
      stdout += chunk.toString();
      const match = readyLine.exec(stdout);
      if (!match) return;
      ready = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, match, output: () => tail });
    });
  });
}

/** SIGKILL, resolved once the child is gone. */
function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return gone;
}

export interface Simulator {
  url: string;
  controlToken: string;
  stop(): Promise<void>;
}

/**
 * The standalone simulator (`npm run sandbox`, i.e. `sandbox/cli.ts`) on a free loopback port,
 * run from the build the suite makes anyway: `npx tsx` would put npm and a loader process between
 * this one and the simulator, and killing the first would orphan the last.
 */
export async function startSimulator(): Promise<Simulator> {
  const controlToken = `reliability-control-${process.pid}-${Date.now()}`;
  const { child, match } = await startNode(
    ['dist/sandbox/cli.js', '--port', '0', '--control-token', controlToken],
    /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/,
    'the simulator',
  );
  return { url: match[1]!, controlToken, stop: () => killHard(child) };
}

export const HOST_TOKEN = 'reliability-suite-token-0123456789abcdef';

export interface HostProcess {
  url: string;
  pid: number;
  /** SIGKILL: no shutdown code runs, as in a crash or a power cut of the app alone. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for the graceful end (the database closed, its WAL folded in). */
  stop(): Promise<void>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** The tail of what it printed, for failure messages. */
  output(): string;
}

/** The built headless host (`dist/headless/serve.js`) on `dataDir`, its connectors at the simulator. */
export async function startHost(dataDir: string, simulator: Simulator): Promise<HostProcess> {
  const { child, match, output } = await startNode(
    [
      'dist/headless/serve.js',
      '--port', '0',
      '--data-dir', dataDir,
      '--token', HOST_TOKEN,
      '--simulator', simulator.url,
      '--no-os-notifications',
      '--log-level', 'warn',
    ],
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    'the headless host',
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: match[1]!,
    pid: child.pid!,
    kill: () => killHard(child),
    async stop() {
      if (!alive()) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
    alive,
    output,
  };
}
