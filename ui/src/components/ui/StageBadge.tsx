import { useTranslation } from 'react-i18next';
import type { Stage } from '@/types/api';

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return <span className={`badge stage--${stage}`}>{t(`stage.${stage}`)}</span>;
}
