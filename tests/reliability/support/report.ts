/**
 * Prints a scenario's figures as one line (`[reliability] crash: cells=1100 kills=3 …`), so the
 * test output carries them for whoever quotes the run.
 */
export function report(scenario: string, figures: Record<string, number | string | boolean>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : value}`)
    .join(' ');
  console.log(`[reliability] ${scenario}: ${text}`);
}
