// Raster map tiles for the care map, when the operator configured a tile server (GET /api/map/tiles):
// Web Mercator XYZ tiles of 256 pixels, x eastwards and y southwards from the north-west corner.
// World coordinates here run from 0 to 1 across the whole Mercator square, so a tile (z, x, y)
// covers [x / 2^z, (x + 1) / 2^z) in both directions.

const SVG = "http://www.w3.org/2000/svg";
export const TILE_SIZE = 256;
const MAX_LAT = 85.0511287798066;
const MAX_TILES = 400;

/** Whether these settings (the answer of GET /api/map/tiles) ask for tiles the console can draw. */
export function usable(settings) {
  return !!(settings && settings.enabled && typeof settings.url === "string" && /^https?:\/\//i.test(settings.url));
}

/** [lon, lat] in degrees (WGS 84) to Web Mercator world coordinates, each from 0 to 1. */
export function mercator(lon, lat) {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2];
}

/** The tile {z, x, y} holding a point at zoom level z. */
export function tileOf(lon, lat, z) {
  const n = 2 ** z;
  const [mx, my] = mercator(lon, lat);
  const clamp = (v) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
  return { z, x: clamp(mx), y: clamp(my) };
}

/**
 * The zoom level whose tiles show at about their own size (256 screen pixels) when the whole
 * world is this many screen pixels across, within [0, maxZoom].
 */
export function zoomFor(worldPixels, maxZoom) {
  const z = Math.round(Math.log2(worldPixels / TILE_SIZE));
  return Math.max(0, Math.min(maxZoom, Number.isFinite(z) ? z : 0));
}

/** Every tile at zoom z that overlaps the world rectangle [left, right] x [top, bottom]. */
export function tilesCovering(left, top, right, bottom, z) {
  const n = 2 ** z;
  const lo = (v) => Math.max(0, Math.floor(v * n));
  const hi = (v) => Math.min(n - 1, Math.ceil(v * n) - 1);
  const tiles = [];
  for (let y = lo(top); y <= hi(bottom); y++) {
    for (let x = lo(left); x <= hi(right); x++) {
      if (tiles.length >= MAX_TILES) { return tiles; }
      tiles.push({ z, x, y });
    }
  }
  return tiles;
}

/** The template's URL for one tile. */
export function tileUrl(template, { z, x, y }) {
  return template.replaceAll("{z}", String(z)).replaceAll("{x}", String(x)).replaceAll("{y}", String(y));
}

/**
 * An SVG image of one tile. Built here rather than through dom.js, which only links within the
 * console: the tile server is the one other origin the console may ask, and only when configured.
 */
export function tileImage(url, tile) {
  if (!/^https?:\/\//i.test(url)) { throw new Error("tiles come from an http or https server"); }
  const image = document.createElementNS(SVG, "image");
  image.setAttribute("class", "tile");
  image.setAttribute("href", url);
  image.setAttribute("preserveAspectRatio", "none");
  image.setAttribute("aria-hidden", "true");
  image.dataset.z = String(tile.z);
  image.dataset.x = String(tile.x);
  image.dataset.y = String(tile.y);
  return image;
}
