// Whether a new save is a picture the person already had as another file (re-encoded, resized, another format).
// The server knows once the thumbnail function has hashed the new image: `similarTo` is set before the image
// turns ready (functions/thumbnail GridHash), so waiting for "not pending" is enough.

import { api } from './server.js';
import { connection } from './settings.js';

// Thumbnails take about a second here; a scaled-to-zero thumbnail function a few more. Kept well under the
// 30 s a browser lets an idle extension worker live (the notifications made just before count as activity).
const SETTLE_WAIT_MS = 20_000;
const FIRST_LOOK_MS = 300;
const LONGEST_PAUSE_MS = 2_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The earlier image of the same picture ({id, savedAt, width, height, bytes}), or null: none, or not known in time. */
export async function earlierCopy(outcome) {
  if (outcome.kind !== 'saved' || !outcome.imageId) return null;
  if (outcome.similarTo || outcome.status !== 'pending') return outcome.similarTo ?? null;
  const conn = await connection();
  if (!conn) return null;
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (let pause = FIRST_LOOK_MS; Date.now() + pause < deadline; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    await sleep(pause);
    const answer = await api.image(conn, outcome.imageId).catch(() => null);
    if (!answer?.ok) return null;
    if (answer.body.status !== 'pending') return answer.body.similarTo ?? null;
  }
  return null;
}
