// Keyboard use of the grids: arrow keys move the focus from tile to tile (up and down to the nearest tile of the
// row above or below: justified rows don't line up in columns), Home and End, Enter opens (the tile is a button),
// X chooses a gallery tile; "/" focuses the search box. Escape and the preview's arrows are the dialogs' own.

const TILE = '.tile-btn';

function tilesOf(grid) {
  return [...grid.querySelectorAll(TILE)];
}

const centreX = (rect) => rect.left + rect.width / 2;

/** The tile in the nearest row above (direction -1) or below (1), closest to the current one's centre. */
function verticalNeighbour(tiles, current, direction) {
  const from = current.getBoundingClientRect();
  let best = null;
  for (const tile of tiles) {
    const rect = tile.getBoundingClientRect();
    const rowGap = direction > 0 ? rect.top - from.bottom : from.top - rect.bottom;
    if (rowGap < -1) continue; // the same row, or the wrong way
    const score = [Math.round(rowGap), Math.abs(centreX(rect) - centreX(from))];
    if (!best || score[0] < best.score[0] || (score[0] === best.score[0] && score[1] < best.score[1])) {
      best = { tile, score };
    }
  }
  return best?.tile || null;
}

function target(grid, current, key) {
  const tiles = tilesOf(grid);
  const index = tiles.indexOf(current);
  switch (key) {
    case 'ArrowLeft': return tiles[index - 1];
    case 'ArrowRight': return tiles[index + 1];
    case 'ArrowUp': return verticalNeighbour(tiles, current, -1);
    case 'ArrowDown': return verticalNeighbour(tiles, current, 1);
    case 'Home': return tiles[0];
    case 'End': return tiles[tiles.length - 1];
    default: return undefined;
  }
}

/** Arrow keys in this grid; `onChoose(id)` for X, when the grid has a selection. */
export function navigableGrid(grid, { onChoose } = {}) {
  grid.addEventListener('keydown', (event) => {
    const current = event.target.closest(TILE);
    if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === 'x' || event.key === 'X') && onChoose) {
      event.preventDefault();
      onChoose(current.closest('.tile').dataset.id);
      return;
    }
    const next = target(grid, current, event.key);
    if (next === undefined) return;
    event.preventDefault();
    if (next) {
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  });
}

function typingIn(element) {
  return element?.closest?.('input, textarea, select, [contenteditable="true"]');
}

/** "/" focuses the search box of the view shown (`focusSearch` answers whether there is one). */
export function searchShortcut(focusSearch) {
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typingIn(event.target) || document.querySelector('dialog[open]')) return;
    if (focusSearch()) event.preventDefault();
  });
}
