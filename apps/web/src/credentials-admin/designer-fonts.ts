import notoSerifSc from '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf?url';
import notoSerifScBold from '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf?url';
import type { Font } from '@pdfme/common';

let fonts: Promise<Font> | null = null;

async function fetchFont(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * The two faces the render engine embeds (packages/templates font-faces.ts), under the same names,
 * so what the designer shows is what the PDF prints. They are fetched here, once per page load,
 * because pdfme fetches only absolute URLs on public hosts and reads any other string as base64.
 */
export function loadDesignerFonts(): Promise<Font> {
  fonts ??= Promise.all([fetchFont(notoSerifSc), fetchFont(notoSerifScBold)]).then(
    ([regular, bold]) => ({
      NotoSerifSC: { data: regular, fallback: true },
      'NotoSerifSC-Bold': { data: bold },
    }),
    (error: unknown) => {
      fonts = null;
      throw error;
    },
  );
  return fonts;
}
