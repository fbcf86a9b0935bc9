// "Your data" on the Account view (#account-data): download the whole scrapbook as a zip, import a zip back.
//
// The export is fetched with the session's bearer token (a plain link could not send it) and read as a stream, so
// the page shows progress against the originals' total the server announces (Scrapbook-Export-Bytes; the zip's own
// length is not known in advance, and it is a little larger, so the bar holds at 99% until the end). The bytes are
// kept as a Blob that api.js folds together every 16 MB, which the browser keeps out of the page's memory, and saved
// with a download link once complete.

import { downloadWithProgress, uploadArchive } from './api.js';
import { byId, el, formatBytes, toast } from './dom.js';
import { resetGallery } from './gallery.js';

const exportButton = byId('export-button');
const exportProgress = byId('export-progress');
const exportStatus = byId('export-status');
const importFile = byId('import-file');
const importProgress = byId('import-progress');
const importStatus = byId('import-status');
const refusedList = byId('import-refused');

let busy = false;

async function downloadExport() {
  exportButton.disabled = true;
  busy = true;
  exportProgress.value = 0;
  exportProgress.hidden = false;
  exportStatus.textContent = 'Preparing your scrapbook…';
  try {
    const { blob, response } = await downloadWithProgress('/api/account/export', (received, answer) => {
      const total = Number(answer.headers.get('Scrapbook-Export-Bytes')) || 0;
      exportProgress.value = total > 0 ? Math.min(received / total, 0.99) : 0;
      exportStatus.textContent = total > 0
        ? `Downloading: ${formatBytes(received)} of about ${formatBytes(total)}`
        : `Downloading: ${formatBytes(received)}`;
    });
    exportProgress.value = 1;
    save(blob, filenameOf(response));
    exportStatus.textContent = `Done: ${formatBytes(blob.size)}, ${response.headers.get('Scrapbook-Export-Images') || 0} images.`;
  } catch (error) {
    if (error.status !== 401) exportStatus.textContent = `The download failed. ${error.message}`;
  } finally {
    exportButton.disabled = false;
    busy = false;
  }
}

function filenameOf(response) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return match ? match[1] : 'scrapbook.zip';
}

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its own reference by now; the URL is not needed past this turn.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function importArchive() {
  const file = importFile.files?.[0];
  importFile.value = '';
  if (!file) return;
  busy = true;
  importFile.disabled = true;
  importProgress.value = 0;
  importProgress.hidden = false;
  refusedList.hidden = true;
  refusedList.replaceChildren();
  importStatus.textContent = `Sending ${file.name}…`;
  try {
    const { body } = await uploadArchive(file, (share) => {
      importProgress.value = share;
      importStatus.textContent = share < 1 ? `Sending ${file.name}: ${Math.round(share * 100)}%` : 'Saving your images…';
    });
    importProgress.value = 1;
    importStatus.textContent = summary(body);
    const refused = Array.isArray(body.refused) ? body.refused : [];
    refusedList.replaceChildren(...refused.map((r) => el('li', { 'data-testid': 'import-refused-item',
      text: `${String(r.entry)}: ${String(r.detail)}` })));
    refusedList.hidden = refused.length === 0;
    if (body.imported > 0) {
      resetGallery();
      toast(body.imported === 1 ? '1 image imported.' : `${body.imported} images imported.`);
    }
  } catch (error) {
    if (error.status !== 401) importStatus.textContent = `The import failed. ${error.message}`;
  } finally {
    importFile.disabled = false;
    busy = false;
  }
}

function summary(report) {
  const parts = [`${report.imported} imported`, `${report.alreadyHad} you had already`];
  if (report.boards > 0) parts.push(`${report.boards} boards`);
  if (report.refused?.length) parts.push(`${report.refused.length} refused`);
  return `Import finished: ${parts.join(', ')}.`;
}

export function initAccountData() {
  exportButton.addEventListener('click', downloadExport);
  importFile.addEventListener('change', importArchive);
}

/** Leaves a running export or import alone; otherwise forgets the last one's messages. */
export function resetAccountData() {
  if (busy) return;
  exportProgress.hidden = true;
  importProgress.hidden = true;
  exportStatus.textContent = '';
  importStatus.textContent = '';
  refusedList.hidden = true;
  refusedList.replaceChildren();
}
