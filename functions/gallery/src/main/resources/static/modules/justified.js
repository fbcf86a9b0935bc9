// Justified rows: every picture whole, in its own shape, rows that fill the width at about one height (as
// Flickr's and Google Photos' grids). Each tile says its picture's width/height in data-ar; the sizes are computed
// here and set through the CSSOM (the CSP allows that, unlike style attributes) whenever tiles come, go or change
// shape, and when the grid's width changes.

/**
 * Splits pictures of these aspect ratios into rows of `width` (gaps included) and gives each its size. A row ends
 * where its height comes closest to `target`; the last row, when it can't fill the width at the target height,
 * keeps that height and leaves the rest of the line empty. Sizes are fractional pixels: a row's widths and gaps
 * add up to the width exactly (less a hundredth of a pixel, so rounding never wraps a tile).
 */
export function layoutRows(ratios, width, target, gap) {
  const sizes = [];
  let start = 0;
  while (start < ratios.length) {
    let end = start + 1;
    let sum = ratios[start];
    const heightOf = (count, total) => (width - gap * (count - 1) - 0.01) / total;
    // Take pictures while the row is still taller than the target; then keep the last one only if that lands closer.
    while (end < ratios.length && heightOf(end - start, sum) > target) {
      const withNext = heightOf(end - start + 1, sum + ratios[end]);
      if (withNext < target && Math.abs(Math.log(withNext / target)) > Math.abs(Math.log(heightOf(end - start, sum) / target))) break;
      sum += ratios[end];
      end += 1;
    }
    const fill = heightOf(end - start, sum);
    const height = end === ratios.length && fill > target ? target : fill;
    for (let i = start; i < end; i += 1) sizes.push({ width: ratios[i] * height, height });
    start = end;
  }
  return sizes;
}

function layout(grid) {
  const tiles = [...grid.children].filter((child) => child.dataset.ar);
  const width = grid.clientWidth;
  if (tiles.length === 0 || width === 0) return;
  const style = getComputedStyle(grid);
  const target = parseFloat(style.getPropertyValue('--row-h')) || 220;
  const gap = parseFloat(style.columnGap) || 0;
  const sizes = layoutRows(tiles.map((tile) => Number(tile.dataset.ar) || 1), width, target, gap);
  tiles.forEach((tile, i) => {
    tile.style.width = `${sizes[i].width}px`;
    tile.style.height = `${sizes[i].height}px`;
  });
}

/** Keeps this grid's tiles in justified rows from now on. */
export function justify(grid) {
  const again = () => layout(grid);
  // Mutation and resize observers run before the next paint: tiles never show at a wrong size. What changes inside
  // a tile (its picture arriving) changes no size; a tile's shape does (data-ar).
  new MutationObserver((records) => {
    if (records.some((record) => record.target === grid || record.type === 'attributes')) again();
  }).observe(grid, { childList: true, subtree: true, attributeFilter: ['data-ar'] });
  let lastWidth = 0;
  new ResizeObserver(() => {
    if (grid.clientWidth !== lastWidth) {
      lastWidth = grid.clientWidth;
      again();
    }
  }).observe(grid);
}
