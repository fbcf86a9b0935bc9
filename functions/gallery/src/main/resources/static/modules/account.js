// The Account view (#/account): change the password, your data (export and import), delete the account.
//
// Three cards: the password and the deletion are here; the "Your data" card (#account-data in index.html) is
// export and import's, in modules/account-data.js, started and reset from here.

import { api, renewingSession, session } from './api.js';
import { byId, confirmAction, toast } from './dom.js';
import { initAccountData, resetAccountData } from './account-data.js';

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 128;

const passwordForm = byId('password-form');
const currentInput = byId('password-current');
const newInput = byId('password-new');
const repeatInput = byId('password-repeat');
const revokeTokensBox = byId('password-revoke-tokens');
const passwordSubmit = byId('password-submit');

const deleteForm = byId('delete-account-form');
const deletePassword = byId('delete-password');
const deleteSubmit = byId('delete-submit');

let accountDeleted = () => {};

function formError(id, message) {
  const box = byId(id);
  box.textContent = message;
  box.hidden = !message;
}

/** The server answers a wrong current password with 403 wrong-password: it is no reason to sign out. */
function passwordProblem(error) {
  if (error.type?.endsWith('/wrong-password')) return 'That is not your current password.';
  return error.message;
}

// ---------- Change the password ----------

function newPasswordProblem(current, next, repeat) {
  if (!current) return 'Enter your current password.';
  // Sign-up's rule, so every password the page accepts the server accepts too.
  if (next.length < MIN_PASSWORD || next.length > MAX_PASSWORD) return 'Passwords are 8 to 128 characters long.';
  if (next !== repeat) return 'The new password and its repetition differ.';
  return null;
}

async function changePassword(event) {
  event.preventDefault();
  const current = currentInput.value;
  const next = newInput.value;
  const problem = newPasswordProblem(current, next, repeatInput.value);
  if (problem) {
    formError('password-error', problem);
    return;
  }
  formError('password-error', '');
  passwordSubmit.disabled = true;
  try {
    const revokeTokens = revokeTokensBox.checked;
    // Every session from before the change ends, this one too: the answer carries this page's new one. A call of
    // the page's that meets the old one's 401 meanwhile waits for it and is repeated (renewingSession).
    const changing = api('/api/account/password', {
      method: 'POST', json: { current, new: next, revokeTokens }, renewsSession: true,
    });
    await renewingSession(changing.then((answer) => {
      session.save({ ...session.get(), token: answer.token, expiresAt: answer.expiresAt });
    }));
    passwordForm.reset();
    toast(revokeTokens
      ? 'Password changed. You are logged out everywhere else, and your API tokens are revoked.'
      : 'Password changed. You are logged out everywhere else.');
  } catch (error) {
    if (error.status !== 401) formError('password-error', passwordProblem(error));
  } finally {
    passwordSubmit.disabled = false;
  }
}

// ---------- Delete the account ----------

async function deleteAccount(event) {
  event.preventDefault();
  const password = deletePassword.value;
  if (!password) {
    formError('delete-error', 'Enter your password to delete your account.');
    return;
  }
  formError('delete-error', '');
  const name = session.get()?.username || 'your account';
  const ok = await confirmAction(
    `Delete ${name} with all its images, boards, shares and links? This can't be undone.`, 'Delete my account');
  if (!ok) return;
  deleteSubmit.disabled = true;
  try {
    await api('/api/account', { method: 'DELETE', json: { password } });
    deleteForm.reset();
    accountDeleted();
  } catch (error) {
    if (error.status !== 401) formError('delete-error', passwordProblem(error));
  } finally {
    deleteSubmit.disabled = false;
  }
}

// ---------- The view ----------

/** Shown again: no half-typed password survives leaving the view. */
export function loadAccount() {
  resetAccount();
}

/** `onDeleted` runs once the server has deleted the account: the page signs out. */
export function initAccount({ onDeleted }) {
  accountDeleted = onDeleted;
  passwordForm.addEventListener('submit', changePassword);
  deleteForm.addEventListener('submit', deleteAccount);
  initAccountData();
}

export function resetAccount() {
  passwordForm.reset();
  deleteForm.reset();
  formError('password-error', '');
  formError('delete-error', '');
  resetAccountData();
}
