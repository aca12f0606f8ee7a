const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The hotel's wall-clock time at an instant, `YYYY-MM-DDTHH:MM:SS`: the form MaidCentral writes
 * scheduled times in, so the two compare as strings. One formatter per zone, made once.
 */
export function wallClockAt(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(new Date(ms))) part[type] = value;
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}
