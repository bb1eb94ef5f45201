// Anything an <img> can show without running code, and that the page's CSP (img-src data: https:)
// lets through. Claims come from the provider: a `javascript:` or `http:` picture is ignored.
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;

/** The picture claim as an <img> src, or undefined when it is not an https: or data:image URL. */
export const safeImageUrl = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const candidate = value.trim();
  if (DATA_IMAGE.test(candidate)) return candidate;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};
