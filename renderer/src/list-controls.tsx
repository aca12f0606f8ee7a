/** Small pieces every list screen uses alike. */

/** The options of a select, one per entry of a map from value to its label. */
export function LabelOptions({ labels }: { labels: Readonly<Record<string, string>> }) {
  return (
    <>
      {Object.entries(labels).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}

/** "Show more" under a list while its last page said there is a next one. */
export function ShowMore({ cursor, onMore }: { cursor: string | null; onMore(): void }) {
  if (!cursor) return null;
  return (
    <button type="button" className="more" onClick={onMore}>
      Show more
    </button>
  );
}
