import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrCodeDataUrl } from '../../main/device-qr.ts';

/** What a phone's camera reads from the QR code: the SVG rendered, then decoded. */
function scan(dataUrl: string): string | undefined {
  const svg = Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: 400 }, background: '#fff' }).render();
  return jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height)?.data;
}

describe('qrCodeDataUrl', () => {
  it.each([
    'https://login.example.com/device?user_code=WDJB-MJHT',
    'http://127.0.0.1:4000/device?user_code=BCDF-GHJK',
    `https://idcs-0123456789abcdef0123456789abcdef.identity.oraclecloud.com/oauth2/v1/device?user_code=${'X'.repeat(12)}`,
  ])('draws %s as an SVG image that scans back to the same address', (address) => {
    const dataUrl = qrCodeDataUrl(address);
    expect(dataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(scan(dataUrl!)).toBe(address);
  });

  it.each(['javascript:alert(1)', 'not a url', `https://example.com/${'a'.repeat(600)}`])('draws nothing for %s', (text) => {
    expect(qrCodeDataUrl(text)).toBeUndefined();
  });
});
