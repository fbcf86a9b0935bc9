// The WebExtension API under either name: Firefox's `browser` (promises) or Chrome's `chrome` (promises in MV3).
export const ext = globalThis.browser ?? globalThis.chrome;
