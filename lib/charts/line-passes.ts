/**
 * How the compare charts stroke a line `width` CSS px wide at `dpr` device pixels per CSS pixel:
 * as 1-px hairlines at these vertical offsets (CSS px), or null for one ordinary stroke.
 *
 * Canvas rasterises a 1-device-pixel line on a fast path, a wider one as a filled outline with a
 * join at every vertex: 20 runs × 1,250 points at 2 px cost 60–200 ms per chart in headless
 * Chromium (round joins; bevel 30–75), the same lines as two hairlines 1 px apart 8–15 ms. The
 * two look like the 2-px line except where a segment is steep (there 1 px wide). Only where a CSS
 * pixel is one device pixel: on a denser screen a 1-px line is no hairline, so it stays one stroke.
 */
export function hairlineOffsets(width: number, dpr: number): readonly number[] | null {
  if (dpr !== 1 || width > 2) return null;
  if (width <= 1) return [0];
  const half = (width - 1) / 2;
  return [-half, half];
}
