// Functions that run inside the web page (chrome.scripting.executeScript serialises them): each is
// self-contained, reads the DOM, and answers plain data. Nothing here writes to the page.

/**
 * request.kind 'clicked': the best source of the image that was right-clicked ({srcUrl, targetElementId}).
 * request.kind 'hovered': the same for the image under the pointer (the keyboard shortcut), or null.
 * request.kind 'all': every image on the page of at least request.minSize px, best source each.
 */
export function inspectPage(request) {
  const LAZY_URL_ATTRIBUTES = ['data-src', 'data-original', 'data-lazy-src', 'data-full-src'];
  const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];
  const MAX_IMAGES = 300;
  const MAX_ELEMENTS_FOR_BACKGROUNDS = 5000;

  const absolute = (url) => {
    try {
      return new URL(url, document.baseURI).href;
    } catch {
      return null;
    }
  };

  // The HTML srcset grammar, simplified: a URL (commas inside it are kept) then optional descriptors.
  const parseSrcset = (text) => {
    const candidates = [];
    const input = String(text || '');
    let i = 0;
    while (i < input.length) {
      while (i < input.length && /[\s,]/.test(input[i])) i += 1;
      let url = '';
      while (i < input.length && !/\s/.test(input[i])) url += input[i++];
      let descriptor = '';
      if (url.endsWith(',')) url = url.replace(/,+$/, '');
      else {
        while (i < input.length && input[i] !== ',') descriptor += input[i++];
      }
      if (!url) continue;
      const width = /(\d+)w/.exec(descriptor);
      const density = /([\d.]+)x/.exec(descriptor);
      candidates.push({ url: absolute(url), width: width ? Number(width[1]) : 0, density: density ? Number(density[1]) : 1 });
    }
    return candidates.filter((c) => c.url);
  };

  const largest = (candidates) => {
    if (candidates.length === 0) return null;
    const sorted = [...candidates].sort((a, b) => (b.width - a.width) || (b.density - a.density));
    return sorted[0].url;
  };

  const isPlaceholder = (url) => !url || url.startsWith('data:') || url === 'about:blank';

  // Lazy-load attributes name the real image; then the <picture> source the browser chose, then srcset.
  const bestSourceOf = (img) => {
    for (const name of LAZY_SRCSET_ATTRIBUTES) {
      const url = largest(parseSrcset(img.getAttribute(name)));
      if (url) return url;
    }
    for (const name of LAZY_URL_ATTRIBUTES) {
      const value = img.getAttribute(name);
      if (value && !isPlaceholder(value.trim())) return absolute(value.trim());
    }
    const current = img.currentSrc || img.src;
    if (img.parentElement?.tagName === 'PICTURE') {
      for (const source of img.parentElement.querySelectorAll('source')) {
        const candidates = parseSrcset(source.getAttribute('srcset') || source.getAttribute('data-srcset'));
        if (candidates.some((c) => c.url === current)) return largest(candidates);
      }
    }
    return largest(parseSrcset(img.getAttribute('srcset'))) || current || null;
  };

  const describe = (img, url) => ({
    imageUrl: url,
    alt: (img?.getAttribute?.('alt') || '').trim(),
    pageUrl: location.href,
    pageTitle: document.title,
  });

  const clickedImage = () => {
    let target = null;
    const menus = globalThis.browser?.menus;
    if (request.targetElementId != null && menus?.getTargetElement) target = menus.getTargetElement(request.targetElementId);
    if (!(target instanceof HTMLImageElement)) {
      // Chrome does not say which element was clicked: find the images showing that URL, the hovered one first.
      const matches = [...document.images].filter((img) => img.currentSrc === request.srcUrl || img.src === request.srcUrl);
      target = matches.find((img) => img.matches(':hover')) || matches[0] || null;
    }
    return target ? describe(target, bestSourceOf(target) || request.srcUrl) : describe(null, request.srcUrl);
  };

  // No click names the element for the keyboard shortcut: the pointer's last position does, through CSS :hover,
  // which the page keeps up to date without any script of ours in it. Sites often lay a link or a caption layer
  // over the image: then the image is the one under the middle of that layer.
  const BACKGROUND_LEVELS = 3;
  const hoveredImage = () => {
    const hovered = [...document.querySelectorAll(':hover')].filter((e) => e !== document.documentElement && e !== document.body);
    const deepest = hovered.at(-1);
    if (!deepest) return null;
    let img = deepest instanceof HTMLImageElement ? deepest : null;
    if (!img) {
      const box = deepest.getBoundingClientRect();
      img = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)
        .find((e) => e instanceof HTMLImageElement) ?? null;
    }
    if (img) return describe(img, bestSourceOf(img));
    for (const element of hovered.reverse().slice(0, BACKGROUND_LEVELS)) {
      const box = element.getBoundingClientRect();
      const match = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(getComputedStyle(element).backgroundImage);
      if (match && box.width >= request.minSize && box.height >= request.minSize) {
        return { ...describe(null, absolute(match[2])), alt: (element.getAttribute('aria-label') || '').trim() };
      }
    }
    return null;
  };

  const sizeOf = (img) => {
    const box = img.getBoundingClientRect();
    return {
      width: Math.round(Math.max(img.naturalWidth || 0, box.width, Number(img.getAttribute('width')) || 0)),
      height: Math.round(Math.max(img.naturalHeight || 0, box.height, Number(img.getAttribute('height')) || 0)),
    };
  };

  const allImages = () => {
    const found = new Map();
    const add = (url, size, alt, kind) => {
      if (!url || found.has(url) || found.size >= MAX_IMAGES) return;
      if (size.width < request.minSize || size.height < request.minSize) return;
      if (!/^(https?|data|blob):/i.test(url)) return;
      found.set(url, { url, width: size.width, height: size.height, alt, kind });
    };
    for (const img of document.images) {
      add(bestSourceOf(img), sizeOf(img), (img.getAttribute('alt') || '').trim(), 'img');
    }
    const elements = document.body ? document.body.getElementsByTagName('*') : [];
    for (let i = 0; i < elements.length && i < MAX_ELEMENTS_FOR_BACKGROUNDS; i += 1) {
      const background = getComputedStyle(elements[i]).backgroundImage;
      if (!background || background === 'none') continue;
      const box = elements[i].getBoundingClientRect();
      for (const match of background.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)) {
        add(absolute(match[2]), { width: Math.round(box.width), height: Math.round(box.height) },
          (elements[i].getAttribute('aria-label') || '').trim(), 'background');
      }
    }
    return { pageUrl: location.href, pageTitle: document.title, images: [...found.values()] };
  };

  if (request.kind === 'clicked') return clickedImage();
  return request.kind === 'hovered' ? hoveredImage() : allImages();
}

/**
 * The image's bytes as the page itself would load them: with its cookies, and for blob: URLs from its own
 * memory. Firefox runs content-script fetches as the extension unless `content.fetch` is used.
 */
export async function fetchImageInPage(url) {
  const MAX_BYTES = 64 * 1024 * 1024;
  const pageFetch = globalThis.content?.fetch ? globalThis.content.fetch.bind(globalThis.content) : fetch;
  try {
    const response = await pageFetch(url, { credentials: 'include', cache: 'force-cache' });
    if (!response.ok) return { error: `the site answered ${response.status}` };
    const blob = await response.blob();
    if (blob.size > MAX_BYTES) return { error: `the image is ${Math.round(blob.size / 1048576)} MB`, tooLarge: true };
    const dataUrl = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    return { dataUrl, type: blob.type };
  } catch (error) {
    return { error: error.message || String(error) };
  }
}
