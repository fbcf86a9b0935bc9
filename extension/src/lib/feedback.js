// How a person hears about a save: a badge on the toolbar button of that tab, a notification (a click opens
// the image in the gallery, or the options when not connected), and an entry in the popup's recent saves.

import { ext } from './ext.js';
import { galleryLink, rememberSave } from './settings.js';

const BADGES = {
  saved: { text: '✓', color: '#2f6f5e' },
  duplicate: { text: '=', color: '#5b6b73' },
  error: { text: '!', color: '#b3261e' },
};
const TITLES = { saved: 'Saved to Scrapbook', duplicate: 'Already in your Scrapbook', error: 'Not saved' };

/** Records and shows one outcome; `quiet` skips the notification (the picker shows its own progress). */
export async function report(outcome, { tabId, target, quiet = false }) {
  const link = outcome.imageId && outcome.server ? galleryLink(outcome.server, outcome.imageId) : null;
  await rememberSave({
    kind: outcome.kind,
    reason: outcome.reason || null,
    message: outcome.message,
    imageUrl: target?.imageUrl || null,
    pageUrl: target?.pageUrl || null,
    pageTitle: target?.pageTitle || null,
    imageId: outcome.imageId || null,
    link,
    at: new Date().toISOString(),
  });
  await badge(outcome.kind, tabId);
  if (!quiet) await notify(TITLES[outcome.kind], outcome.message, link ?? (needsOptions(outcome) ? 'options' : null));
}

export async function notify(title, message, link) {
  try {
    const id = await ext.notifications.create({
      type: 'basic',
      iconUrl: ext.runtime.getURL('icons/icon-128.png'),
      title,
      message: link && link !== 'options' ? `${message} Click to open it in the gallery.` : message,
    });
    if (link) await ext.storage.session.set({ [`notification:${id}`]: link });
  } catch (error) {
    // The badge and the popup's list still carry the outcome.
    console.warn('notification not shown:', error);
  }
}

export async function openNotificationLink(notificationId) {
  const key = `notification:${notificationId}`;
  const { [key]: link } = await ext.storage.session.get(key);
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
