// How a person hears about a save: a badge on the toolbar button of that tab, a notification (a click opens
// the image in the gallery, or the options when not connected), and an entry in the popup's recent saves.

import { ext } from './ext.js';
import { galleryLink, rememberSave, updateSave } from './settings.js';

const BADGES = {
  saved: { text: '✓', color: '#2f6f5e' },
  duplicate: { text: '=', color: '#5b6b73' },
  error: { text: '!', color: '#b3261e' },
};
// Firefox shows neither notification buttons nor their clicks (MDN, notifications.NotificationOptions): there the
// notification itself is the one link.
const HAS_BUTTONS = typeof ext.runtime.getBrowserInfo !== 'function' && Boolean(ext.notifications?.onButtonClicked);

function titleOf(outcome) {
  if (outcome.boardError) return outcome.kind === 'saved' ? 'Saved, not added to the board' : 'Already saved, not added to the board';
  if (outcome.board) return outcome.kind === 'saved' ? `Saved to “${outcome.board.name}”` : `Added to “${outcome.board.name}”`;
  return { saved: 'Saved to Scrapbook', duplicate: 'Already in your Scrapbook', error: 'Not saved' }[outcome.kind];
}

/**
 * Records and shows one outcome; `quiet` skips the notification (the picker shows its own progress). Answers the
 * popup's entry, with the id of the notification shown for it.
 */
export async function report(outcome, { tabId, target, quiet = false }) {
  const link = outcome.imageId && outcome.server ? galleryLink(outcome.server, outcome.imageId) : null;
  const entry = {
    kind: outcome.kind,
    reason: outcome.reason || null,
    message: outcome.message,
    imageUrl: target?.imageUrl || null,
    pageUrl: target?.pageUrl || null,
    pageTitle: target?.pageTitle || null,
    imageId: outcome.imageId || null,
    link,
    board: outcome.board ?? null,
    boardError: outcome.boardError ?? null,
    similar: null,
    notificationId: null,
    at: new Date().toISOString(),
  };
  await badge(outcome.boardError ? 'error' : outcome.kind, tabId);
  if (!quiet) {
    entry.notificationId = await notify(titleOf(outcome), outcome.message,
      { link: link ?? (needsOptions(outcome) ? 'options' : null) });
  }
  await rememberSave(entry);
  return entry;
}

/**
 * The saved picture was in the scrapbook already as another file: its notification is replaced by one that says
 * since when, and opens the earlier image (Chrome adds buttons for either); the popup's entry links to it too.
 */
export async function reportEarlierCopy(entry, earlier, server) {
  const when = new Date(earlier.savedAt).toLocaleDateString(undefined, { dateStyle: 'long' });
  const similar = { id: earlier.id, savedAt: earlier.savedAt, link: galleryLink(server, earlier.id),
    message: `You already saved this picture on ${when}.` };
  if (entry.notificationId) await ext.notifications.clear(entry.notificationId).catch(() => {});
  const notificationId = await notify(entry.board ? `Saved to “${entry.board.name}”` : 'Saved to Scrapbook', similar.message, {
    link: similar.link,
    hint: HAS_BUTTONS ? null : 'Click to open the earlier one.',
    buttons: [{ title: 'Open the earlier one', link: similar.link }, { title: 'Open this one', link: entry.link }],
  });
  await updateSave(entry.at, { similar, notificationId });
}

/** Shows a notification; answers its id, or null when the browser would not show it. */
export async function notify(title, message, { link = null, hint, buttons = [] } = {}) {
  const shownButtons = HAS_BUTTONS ? buttons.filter((b) => b.link) : [];
  const clickHint = hint !== undefined ? hint : link && link !== 'options' ? 'Click to open it in the gallery.' : null;
  try {
    const id = await ext.notifications.create({
      type: 'basic',
      iconUrl: ext.runtime.getURL('icons/icon-128.png'),
      title,
      message: clickHint ? `${message} ${clickHint}` : message,
      ...(shownButtons.length ? { buttons: shownButtons.map(({ title: text }) => ({ title: text })) } : {}),
    });
    if (link || shownButtons.length) {
      await ext.storage.session.set({ [`notification:${id}`]: { link, buttons: shownButtons.map((b) => b.link) } });
    }
    return id;
  } catch (error) {
    // The badge and the popup's list still carry the outcome.
    console.warn('notification not shown:', error);
    return null;
  }
}

/** A click on the notification (buttonIndex null) or on one of its buttons. */
export async function openNotificationLink(notificationId, buttonIndex = null) {
  const key = `notification:${notificationId}`;
  const { [key]: links } = await ext.storage.session.get(key);
  const link = buttonIndex == null ? links?.link : links?.buttons?.[buttonIndex];
  if (link === 'options') await ext.runtime.openOptionsPage();
  else if (link) await ext.tabs.create({ url: link });
  await ext.storage.session.remove(key);
  await ext.notifications.clear(notificationId);
}

async function badge(kind, tabId) {
  const { text, color } = BADGES[kind];
  const where = tabId != null && tabId >= 0 ? { tabId } : {};
  try {
    await ext.action.setBadgeBackgroundColor({ color, ...where });
    await ext.action.setBadgeText({ text, ...where });
  } catch {
    // The tab closed meanwhile: nothing to mark.
  }
}

function needsOptions(outcome) {
  return ['not-connected', 'not-signed-in', 'no-permission'].includes(outcome.reason);
}
