import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawIcon, encodePng, ICON_FILES, iconSvg, PNG_SIZE } from './app-icon.js';

/** A PNG's size and its RGBA rows, for PNGs as encodePng writes them (8-bit RGBA, filter None). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('the app icon', () => {
  it('is committed as the SVG and the PNG its description draws, so the favicon and the window icon agree', () => {
    expect(readFileSync(ICON_FILES.svg, 'utf8')).toBe(iconSvg());
    const committed = decodePng(readFileSync(ICON_FILES.png));
    expect([committed.width, committed.height]).toEqual([PNG_SIZE, PNG_SIZE]);
    expect(committed.pixels.equals(drawIcon(PNG_SIZE))).toBe(true);
  });

  it('is a rounded navy tile with a blue shield and a white check, transparent in its corners', () => {
    const size = 64;
    const { pixels } = decodePng(encodePng(drawIcon(size), size));
    const at = (x: number, y: number) => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(at(0, 0)).toEqual([0, 0, 0, 0]);
    expect(at(4, 32)).toEqual([0x1d, 0x24, 0x33, 255]);
    expect(at(32, 52)).toEqual([0x2f, 0x6f, 0xde, 255]);
    expect(at(30, 38)).toEqual([255, 255, 255, 255]);
  });
});
