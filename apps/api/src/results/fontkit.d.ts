/**
 * fontkit is pdfkit's font engine (installed with it). Only `create` is used: pdfkit accepts the font
 * object it returns in `registerFont`, so a CJK font is parsed once per process instead of per PDF.
 */
declare module 'fontkit' {
  export interface FontkitFont {
    layout(text: string): unknown;
    postscriptName: string | null;
  }
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): FontkitFont;
}
