import type { Plugin, Schema } from '@pdfme/common';

export type SealRole = 'issuer' | 'counter';
export interface SealSlotSchema extends Schema {
  type: 'sealSlot';
  sealRole: SealRole;
}

/** Seal diameter the demo templates use: real Chinese official seals are 40–42 mm. */
const DEFAULT_SIZE_MM = 40;
const RED = '#d4380d';

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2"><circle cx="12" cy="12" r="9"/></svg>';

/**
 * Where a seal goes: OUR schema type `sealSlot`. The designer shows a dashed red circle; the
 * rendered PDF prints nothing there, because the signing step stamps the issuer's (or the archive's
 * counter-) seal into exactly this box when the credential is issued.
 */
export const sealSlotPlugin: Plugin<SealSlotSchema> = {
  ui: ({ schema, rootElement }) => {
    const circle = document.createElement('div');
    circle.dataset['testid'] = 'seal-slot';
    Object.assign(circle.style, {
      width: '100%',
      height: '100%',
      boxSizing: 'border-box',
      border: `2px dashed ${RED}`,
      borderRadius: '50%',
      color: RED,
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      fontSize: '11px',
      lineHeight: '1.3',
      textAlign: 'center',
      userSelect: 'none',
    });
    const label = document.createElement('div');
    label.textContent = '印章位置 / Seal';
    const role = document.createElement('div');
    role.textContent = schema.sealRole === 'counter' ? '档案馆 / counter' : '发证 / issuer';
    circle.append(label, role);
    rootElement.appendChild(circle);
  },
  // Nothing is printed: the seal itself is added by the signature.
  pdf: () => undefined,
  propPanel: {
    schema: ({ i18n }) => ({
      sealRole: {
        // The label comes from the designer's `labels` option (template-designer.tsx).
        title: i18n('sealSlot.role'),
        type: 'string',
        widget: 'select',
        props: {
          options: [
            { label: '发证单位 / Issuer', value: 'issuer' },
            { label: '档案馆副章 / Counter-seal', value: 'counter' },
          ],
        },
        span: 24,
      },
    }),
    defaultSchema: {
      name: '',
      type: 'sealSlot',
      content: '',
      position: { x: 0, y: 0 },
      width: DEFAULT_SIZE_MM,
      height: DEFAULT_SIZE_MM,
      readOnly: true,
      sealRole: 'issuer',
    },
  },
  icon: ICON,
};
