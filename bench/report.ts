import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  name: string;
  /** Null for a row that only states something (a system's durability, why it was skipped). */
  value: number | null;
  unit: string;
  target?: string;
  /** Whether the target was met; absent when the row has no target. */
  met?: boolean;
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Prints the rows as a table and writes them, with the machine they ran on, to bench/results/<name>.json. */
export function report(bench: string, rows: BenchRow[]): void {
  const cells = rows.map((row) => [
    row.name,
    row.value === null ? '' : formatValue(row.value),
    row.unit,
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const header = ['measure', 'value', 'unit', 'target', 'met'];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i]!.length)));
  const line = (cell: string[]) => cell.map((text, i) => (i === 1 ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))).join(' | ');
  console.log(`\n${bench}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cell of cells) console.log(line(cell));
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${bench}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ bench, ranAt: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, rows }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${file}`);
}

/** One decimal; three significant digits below 10, so ratios such as 0.0123 or 1.04 keep their point. */
function formatValue(value: number): string {
  const small = value !== 0 && Math.abs(value) < 10;
  return value.toLocaleString('en-US', small ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 1 });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile (p in 0–100). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
