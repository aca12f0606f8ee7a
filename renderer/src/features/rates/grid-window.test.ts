import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleSpan } from './grid-window.js';

describe('grid windowing', () => {
  it('renders only the visible columns and a few past each edge', () => {
    // 365 columns of 74 px in a 1100 px viewport scrolled to column 100.
    expect(visibleSpan(7400, 1100, 74, 365, 6)).toEqual({ start: 94, end: 121 });
    expect(visibleSpan(0, 1100, 74, 365, 6)).toEqual({ start: 0, end: 21 });
    expect(visibleSpan(365 * 74, 1100, 74, 365, 6)).toEqual({ start: 359, end: 365 });
    expect(visibleSpan(0, 500, 74, 0)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls just enough to reveal an item past a sticky edge', () => {
    // Viewport 800, sticky 180: item 600..674 already visible.
    expect(scrollToReveal(0, 800, 180, 600, 74)).toBe(0);
    // Hidden under the sticky column: scroll back so it sits right after it.
    expect(scrollToReveal(1000, 800, 180, 1100, 74)).toBe(920);
    // Past the right edge: scroll so its end meets the viewport's end.
    expect(scrollToReveal(0, 800, 180, 900, 74)).toBe(174);
  });
});
