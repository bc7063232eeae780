/**
 * What an evaluation criterion is called. The API seeds every tenant with the default set of
 * PRODUCT.md (internal/domain/criteria.go DefaultCriteria) with German labels and descriptions;
 * a default criterion the cdo has not renamed is shown with the catalogue's words, in the UI's
 * language (as the default checklist, see checklistItemLabel in gate.ts). A renamed or the
 * tenant's own criterion is shown as written – the municipality's words, marked with their
 * language where the UI speaks another.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { de } from '@/locales/de';
import { MarkGermanTerms, useContentLang } from './content-language';

export const DEFAULT_CRITERIA = ['citizen_benefit', 'efficiency', 'feasibility', 'strategy_fit', 'reusability'] as const;
export type DefaultCriterionKey = (typeof DEFAULT_CRITERIA)[number];

export const isDefaultCriterionKey = (key: string): key is DefaultCriterionKey => (DEFAULT_CRITERIA as readonly string[]).includes(key);

/** Default labels the API seeded in earlier versions (sets stored then keep them). */
const EARLIER_LABELS: Partial<Record<DefaultCriterionKey, string[]>> = { reusability: ['Nachnutzbarkeit ("Einer für alle")'] };

/** The criterion's label is the catalogue's: a default key that still has the API's German default label. */
export function isCatalogueCriterion(key: string, label: string | undefined): key is DefaultCriterionKey {
  if (!isDefaultCriterionKey(key)) return false;
  const l = (label ?? '').trim();
  return l === de.reviews.defaultCriteria[key].label || !!EARLIER_LABELS[key]?.includes(l);
}

/** The label to show: the catalogue's (UI language) for an unrenamed default criterion, else the stored one (else the key). */
export function criterionLabel(t: TFunction, key: string, label?: string): string {
  if (isCatalogueCriterion(key, label)) return t(`reviews.defaultCriteria.${key}.label`);
  return label?.trim() ? label : key;
}

/** The explanation to show: the catalogue's for a default criterion whose description is the API's default, else the stored one. */
export function criterionDescription(t: TFunction, key: string, description?: string | null): string | undefined {
  if (!description) return undefined;
  if (isDefaultCriterionKey(key) && description.trim() === de.reviews.defaultCriteria[key].description) return t(`reviews.defaultCriteria.${key}.description`);
  return description;
}

/** The name of a criteria set: the seeded default set's in the UI's language, another as written. */
export function criteriaSetName(t: TFunction, name: string): string {
  return name.trim() === de.reviews.defaultSetName ? t('reviews.defaultSetName') : name;
}

/**
 * A criterion's label as rendered text: the catalogue's in the UI's language (its German
 * terms marked), or the stored one marked as the municipality's language.
 */
export function CriterionName({ criterion }: { criterion: { key: string; label?: string } }) {
  const { t } = useTranslation();
  const lang = useContentLang();
  if (isCatalogueCriterion(criterion.key, criterion.label)) return <MarkGermanTerms>{t(`reviews.defaultCriteria.${criterion.key}.label`)}</MarkGermanTerms>;
  const label = criterionLabel(t, criterion.key, criterion.label);
  return lang ? <span lang={lang}>{label}</span> : <>{label}</>;
}

/** A criterion's explanation as rendered text (see criterionDescription), marked like CriterionName. */
export function CriterionDescription({ criterion }: { criterion: { key: string; description?: string | null } }) {
  const { t } = useTranslation();
  const lang = useContentLang();
  const text = criterionDescription(t, criterion.key, criterion.description);
  if (!text) return null;
  return lang && text === criterion.description ? <span lang={lang}>{text}</span> : <>{text}</>;
}

/** A criteria set's name as rendered text (see criteriaSetName). */
export function CriteriaSetName({ name }: { name: string }) {
  const { t } = useTranslation();
  const lang = useContentLang();
  const shown = criteriaSetName(t, name);
  return lang && shown === name ? <span lang={lang}>{name}</span> : <>{shown}</>;
}
