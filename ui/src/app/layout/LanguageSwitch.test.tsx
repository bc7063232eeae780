import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { renderWithProviders } from '@/test/utils';
import { STORAGE_KEY, createI18n } from '@/lib/i18n';
import { LanguageSwitch } from './LanguageSwitch';

function Probe() {
  const { t } = useTranslation();
  return <p>{t('nav.ideas')}</p>;
}

describe('LanguageSwitch', () => {
  it('switches to English, remembers it and sets <html lang>', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <LanguageSwitch />
        <Probe />
      </>,
    );
    expect(screen.getByText('Ideen')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByText('Ideas')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('starts in the remembered language', () => {
    window.localStorage.setItem(STORAGE_KEY, 'en');
    expect(createI18n().language).toBe('en');
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    expect(createI18n().language).toBe('de');
  });
});
