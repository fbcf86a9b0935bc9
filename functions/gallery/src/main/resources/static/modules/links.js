// Public links of one image or one board, as the share dialogs show them: create (the URL shown once), copy,
// list and revoke. One panel per dialog, over elements named `{prefix}-expiry`, `{prefix}-create`, ...

import { api } from './api.js';
import { byId, el, formatDate, toast, confirmAction, copyToClipboard } from './dom.js';

/**
 * `prefix` names the elements; `showError(message)` is the dialog's error line. The panel's target is set by
 * `load({imageId})` or `load({boardId})`.
 */
export function createLinkPanel(prefix, showError) {
  const expiry = byId(`${prefix}-expiry`);
  const includeOriginal = byId(`${prefix}-original`); // image links only
  const createButton = byId(`${prefix}-create`);
  const newLink = byId(`${prefix}-new`);
  const linkUrl = byId(`${prefix}-url`);
  const status = byId(`${prefix}-status`);
  const list = byId(`${prefix}-list`);
  let target = null;

  function clear() {
    target = null;
    newLink.hidden = true;
    linkUrl.value = '';
    status.textContent = '';
    list.replaceChildren();
  }

  async function refresh() {
    const asked = target;
    const query = asked.imageId ? `imageId=${encodeURIComponent(asked.imageId)}` : `boardId=${encodeURIComponent(asked.boardId)}`;
    try {
      const { items = [] } = await api(`/api/links?${query}`);
      if (asked === target) list.replaceChildren(...items.map(row));
    } catch (error) {
      if (error.status !== 401) showError(`Couldn't load the links. ${error.message}`);
    }
  }

  function row(link) {
    const until = link.expiresAt ? `${link.expired ? 'expired' : 'until'} ${formatDate(link.expiresAt)}` : 'no expiry';
    const what = link.boardId ? 'the board' : link.includeOriginal ? 'preview and original' : 'preview';
    const revoke = el('button', { type: 'button', class: 'btn btn-danger btn-small', 'data-testid': `${prefix}-revoke`, text: 'Revoke' });
    revoke.addEventListener('click', () => revokeLink(link));
    return el('li', { class: 'token-item', 'data-testid': `${prefix}-item` },
      el('div', {},
        el('div', { class: 'token-name', text: `Link created ${formatDate(link.createdAt)}` }),
        el('div', { class: 'token-dates', text: `${what} · ${until}` })),
      revoke);
  }

  async function createLink() {
    const days = Number(expiry.value);
    const expiresAt = days ? new Date(Date.now() + days * 86400000).toISOString() : null;
    const body = target.imageId
      ? { imageId: target.imageId, expiresAt, includeOriginal: includeOriginal.checked }
      : { boardId: target.boardId, expiresAt };
    createButton.disabled = true;
    showError('');
    try {
      const created = await api('/api/links', { method: 'POST', json: body });
      linkUrl.value = created.url;
      newLink.hidden = false;
      status.textContent = 'Copy the link now: for your safety it is shown only once.';
      linkUrl.focus();
      linkUrl.select();
      await refresh();
    } catch (error) {
      if (error.status !== 401) showError(error.message);
    } finally {
      createButton.disabled = false;
    }
  }

  async function revokeLink(link) {
    const ok = await confirmAction('Revoke this link? Anyone opening it will see that it no longer works.', 'Revoke');
    if (!ok) return;
    try {
      await api(`/api/links/${encodeURIComponent(link.id)}`, { method: 'DELETE' });
      toast('Link revoked.');
    } catch (error) {
      if (error.status !== 401 && error.status !== 404) showError(error.message);
    }
    await refresh();
  }

  createButton.addEventListener('click', createLink);
  byId(`${prefix}-copy`).addEventListener('click', () => copyToClipboard(linkUrl, status));

  return {
    load(next) {
      clear();
      target = next;
      return refresh();
    },
    clear,
  };
}
