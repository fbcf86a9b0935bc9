// The context menu: on an image, "Save to Scrapbook" ▸ Save · the last boards used · Choose board…; on a page,
// "Save images from this page…". Chrome has no event for "the menu is about to show", so the board items are
// made ahead of time, again whenever the recent list changes.

import { ext } from './ext.js';

export const MENU = {
  imageParent: 'save-image-menu',
  // The plain save keeps the id the single item had, so "save-image" still means "save this image".
  save: 'save-image',
  boardPrefix: 'save-image-to-board:',
  choose: 'save-image-choose-board',
  page: 'save-page-images',
};

const IMAGE = ['image'];
const isFirefox = typeof ext.runtime.getBrowserInfo === 'function';

/** The board a menu item stands for, or null. */
export function boardIdOf(menuItemId) {
  const id = String(menuItemId);
  return id.startsWith(MENU.boardPrefix) ? id.slice(MENU.boardPrefix.length) : null;
}

let building = Promise.resolve();

/** Rebuilds every item; calls are queued, so two quick changes can't interleave into duplicate ids. */
export function rebuildMenus(recentBoards) {
  building = building.then(() => build(recentBoards)).catch((error) => console.warn('context menu not rebuilt:', error));
  return building;
}

async function build(recentBoards) {
  await ext.contextMenus.removeAll();
  await create({ id: MENU.imageParent, title: 'Save to Scrapbook', contexts: IMAGE });
  await create({ id: MENU.save, parentId: MENU.imageParent, title: 'Save', contexts: IMAGE });
  if (recentBoards.length > 0) await create({ id: 'boards-above', parentId: MENU.imageParent, type: 'separator', contexts: IMAGE });
  for (const board of recentBoards) {
    await create({ id: `${MENU.boardPrefix}${board.id}`, parentId: MENU.imageParent, title: label(board.name), contexts: IMAGE });
  }
  await create({ id: 'boards-below', parentId: MENU.imageParent, type: 'separator', contexts: IMAGE });
  await create({ id: MENU.choose, parentId: MENU.imageParent, title: 'Choose board…', contexts: IMAGE });
  await create({ id: MENU.page, title: 'Save images from this page…', contexts: ['page'] });
}

/** contextMenus.create answers through its callback (no promise in either browser). */
function create(properties) {
  return new Promise((resolve, reject) => {
    ext.contextMenus.create(properties, () => {
      const error = ext.runtime.lastError;
      if (error) reject(new Error(error.message));
      else resolve();
    });
  });
}

/** Firefox reads "&" in a menu title as the access-key marker and wants "&&" for one shown (MDN, menus.create). */
function label(name) {
  return isFirefox ? name.replaceAll('&', '&&') : name;
}
