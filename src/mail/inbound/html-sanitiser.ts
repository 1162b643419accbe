import sanitizeHtml from 'sanitize-html';

/**
 * Mail HTML made safe to show staff: an allowlist of formatting tags, no scripts, styles,
 * event handlers, forms or frames, and no remote loads — images only from the mail itself
 * (`cid:`) or inline data, so tracking pixels never call home. Links keep http(s)/mailto and
 * open without a referrer.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'small',
    'sub',
    'sup',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'td',
    'th',
    'caption',
  ],
  allowedAttributes: {
    // rel and target are set by transformTags below, never taken from the mail.
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Dropped together with their content, not just unwrapped.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'head',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
  ],
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

// Only data: images of raster types; an SVG could carry script.
function dropUnsafeDataImages(html: string): string {
  return html.replace(/<img\b[^>]*\bsrc="data:(?!image\/(?:png|gif|jpeg|webp);)[^"]*"[^>]*>/gi, '');
}

export function sanitiseMailHtml(html: string): string {
  return dropUnsafeDataImages(sanitizeHtml(html, OPTIONS));
}
