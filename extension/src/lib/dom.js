// Building DOM for the extension's pages: text only ever goes in as textContent, never as HTML.

export const byId = (id) => document.getElementById(id);

export function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

export function showStatus(node, kind, text) {
  node.dataset.kind = kind;
  node.textContent = text;
  node.hidden = !text;
}
