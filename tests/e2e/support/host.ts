import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControlClient, type ControlClient } from '../../../sandbox/control-client.js';

export interface RunningHost {
  url: string;
  token: string;
  dataDir: string;
  /**
   * Where the host's built-in sandbox (demo mode) listens and the token its control API wants,
   * for `sandbox/control-client.ts`; waits for the line the host prints after it starts listening.
   */
  sandbox(): Promise<{ url: string; controlToken: string }>;
  /** Calls the contract over HTTP, as a second client would. */
  call(name: string, args?: unknown): Promise<{ ok: boolean; data?: any; error?: any }>;
  stop(): Promise<void>;
}

export interface StartHostOptions {
  /** Runs on the fresh data folder before the host starts (a benchmark seeds its database here). */
  prepare?(dataDir: string): void | Promise<void>;
  /** More of the host's command line (`--time-zone Pacific/Auckland`). */
  args?: string[];
  /** Keep the first-run welcome (the other specs start past it, as someone who has seen it once). */
  firstRun?: boolean;
  /** More environment (`SENTINEL_SECRET_KEY`). */
  env?: Record<string, string>;
}

/** Starts the built headless host (`dist/headless/serve.js`) on a free loopback port with a fresh data folder. */
export async function startHost(options: StartHostOptions = {}): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-e2e-'));
  await options.prepare?.(dataDir);
  const token = 'e2e-token-0123456789abcdef0123456789';
  const child: ChildProcess = spawn(process.execPath, ['dist/headless/serve.js', '--port', '0', '--data-dir', dataDir, '--token', token, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let sandbox: { url: string; controlToken: string } | null = null;
  let announced: (sandbox: { url: string; controlToken: string }) => void = () => {};
  const sandboxAnnounced = new Promise<{ url: string; controlToken: string }>((resolve) => (announced = resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Demo mode prints where the sandbox is before (or with) the listening line.
      const line = /demo mode: the remote APIs are simulated at (http:\/\/127\.0\.0\.1:\d+) .*x-sandbox-control: ([\w-]+)\)/.exec(stdout);
      sandbox ??= line ? { url: line[1]!, controlToken: line[2]! } : null;
      if (sandbox) announced(sandbox);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`headless host exited with ${code}: ${stderr}`)));
  });
  const running: RunningHost = {
    url,
    token,
    dataDir,
    sandbox: () =>
      Promise.race([
        sandboxAnnounced,
        new Promise<{ url: string; controlToken: string }>((_, reject) => setTimeout(() => reject(new Error('the host announced no sandbox (not in demo mode?)')), 5_000)),
      ]),
    async call(name, args = {}) {
      const response = await fetch(`${url}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      return (await response.json()) as { ok: boolean; data?: any; error?: any };
    },
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (!options.firstRun) {
    const seen = await running.call('settings/update', { welcomed: true });
    if (!seen.ok) throw new Error(`could not pass the welcome: ${JSON.stringify(seen.error)}`);
  }
  return running;
}

/** A host and a client of its built-in sandbox's control API (to set faults, read what arrived). */
export async function startHostWithSandbox(options: StartHostOptions = {}): Promise<{ host: RunningHost; sandbox: ControlClient }> {
  const host = await startHost(options);
  const simulated = await host.sandbox();
  return { host, sandbox: createControlClient(simulated.url, simulated.controlToken) };
}
