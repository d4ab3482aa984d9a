import type { CredentialTemplate, TemplateSchema } from '../src/index.ts';
import { pngDataUrl } from './sample-images.ts';
import { transcriptTemplate } from './transcript-fixture.ts';

/** The transcript fixture with the school's logo (a fixed image) at the top left, then `extra` on its page. */
export function transcriptWithLogo(...extra: TemplateSchema[]): CredentialTemplate {
  return {
    ...transcriptTemplate,
    schemas: [
      [
        ...transcriptTemplate.schemas[0]!,
        {
          name: 'logo',
          type: 'image',
          position: { x: 15, y: 12 },
          width: 15,
          height: 15,
          readOnly: true,
          content: pngDataUrl(),
        },
        ...extra,
      ],
    ],
  };
}
