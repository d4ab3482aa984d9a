import type { SealAlgorithm } from '@openseal/contract';
import { Tag } from 'antd';
import { useLocale } from '../i18n/locale-context.tsx';

/** SM2 in the 国密 red (a dual seal near it), so a registry mixing both hierarchies reads at a glance. */
const COLOR: Readonly<Record<SealAlgorithm, string>> = {
  sm2: 'red',
  dual: 'volcano',
  ecdsa: 'geekblue',
  rsa: 'default',
};

/** The algorithm of a seal's certificate key; nothing for a seal without one (physical). */
export function SealAlgorithmTag({ algorithm }: { algorithm: SealAlgorithm | null }) {
  const { t } = useLocale();
  if (!algorithm) return null;
  return (
    <Tag color={COLOR[algorithm]} data-testid="seal-algorithm">
      {t(`sealAlgorithm.${algorithm}`)}
    </Tag>
  );
}
