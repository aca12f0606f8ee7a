// The app's icon, drawn once from one description: a blue shield with a white check on the
// header's navy, as an SVG (the page's favicon, renderer/public/favicon.svg) and as a 512 px
// PNG (the window's icon and the installers', renderer/public/app-icon.png). No image library is
// installed, so the PNG is rasterised here and written with zlib. Both files are committed;
// `npm run icon` writes them again after a change here, and app-icon.test.ts checks they agree.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Point = [number, number];
type Rgb = [number, number, number];
/** A path: a start, then lines (one point) and cubic Béziers (two controls and the end). */
type Segment = { line: Point } | { curve: [Point, Point, Point] };

/** The drawing's own units: a 512 × 512 square. */
const UNITS = 512;
const NAVY: Rgb = [0x1d, 0x24, 0x33];
const BLUE: Rgb = [0x2f, 0x6f, 0xde];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const TILE = { radius: 112, colour: NAVY };
const SHIELD: { start: Point; segments: Segment[]; colour: Rgb } = {
  start: [256, 84],
  segments: [
    { curve: [[300, 112], [348, 122], [392, 124]] },
    { line: [392, 256] },
    { curve: [[392, 340], [332, 396], [256, 432]] },
    { curve: [[180, 396], [120, 340], [120, 256]] },
    { line: [120, 124] },
    { curve: [[164, 122], [212, 112], [256, 84]] },
  ],
  colour: BLUE,
};
const CHECK: { points: Point[]; width: number; colour: Rgb } = { points: [[190, 262], [240, 312], [330, 212]], width: 40, colour: WHITE };

const hex = (colour: Rgb) => `#${colour.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const xy = ([x, y]: Point) => `${x} ${y}`;

export function iconSvg(): string {
  const shield = SHIELD.segments.map((segment) => ('line' in segment ? `L${xy(segment.line)}` : `C${segment.curve.map(xy).join(' ')}`)).join('');
  const check = CHECK.points.map((point, i) => `${i === 0 ? 'M' : 'L'}${xy(point)}`).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${UNITS} ${UNITS}">`,
    `  <rect width="${UNITS}" height="${UNITS}" rx="${TILE.radius}" fill="${hex(TILE.colour)}"/>`,
    `  <path d="M${xy(SHIELD.start)}${shield}Z" fill="${hex(SHIELD.colour)}"/>`,
    `  <path d="${check}" fill="none" stroke="${hex(CHECK.colour)}" stroke-width="${CHECK.width}" stroke-linecap="round" stroke-linejoin="round"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** The shield's outline as a polygon: each curve cut into 48 straight pieces. */
function shieldPolygon(): Point[] {
  const polygon: Point[] = [SHIELD.start];
  for (const segment of SHIELD.segments) {
    const from = polygon.at(-1)!;
    if ('line' in segment) {
      polygon.push(segment.line);
      continue;
    }
    const [c1, c2, to] = segment.curve;
    for (let step = 1; step <= 48; step += 1) {
      const t = step / 48;
      const u = 1 - t;
      const at = (i: 0 | 1) => u * u * u * from[i] + 3 * u * u * t * c1[i] + 3 * u * t * t * c2[i] + t * t * t * to[i];
      polygon.push([at(0), at(1)]);
    }
  }
  return polygon;
}

/** Where a horizontal line at `y` crosses the polygon, left to right (even-odd: inside between pairs). */
function crossings(polygon: Point[], y: number): number[] {
  const xs: number[] = [];
  polygon.forEach(([x1, y1], i) => {
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
  });
  return xs.sort((a, b) => a - b);
}

function insideTile(x: number, y: number): boolean {
  const r = TILE.radius;
  const dx = Math.max(r - x, 0, x - (UNITS - r));
  const dy = Math.max(r - y, 0, y - (UNITS - r));
  return x >= 0 && x <= UNITS && y >= 0 && y <= UNITS && dx * dx + dy * dy <= r * r;
}

function onCheck(x: number, y: number): boolean {
  const half = CHECK.width / 2;
  for (let i = 0; i + 1 < CHECK.points.length; i += 1) {
    const [ax, ay] = CHECK.points[i]!;
    const [bx, by] = CHECK.points[i + 1]!;
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    if (Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= half) return true;
  }
  return false;
}

/** The icon as straight-alpha RGBA rows, `size` × `size`, each pixel the mean of 4 × 4 samples. */
export function drawIcon(size: number): Buffer {
  const SAMPLES = 4;
  const scale = UNITS / (size * SAMPLES);
  const polygon = shieldPolygon();
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    const sums = new Float64Array(size * 4);
    for (let sy = 0; sy < SAMPLES; sy += 1) {
      const y = (py * SAMPLES + sy + 0.5) * scale;
      const xs = crossings(polygon, y);
      for (let px = 0; px < size; px += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = (px * SAMPLES + sx + 0.5) * scale;
          if (!insideTile(x, y)) continue;
          const inShield = xs.filter((edge) => edge <= x).length % 2 === 1;
          const colour = onCheck(x, y) ? CHECK.colour : inShield ? SHIELD.colour : TILE.colour;
          // Premultiplied while summing: samples outside the tile add nothing.
          for (let c = 0; c < 3; c += 1) sums[px * 4 + c]! += colour[c]!;
          sums[px * 4 + 3]! += 1;
        }
      }
    }
    for (let px = 0; px < size; px += 1) {
      const covered = sums[px * 4 + 3]!;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) pixels[offset + c] = covered === 0 ? 0 : Math.round(sums[px * 4 + c]! / covered);
      pixels[offset + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA rows as a PNG: 8 bits per channel, every row filtered with None (0). */
export function encodePng(pixels: Buffer, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The PNG's size: what electron-builder asks of an icon for every platform (macOS wants 512). */
export const PNG_SIZE = 512;
export const ICON_FILES = { svg: 'renderer/public/favicon.svg', png: 'renderer/public/app-icon.png' } as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ICON_FILES.svg, iconSvg());
  writeFileSync(ICON_FILES.png, encodePng(drawIcon(PNG_SIZE), PNG_SIZE));
  console.log(`wrote ${ICON_FILES.svg} and ${ICON_FILES.png}`);
}
