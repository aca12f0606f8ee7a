/**
 * The headless host at rest (SPEC §8): the built host on a fresh data folder with nothing due,
 * left to settle, then watched from outside through /proc for two minutes back to back: the CPU
 * time it used (utime + stime, in clock ticks) as a share of one core, how often its threads were
 * woken (context switches, the trace of any timer still firing), and its resident memory.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { ensureBuilt, spawnHost } from './headless-process.js';
import { report, type BenchRow } from './report.js';

const SETTLE_MS = 5_000;
const WINDOW_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of the whole process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A `Name:  value kB` line of a /proc status file, as a number. */
function statusField(path: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(readFileSync(path, 'utf8'));
  if (!match) throw new Error(`no ${name} in ${path}`);
  return Number(match[1]);
}

/** Context switches of the main thread (where the JavaScript timers run) and of all threads. */
function contextSwitches(pid: number): { main: number; all: number } {
  const of = (path: string) => statusField(path, 'voluntary_ctxt_switches') + statusField(path, 'nonvoluntary_ctxt_switches');
  const all = readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + of(`/proc/${pid}/task/${tid}/status`), 0);
  return { main: of(`/proc/${pid}/task/${pid}/status`), all };
}

function clockTicksPerSecond(): number {
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  if (!(ticks > 0)) throw new Error('getconf CLK_TCK gave no number');
  return ticks;
}

interface Window {
  ticks: number;
  seconds: number;
  mainSwitches: number;
  allSwitches: number;
}

/** What the process used over the next `ms`. */
async function watch(pid: number, ms: number): Promise<Window> {
  const ticks = cpuTicks(pid);
  const switches = contextSwitches(pid);
  const started = performance.now();
  await sleep(ms);
  const after = contextSwitches(pid);
  return {
    ticks: cpuTicks(pid) - ticks,
    seconds: (performance.now() - started) / 1000,
    mainSwitches: after.main - switches.main,
    allSwitches: after.all - switches.all,
  };
}

function windowRows(label: string, window: Window, hz: number): BenchRow[] {
  const cpuPercent = (100 * window.ticks) / hz / window.seconds;
  return [
    // One tick in a minute reads as 0.0 % at one decimal.
    { name: `${label}: CPU of one core`, value: cpuPercent, unit: '%', target: '0.0', met: cpuPercent < 0.05 },
    { name: `${label}: CPU time (utime + stime, CLK_TCK = ${hz})`, value: window.ticks, unit: 'ticks' },
    { name: `${label}: main-thread context switches (event-loop wake-ups)`, value: window.mainSwitches, unit: '' },
    { name: `${label}: context switches of all threads`, value: window.allSwitches, unit: '' },
  ];
}

export async function runIdleBench(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('the idle bench reads /proc: Linux only');
  ensureBuilt();
  const hz = clockTicksPerSecond();
  const dir = makeTempDir('sentinel-bench-');
  const host = await spawnHost(dir.path);
  try {
    await sleep(SETTLE_MS);
    const logBefore = host.stderr().length;
    // Two minutes back to back: V8's memory reducer runs a few full GCs once, some seconds after
    // the heap goes quiet, and may land in either; the second shows the steady state.
    const first = await watch(host.pid, WINDOW_MS);
    const second = await watch(host.pid, WINDOW_MS);
    const status = `/proc/${host.pid}/status`;
    const logLines = host.stderr().slice(logBefore).split('\n').filter(Boolean);
    const rows: BenchRow[] = [
      ...windowRows(`first ${WINDOW_MS / 1000} s, from ${SETTLE_MS / 1000} s after "listening" (nothing due)`, first, hz),
      ...windowRows(`the next ${WINDOW_MS / 1000} s`, second, hz),
      { name: 'resident memory at the end (VmRSS)', value: statusField(status, 'VmRSS') / 1024, unit: 'MiB' },
      { name: 'resident memory, peak since start (VmHWM)', value: statusField(status, 'VmHWM') / 1024, unit: 'MiB' },
      { name: 'threads', value: readdirSync(`/proc/${host.pid}/task`).length, unit: '' },
      { name: 'log entries written in both windows (--log-level info)', value: logLines.length, unit: '' },
    ];
    report('idle', rows);
    for (const line of logLines) console.log(`  log: ${line}`);
  } finally {
    await host.stop();
    dir.remove();
  }
}
