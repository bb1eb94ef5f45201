/**
 * The QR code of a sign-in from another device (RFC 8628 §3.3.1): the verification address with
 * the code in it, for a phone's camera. Made in the main process, so the window's JavaScript
 * stays small; the window gets an SVG data: URL, which its CSP allows as an image.
 */
import qrcode from 'qrcode-generator';

/** Addresses long enough to need more are not drawn (a provider's address is far shorter). */
const MAX_LENGTH = 512;

/** An SVG data: URL of `text` as a QR code (medium error correction, a 4-module quiet zone),
 *  or undefined for text that is not an http(s) address or is too long. */
export function qrCodeDataUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || text.length > MAX_LENGTH) return undefined;
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const svg = code.createSvgTag({ cellSize: 4, margin: 16, scalable: true });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
