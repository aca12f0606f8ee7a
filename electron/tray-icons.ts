/**
 * The tray icon of each sync state, drawn in code (no image files to ship or keep in step with
 * the build): a shape and a colour per state, so it reads without colour too, at 1x and 2x.
 */
import { nativeImage, type NativeImage } from 'electron';

export const TRAY_INDICATORS = ['idle', 'syncing', 'offline', 'error', 'paused'] as const;
export type TrayIndicator = (typeof TRAY_INDICATORS)[number];

type Rgb = [number, number, number];
const LOOK: Record<TrayIndicator, { colour: Rgb; shape: 'disc' | 'ring' | 'bars' | 'bang' }> = {
  idle: { colour: [46, 160, 67], shape: 'disc' },
  syncing: { colour: [37, 99, 235], shape: 'ring' },
  offline: { colour: [120, 120, 120], shape: 'ring' },
  error: { colour: [220, 38, 38], shape: 'bang' },
  paused: { colour: [217, 119, 6], shape: 'bars' },
};

/** Coverage (0–1) of a pixel by the shape; `u`, `v` in -1…1 from the icon's centre. */
function coverage(shape: (typeof LOOK)[TrayIndicator]['shape'], u: number, v: number, pixel: number): number {
  const r = Math.hypot(u, v);
  const edge = (distanceInside: number) => Math.max(0, Math.min(1, distanceInside / pixel + 0.5));
  const disc = edge(0.9 - r);
  if (shape === 'ring') return Math.min(disc, edge(r - 0.5));
  // A disc with a light mark cut into it: two bars (paused) or an exclamation mark (error).
  const inBars = shape === 'bars' && Math.abs(v) < 0.45 && Math.abs(Math.abs(u) - 0.22) < 0.1;
  const inBang = shape === 'bang' && Math.abs(u) < 0.11 && (v > -0.55 && v < 0.2 ? true : Math.hypot(u, v - 0.42) < 0.12);
  return inBars || inBang ? 0 : disc;
}

/** The icon as BGRA pixels (Electron's bitmap order), premultiplied alpha. */
export function drawTrayIcon(indicator: TrayIndicator, size: number): Buffer {
  const { colour, shape } = LOOK[indicator];
  const buffer = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const u = ((x + 0.5) / size) * 2 - 1;
      const v = ((y + 0.5) / size) * 2 - 1;
      const alpha = coverage(shape, u, v, 2 / size);
      const offset = (y * size + x) * 4;
      buffer[offset] = Math.round(colour[2] * alpha);
      buffer[offset + 1] = Math.round(colour[1] * alpha);
      buffer[offset + 2] = Math.round(colour[0] * alpha);
      buffer[offset + 3] = Math.round(255 * alpha);
    }
  }
  return buffer;
}

const cache = new Map<TrayIndicator, NativeImage>();

/** 16 px with a 32 px representation for high-density displays. */
export function trayIcon(indicator: TrayIndicator): NativeImage {
  let image = cache.get(indicator);
  if (!image) {
    image = nativeImage.createFromBitmap(drawTrayIcon(indicator, 16), { width: 16, height: 16, scaleFactor: 1 });
    image.addRepresentation({ scaleFactor: 2, width: 32, height: 32, buffer: drawTrayIcon(indicator, 32) });
    cache.set(indicator, image);
  }
  return image;
}
