// Image Scrapbook gallery page: sign-in, routing between the gallery and the API tokens view.

import { api, request, session, onUnauthorized } from './modules/api.js';
import { byId } from './modules/dom.js';
import { gallery, resetGallery, ensureLoaded, addSaved, imageById } from './modules/gallery.js';
import { initPreview, closePreview, openPreview } from './modules/preview.js';
import { initUploads, resetUploads, noteSimilar } from './modules/uploads.js';
import { initTokens, resetTokens, loadTokens, forgetNewToken } from './modules/tokens.js';
import { initFriends, resetFriends, loadFriends } from './modules/friends.js';
import { initShared, resetShared, loadShared, closeReceived } from './modules/shared.js';
import { initShareDialog, closeShareDialog } from './modules/share-dialog.js';
import { initBoards, resetBoards, loadBoards, showBoard, leaveBoardView } from './modules/boards.js';
import { initBoardShare, closeBoardShare } from './modules/board-share.js';
import { initBoardPicker } from './modules/board-picker.js';
import { initSelection, toggleFromKeyboard } from './modules/selection.js';
import { initSearch, resetSearch, clearSearch, focusSearch, loadBoardFilter } from './modules/search.js';
import { navigableGrid, searchShortcut } from './modules/keyboard.js';
import { initAccount, resetAccount, loadAccount } from './modules/account.js';

const views = {
  auth: byId('auth-view'),
  gallery: byId('gallery-view'),
  boards: byId('boards-view'),
  board: byId('board-view'),
  tokens: byId('tokens-view'),
  shared: byId('shared-view'),
  friends: byId('friends-view'),
  account: byId('account-view'),
};
const NAV = [['nav-gallery', 'gallery'], ['nav-boards', 'boards'], ['nav-boards', 'board'], ['nav-shared', 'shared'], ['nav-friends', 'friends'], ['nav-tokens', 'tokens'], ['nav-account', 'account']];
const TITLES = {
  auth: 'Sign in · Image Scrapbook',
  gallery: 'Image Scrapbook',
  boards: 'Boards · Image Scrapbook',
  board: 'Board · Image Scrapbook',
  shared: 'Shared with me · Image Scrapbook',
  friends: 'Friends · Image Scrapbook',
  tokens: 'API tokens · Image Scrapbook',
  account: 'Account · Image Scrapbook',
};
const topbar = byId('topbar');
const userName = byId('user-name');
const authNotice = byId('auth-notice');

let currentView = null;
const IMAGE_LINK = /^#\/images\/([0-9a-fA-F-]{36})$/;
const BOARD_LINK = /^#\/boards\/([0-9a-fA-F-]{36})$/;

function showView(name) {
  byId('boot').hidden = true;
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  topbar.hidden = name === 'auth';
  for (const [link] of NAV) byId(link).removeAttribute('aria-current');
  for (const [link, view] of NAV) {
    if (name === view) byId(link).setAttribute('aria-current', 'page');
  }
  document.title = TITLES[name];
  if (currentView === 'tokens' && name !== 'tokens') forgetNewToken();
  if (currentView === 'board' && name !== 'board') leaveBoardView();
  currentView = name;
}

function route() {
  if (!session.get()) {
    showAuth();
    return;
  }
  const { hash } = window.location;
  // Only "#/..." names a view; other fragments (the skip link's #main) leave the view alone.
  if (hash && !hash.startsWith('#/') && currentView && currentView !== 'auth') return;
  const imageLink = IMAGE_LINK.exec(hash);
  const boardLink = BOARD_LINK.exec(hash);
  if (hash === '#/boards') {
    closePreview();
    showView('boards');
    loadBoards();
  } else if (boardLink) {
    closePreview();
    closeBoardShare();
    showView('board');
    showBoard(boardLink[1]);
  } else if (hash === '#/tokens') {
    showView('tokens');
    loadTokens();
  } else if (hash === '#/shared') {
    closePreview();
    showView('shared');
    loadShared();
  } else if (hash === '#/friends') {
    closePreview();
    closeShareDialog();
    showView('friends');
    loadFriends();
  } else if (hash === '#/account') {
    closePreview();
    closeShareDialog();
    showView('account');
    loadAccount();
  } else if (imageLink) {
    showGallery();
    openLinkedImage(imageLink[1]);
  } else {
    showGallery();
  }
}

function showGallery() {
  showView('gallery');
  ensureLoaded();
  loadBoardFilter();
}

/** "#/images/{id}" (the extension links saved images so) opens that image's preview. */
async function openLinkedImage(id) {
  try {
    if (!imageById(id)) addSaved(await api(`/api/images/${encodeURIComponent(id)}`));
    openPreview(id);
  } catch {
    // Deleted since, or not this user's: the gallery itself is the answer.
  }
}

// ---------- Signing in and out ----------

function showAuth(notice = '') {
  authNotice.textContent = notice;
  authNotice.hidden = !notice;
  showView('auth');
}

function signOutLocally(notice) {
  session.clear();
  closePreview();
  const confirmDialog = byId('confirm-dialog');
  if (confirmDialog.open) confirmDialog.close();
  resetGallery();
  resetUploads();
  resetTokens();
  resetFriends();
  resetShared();
  resetSearch();
  resetBoards();
  closeBoardShare();
  resetAccount();
  closeShareDialog();
  closeReceived();
  userName.textContent = '';
  showAuth(notice);
}

async function enterApp() {
  authNotice.hidden = true;
  const current = session.get();
  userName.textContent = current?.username || '';
  route();
  byId('main').focus();
  try {
    const me = await api('/api/account/me');
    if (me?.username) {
      userName.textContent = me.username;
      session.save({ ...session.get(), username: me.username });
    }
  } catch {
    // A 401 has already gone back to sign-in; anything else leaves the page usable.
  }
}

function formError(id, message) {
  const box = byId(id);
  box.textContent = message;
  box.hidden = !message;
}

async function logIn(username, password) {
  const { body } = await request('/api/account/login', {
    method: 'POST', json: { username, password }, auth: false,
  });
  session.save({ token: body.token, expiresAt: body.expiresAt, username });
}

function busy(button, label) {
  const idle = button.textContent;
  button.disabled = true;
  button.textContent = label;
  return () => {
    button.disabled = false;
    button.textContent = idle;
  };
}

async function onLogin(event) {
  event.preventDefault();
  const username = byId('login-username').value.trim();
  const password = byId('login-password').value;
  if (!username || !password) {
    formError('login-error', 'Enter your username and password.');
    return;
  }
  formError('login-error', '');
  const done = busy(byId('login-submit'), 'Logging in…');
  try {
    await logIn(username, password);
    event.target.reset();
    await enterApp();
  } catch (error) {
    formError('login-error', error.status === 401 ? 'Wrong username or password.' : error.message);
  } finally {
    done();
  }
}

function signupProblem(username, password) {
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) {
    return 'Usernames are 3 to 32 characters: letters, digits, underscore, dot or hyphen.';
  }
  if (password.length < 8 || password.length > 128) return 'Passwords are 8 to 128 characters long.';
  return null;
}

async function onSignup(event) {
  event.preventDefault();
  const username = byId('signup-username').value.trim();
  const password = byId('signup-password').value;
  const problem = signupProblem(username, password);
  if (problem) {
    formError('signup-error', problem);
    return;
  }
  formError('signup-error', '');
  const done = busy(byId('signup-submit'), 'Creating account…');
  try {
    await request('/api/account/signup', { method: 'POST', json: { username, password }, auth: false });
    await logIn(username, password);
    event.target.reset();
    await enterApp();
  } catch (error) {
    formError('signup-error', error.message);
  } finally {
    done();
  }
}

async function onLogout() {
  try {
    await request('/api/account/logout', { method: 'POST', auth: true });
  } catch {
    // The local session goes either way.
  }
  signOutLocally('You have logged out.');
}

// ---------- Start ----------

function start() {
  onUnauthorized(() => {
    if (currentView !== 'auth' || session.get()) signOutLocally('Your session has ended. Please log in again.');
  });
  initPreview();
  initSelection();
  initBoardPicker();
  initBoards();
  initBoardShare();
  initSearch();
  navigableGrid(gallery.grid, { onChoose: toggleFromKeyboard });
  navigableGrid(byId('board-grid'));
  navigableGrid(byId('shared-grid'));
  searchShortcut(focusSearch);
  initTokens();
  initFriends();
  initShared();
  initShareDialog();
  initAccount({ onDeleted: () => signOutLocally('Your account has been deleted.') });
  initUploads({
    canDrop: () => currentView === 'gallery' || currentView === 'tokens',
    // What is being saved shows up in the gallery: go there, out of any open preview.
    beforeSave: () => {
      closePreview();
      if (currentView !== 'gallery') window.location.hash = '#/';
      clearSearch();
    },
    onSaved: (image) => {
      addSaved(image);
      noteSimilar(image, openPreview);
    },
  });
  // The server says whether a picture was saved before once its thumbnail is made: the gallery's tile hears it.
  gallery.subscribe((kind, image) => {
    if (kind === 'updated') noteSimilar(image, openPreview);
  });

  byId('login-form').addEventListener('submit', onLogin);
  byId('signup-form').addEventListener('submit', onSignup);
  byId('logout-button').addEventListener('click', onLogout);
  window.addEventListener('hashchange', route);
  // Logging out in another tab ends this one too.
  window.addEventListener('storage', (event) => {
    if (event.key === session.key && !session.get() && currentView !== 'auth') signOutLocally('You have logged out.');
  });

  if (session.get()) enterApp();
  else showAuth();
}

start();
