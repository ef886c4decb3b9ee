// The hand-off link as a QR code, drawn here as SVG and sent to the desktop as a data: URL inside the
// JSON answer that created the link: the page shows it in an <img> (the CSP's img-src allows data:),
// with no inline script or style, and the link's secret never needs a route of its own.
import QRCode from 'qrcode';

export async function qrCodeDataUrl(text: string): Promise<string> {
  // M: 15% damage tolerance, and a URL of ~60 characters still fits a small version (easy to scan).
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
