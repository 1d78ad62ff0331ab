/** The one Content-Security-Policy for the renderer, sent by the app:// protocol and by the browser-mode host. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  // pdf.js's worker (src-renderer/features/documents/PdfViewer.tsx), a file of the app itself.
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
