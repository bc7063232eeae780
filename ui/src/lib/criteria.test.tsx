import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from './i18n';
import { DEFAULT_CRITERIA, CriterionName, criteriaSetName, criterionDescription, criterionLabel } from './criteria';
import { de } from '@/locales/de';

describe('criterion labels', () => {
  const en = createI18n('en').t;
  const deT = createI18n('de').t;

  it('shows a default criterion the cdo has not renamed in the UI language', () => {
    expect(criterionLabel(en, 'feasibility', 'Umsetzbarkeit')).toBe('Feasibility');
    expect(criterionLabel(en, 'citizen_benefit', 'Nutzen für Bürgerinnen und Bürger')).toBe('Benefit for citizens');
    expect(criterionLabel(en, 'reusability', 'Nachnutzbarkeit – Einer für alle')).toBe('Reusability – Einer für alle');
    // As seeded by earlier versions.
    expect(criterionLabel(en, 'reusability', 'Nachnutzbarkeit ("Einer für alle")')).toBe('Reusability – Einer für alle');
    expect(criterionLabel(deT, 'feasibility', 'Umsetzbarkeit')).toBe('Umsetzbarkeit');
    expect(criterionDescription(en, 'efficiency', 'Spart die Idee Zeit, Geld oder Aufwand in der Verwaltung?')).toBe(
      'Does the idea save time, money or effort in the administration?',
    );
    expect(criteriaSetName(en, 'Standard-Bewertungskriterien')).toBe('Default evaluation criteria');
  });

  it('shows a renamed default criterion, and the tenant’s own, as written', () => {
    expect(criterionLabel(en, 'feasibility', 'Machbarkeit')).toBe('Machbarkeit');
    expect(criterionLabel(en, 'benefit', 'Umsetzbarkeit')).toBe('Umsetzbarkeit');
    expect(criterionDescription(en, 'efficiency', 'Eigene Erklärung')).toBe('Eigene Erklärung');
    expect(criteriaSetName(en, 'Kriterien 2027')).toBe('Kriterien 2027');
  });

  it('marks a stored label as German in the English UI, and the German term of a translated one', () => {
    const i18n = createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <ul>
          <li>
            <CriterionName criterion={{ key: 'feasibility', label: 'Machbarkeit' }} />
          </li>
          <li>
            <CriterionName criterion={{ key: 'feasibility', label: 'Umsetzbarkeit' }} />
          </li>
          <li>
            <CriterionName criterion={{ key: 'reusability', label: 'Nachnutzbarkeit ("Einer für alle")' }} />
          </li>
        </ul>
      </I18nextProvider>,
    );
    expect(screen.getByText('Machbarkeit')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Feasibility')).not.toHaveAttribute('lang');
    expect(screen.getByText('Einer für alle')).toHaveAttribute('lang', 'de');
  });

  it('knows the default criteria by the labels and descriptions the API seeds (internal/domain/criteria.go)', () => {
    const go = readFileSync(resolve(process.cwd(), '../internal/domain/criteria.go'), 'utf8');
    const seeded = [...go.matchAll(/\{Key: "(\w+)", Label: "((?:[^"\\]|\\.)*)", Weight: \d+,\s*Description: "((?:[^"\\]|\\.)*)"\}/g)].map((m) => ({
      key: m[1],
      label: m[2].replace(/\\"/g, '"'),
      description: m[3].replace(/\\"/g, '"'),
    }));
    expect(seeded.map((c) => c.key)).toEqual([...DEFAULT_CRITERIA]);
    for (const c of seeded) expect(de.reviews.defaultCriteria[c.key as (typeof DEFAULT_CRITERIA)[number]], c.key).toEqual({ label: c.label, description: c.description });
    expect(go).toContain(`const DefaultCriteriaSetName = "${de.reviews.defaultSetName}"`);
  });
});
