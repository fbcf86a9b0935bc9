// Boards as the extension uses them: the ones the person may add to (GET /api/boards, role owner or
// contributor), the last five used (what the "Save to Scrapbook" submenu lists), and putting a saved image on one.
// Saving to a board is two calls, POST /api/save then POST /api/boards/{id}/images: the save stands on its own
// (the image is in the gallery whatever happens next), and adding is idempotent, so an already-saved image (200)
// is added the same way as a new one (201).

import { ext } from './ext.js';
import { api } from './server.js';
import { connection } from './settings.js';

const RECENT_BOARDS_KEEP = 5;
const MAY_ADD = new Set(['owner', 'contributor']);

/** Whose boards these are: the list is kept per server and account, so connecting elsewhere starts it afresh. */
const accountOf = (conn) => `${conn.username}@${conn.server}`;

/** The last boards used with this connection, most recent first: [{id, name}]. */
export async function recentBoards(conn) {
  if (!conn) return [];
  const { recentBoards: saved } = await ext.storage.local.get('recentBoards');
  return saved?.account === accountOf(conn) && Array.isArray(saved.boards) ? saved.boards : [];
}

async function storeRecentBoards(conn, boards) {
  await ext.storage.local.set({ recentBoards: { account: accountOf(conn), boards: boards.slice(0, RECENT_BOARDS_KEEP) } });
}

export async function rememberBoard(conn, board) {
  const others = (await recentBoards(conn)).filter((b) => b.id !== board.id);
  await storeRecentBoards(conn, [{ id: board.id, name: board.name }, ...others]);
}

async function forgetBoard(conn, boardId) {
  await storeRecentBoards(conn, (await recentBoards(conn)).filter((b) => b.id !== boardId));
}

/** The boards you may add to, as the server lists them (most recently changed first), or {error}. */
export async function boardsToAddTo(conn) {
  try {
    const answer = await api.boards(conn);
    if (!answer.ok) return { error: answer.problem?.detail || `the server answered ${answer.status}` };
    return { boards: answer.body.items.filter((b) => MAY_ADD.has(b.role)).map(({ id, name, role, imageCount }) => ({ id, name, role, imageCount })) };
  } catch (error) {
    return { error: error.message };
  }
}

/**
 * Keeps the recent list true to the server: a renamed board shows its new name; a deleted one, or one you may
 * no longer add to (left, removed, made a viewer), leaves the list. An unreachable server leaves it as it is.
 */
export async function refreshRecentBoards(known = null) {
  const conn = await connection();
  const recent = await recentBoards(conn);
  if (recent.length === 0) return recent;
  const { boards } = known ? { boards: known } : await boardsToAddTo(conn);
  if (!boards) return recent;
  const current = new Map(boards.map((b) => [b.id, b]));
  const fresh = recent.filter((b) => current.has(b.id)).map((b) => ({ id: b.id, name: current.get(b.id).name }));
  if (JSON.stringify(fresh) !== JSON.stringify(recent)) await storeRecentBoards(conn, fresh);
  return fresh;
}

const quoted = (name) => `“${name}”`;

/**
 * Puts the image of a save's outcome on the board; answers the outcome with `board` (added) or `boardError`
 * (saved, but not added, and why). Never throws. An outcome without an image (the save failed) stays as it is.
 */
export async function addToBoard(outcome, board) {
  if (!outcome.imageId) return outcome;
  const conn = await connection();
  const name = quoted(board.name || 'the board');
  let answer;
  try {
    answer = await api.addToBoard(conn, board.id, [outcome.imageId]);
  } catch (error) {
    return notAdded(outcome, board, `${name}: ${error.message}`);
  }
  if (answer.ok) {
    await rememberBoard(conn, answer.body);
    const message = outcome.kind === 'saved'
      ? `Saved to your scrapbook and added to ${quoted(answer.body.name)}.`
      : `Already in your scrapbook; added to ${quoted(answer.body.name)}.`;
    return { ...outcome, board: { id: answer.body.id, name: answer.body.name }, message };
  }
  // Gone, or no longer yours to add to: it leaves the submenu.
  if (answer.status === 404 || answer.status === 403) await forgetBoard(conn, board.id);
  return notAdded(outcome, board, boardProblem(answer, name));
}

function boardProblem(answer, name) {
  if (answer.status === 404) return `${name} is gone, or you are no longer one of its members`;
  if (answer.status === 403) return `you may no longer add images to ${name}`;
  if (answer.status === 409) return `${name} is full`;
  if (answer.status === 401) return 'not signed in any more: connect again in the options';
  return `${name}: the server answered ${answer.status}${answer.problem?.detail ? ` (${answer.problem.detail})` : ''}`;
}

function notAdded(outcome, board, why) {
  return { ...outcome, boardError: why, message: `${outcome.message} It was not added to the board: ${why}.` };
}

/** Several images at once (the picker's selection): one request, all or none (the server adds nothing on a 404). */
export async function addAllToBoard(board, imageIds) {
  const conn = await connection();
  if (!conn) return { error: 'not connected' };
  try {
    const answer = await api.addToBoard(conn, board.id, imageIds);
    if (answer.ok) {
      await rememberBoard(conn, answer.body);
      return { board: { id: answer.body.id, name: answer.body.name } };
    }
    if (answer.status === 404 || answer.status === 403) await forgetBoard(conn, board.id);
    return { error: boardProblem(answer, quoted(board.name || 'the board')) };
  } catch (error) {
    return { error: error.message };
  }
}
