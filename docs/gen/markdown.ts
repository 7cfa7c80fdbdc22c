/**
 * Text from code (descriptions, help) made safe inside a Markdown table cell and inside VitePress's Vue pages:
 * outside `code spans`, `<`, `>` and braces become entities (a `<path>` would be an HTML tag, `{{` a Vue
 * interpolation); code spans are left as written (Markdown escapes them itself).
 */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replaceAll('&', '&amp;')
            .replaceAll('<', '&lt;')
            .replaceAll('>', '&gt;')
            .replaceAll('{', '&#123;')
            .replaceAll('}', '&#125;'),
    )
    .join('')
    .replaceAll('|', '\\|');
}
