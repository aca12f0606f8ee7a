import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  token: string;
  dataDir: string;
  /** Calls the contract over HTTP, as a second client would. */
  call(name: string, args?: unknown): Promise<{ ok: boolean; data?: any; error?: any }>;
  stop(): Promise<void>;
}

/** Starts the built headless host (`dist/headless/serve.js`) on a free loopback port with a fresh data folder. */
export async function startHost(): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-e2e-'));
  const token = 'e2e-token';
  const child: ChildProcess = spawn(process.execPath, ['dist/headless/serve.js', '--port', '0', '--data-dir', dataDir, '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`headless host exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    token,
    dataDir,
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
}
