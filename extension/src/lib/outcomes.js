// What a save ended as, in words a person understands. Every path ends in one of these: nothing fails silently.

/** `status` and `similarTo` as the save answered them: a new image is pending, its similarTo known once ready. */
export function saved(image, created) {
  return {
    kind: created ? 'saved' : 'duplicate',
    imageId: image.id,
    status: image.status ?? null,
    similarTo: image.similarTo ?? null,
    message: created ? 'Saved to your scrapbook.' : 'Already saved: it is in your scrapbook.',
  };
}

export function failed(reason, message) {
  return { kind: 'error', reason, message };
}

export const notConnected = () => failed('not-connected',
  'Not connected: open the Image Scrapbook options and connect to your server.');

export const unreachable = (server) => failed('unreachable',
  `Server unreachable: ${server} did not answer. Is it running?`);

export const noPermission = (server) => failed('no-permission',
  `The extension may no longer reach ${server}: open the options and connect again.`);

/** A non-2xx answer of POST /api/save as a message; the problem type decides, the detail adds the specifics. */
export function fromAnswer(answer) {
  const type = answer.problem?.type;
  const detail = answer.problem?.detail ? ` (${answer.problem.detail})` : '';
  if (answer.status === 401) return failed('not-signed-in', 'Not signed in: the token was revoked or expired. Connect again in the options.');
  if (type === 'too-large' || answer.status === 413) return failed('too-large', `Too large: the image is over the server's size limit${detail}.`);
  if (type === 'unsupported-media-type' || answer.status === 415) return failed('unsupported-type', 'Unsupported type: only JPEG, PNG, GIF and WebP images can be saved.');
  if (type === 'too-many-pixels') return failed('too-many-pixels', `Too many pixels${detail}.`);
  if (answer.status === 503) return failed('unavailable', 'The server is busy or one of its stores is down; nothing was saved. Try again shortly.');
  if (type === 'fetch-failed' || type === 'fetch-refused') return failed(type, `The image could not be fetched${detail}.`);
  return failed('server-error', `The server answered ${answer.status}${detail}.`);
}
