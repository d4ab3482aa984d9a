import type { Template } from '@pdfme/common';
import { Alert, Space, Spin, Typography } from 'antd';
import { type MutableRefObject, useEffect, useRef, useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';
import { loadDesignerFonts } from './designer-fonts.ts';
import { sealSlotPlugin } from './seal-slot-plugin.ts';

/** What the editor reads from the designer when it saves. */
export interface DesignerHandle {
  getTemplate(): Template;
}

/**
 * pdfme's Designer on the template's pages. pdfme (its own React and antd) is loaded only when a
 * template is opened, and mounts into its own root inside this div.
 */
export function TemplateDesigner({
  template,
  handle,
}: {
  template: Template;
  handle: MutableRefObject<DesignerHandle | null>;
}) {
  const { t, locale } = useLocale();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ status: 'loading' | 'ready' } | { status: 'failed'; error: string }>({
    status: 'loading',
  });
  const lang = locale === 'zh-CN' ? ('zh' as const) : ('en' as const);
  const labelsRef = useRef({ lang, sealRole: t('tpl.designer.sealRole') });
  labelsRef.current = { lang, sealRole: t('tpl.designer.sealRole') };

  // biome-ignore lint/correctness/useExhaustiveDependencies: built once per loaded template; the language is applied below
  useEffect(() => {
    let live = true;
    let destroy: (() => void) | undefined;
    setState({ status: 'loading' });
    Promise.all([import('@pdfme/ui'), import('@pdfme/schemas'), loadDesignerFonts()]).then(
      ([{ Designer }, s, font]) => {
        if (!live || !container.current) return;
        const designer = new Designer({
          domContainer: container.current,
          template,
          options: {
            font,
            lang: labelsRef.current.lang,
            labels: { 'sealSlot.role': labelsRef.current.sealRole },
          },
          plugins: {
            [t('tpl.plugin.text')]: s.text,
            [t('tpl.plugin.multiVariableText')]: s.multiVariableText,
            [t('tpl.plugin.table')]: s.table,
            [t('tpl.plugin.image')]: s.image,
            [t('tpl.plugin.line')]: s.line,
            [t('tpl.plugin.rectangle')]: s.rectangle,
            [t('tpl.plugin.qrcode')]: s.barcodes.qrcode,
            [t('tpl.plugin.sealSlot')]: sealSlotPlugin as never,
          },
        });
        handle.current = { getTemplate: () => designer.getTemplate() };
        destroy = () => designer.destroy();
        setState({ status: 'ready' });
      },
      (error: unknown) => live && setState({ status: 'failed', error: String(error) }),
    );
    return () => {
      live = false;
      handle.current = null;
      destroy?.();
    };
  }, [template]);

  return (
    <div>
      {state.status === 'failed' && (
        <Alert type="error" showIcon message={t('tpl.designer.failed')} description={state.error} />
      )}
      {state.status === 'loading' && (
        <Space style={{ padding: 12 }}>
          <Spin size="small" />
          <Typography.Text type="secondary">{t('tpl.designer.loading')}</Typography.Text>
        </Space>
      )}
      <div
        ref={container}
        data-testid="template-designer"
        data-state={state.status}
        style={{ width: '100%', height: '75vh', minHeight: 480, border: '1px solid #f0f0f0' }}
      />
    </div>
  );
}
