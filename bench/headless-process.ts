/**
 * The built headless host as a child process, for the benches that watch or time it from
 * outside: its pid (for /proc), how long it took from spawn to its "listening" line, and a stop
 * that waits for it to exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export const HOST_ENTRY = 'dist/headless/serve.js';

/** Builds dist/ when it is missing (`npm run build`); a stale build is not noticed. */
export function ensureBuilt(): void {
  if (existsSync(HOST_ENTRY) && existsSync('dist/renderer/index.html')) return;
  console.log('dist/ is missing: running "npm run build" first');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('"npm run build" failed; this bench needs the built host and renderer');
}

export interface HostProcess {
  pid: number;
  /** From just before spawn to the stdout chunk holding "listening on". */
  listeningAfterMs: number;
  /** Everything it wrote to stderr (its log echo) since it started. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it has not exited 10 s later. */
  stop(): Promise<void>;
}

/** `node dist/headless/serve.js --port 0 --data-dir D --token T --no-os-notifications`, resolved once it listens. */
export async function spawnHost(dataDir: string, extraArgs: string[] = []): Promise<HostProcess> {
  // A random token of 43 characters, as the host would generate.
  const token = randomBytes(32).toString('base64url');
  const args = [HOST_ENTRY, '--port', '0', '--data-dir', dataDir, '--token', token, '--no-os-notifications', ...extraArgs];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listeningAfterMs = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening on ')) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`the headless host exited with ${code} before listening: ${stderr.slice(-1_000)}`)));
  });
  return {
    pid: child.pid!,
    listeningAfterMs,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
