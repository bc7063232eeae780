import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import { en } from '@/locales/en';
import { de } from '@/locales/de';
import { PageHeader } from './PageTitle';

describe('PageHeader', () => {
  it('marks the German name "Einer für alle" in an English heading as German (the /reuse h1, WCAG 3.1.2)', () => {
    renderWithProviders(<PageHeader title={en.reuse.title} />, { lng: 'en' });
    const h1 = screen.getByRole('heading', { level: 1, name: 'Reuse catalogue – Einer für alle' });
    const term = screen.getByText('Einer für alle');
    expect(term.tagName).toBe('SPAN');
    expect(term).toHaveAttribute('lang', 'de');
    expect(h1).toContainElement(term);
    expect(h1).not.toHaveAttribute('lang');
    expect(document.title).toBe('Reuse catalogue – Einer für alle – Ideenwerk');
  });

  it('adds nothing in the German UI', () => {
    renderWithProviders(<PageHeader title={de.reuse.title} />);
    expect(screen.getByRole('heading', { level: 1 }).querySelector('[lang]')).toBeNull();
  });

  it('takes a document title that says more than the heading', () => {
    renderWithProviders(<PageHeader title="Verwaltung" documentTitle="Benutzer – Verwaltung" />);
    expect(document.title).toBe('Benutzer – Verwaltung – Ideenwerk');
  });
});
