import { describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { SIGNED_OUT_CHOICE_KEY, STORAGE_KEY, createI18n } from '@/lib/i18n';
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
    expect(screen.getByRole('button', { name: 'DE – Deutsch' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'EN – English' }));
    expect(screen.getByText('Ideas')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'EN – English' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('names each button with what it shows first (label in name, WCAG 2.5.3)', () => {
    renderWithProviders(<LanguageSwitch />);
    for (const button of screen.getAllByRole('button')) {
      const visible = button.querySelector(':scope > .visually-hidden') ? button.firstChild?.textContent : button.textContent;
      expect(['DE', 'EN']).toContain(visible);
      expect(button).toHaveAccessibleName(new RegExp(`^${visible} – `));
    }
  });

  it('remembers a choice made while signed out for the next sign-in in this tab, not one made while signed in', async () => {
    const user = userEvent.setup();
    renderWithProviders(<LanguageSwitch />);
    await user.click(screen.getByRole('button', { name: 'EN – English' }));
    expect(window.sessionStorage.getItem(SIGNED_OUT_CHOICE_KEY)).toBe('en');
    cleanup();
    window.sessionStorage.clear();
    // Signed in, the choice goes to the account (PATCH /me) and is nothing to keep for a sign-in.
    mockApi({ 'PATCH /me': () => json(makeUser({ locale: 'de' })) });
    renderWithProviders(<LanguageSwitch />, { user: makeUser({ locale: 'en' }), lng: 'en' });
    await user.click(screen.getByRole('button', { name: 'DE – Deutsch' }));
    expect(window.sessionStorage.getItem(SIGNED_OUT_CHOICE_KEY)).toBeNull();
  });

  it('starts in the remembered language', () => {
    window.localStorage.setItem(STORAGE_KEY, 'en');
    expect(createI18n().language).toBe('en');
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    expect(createI18n().language).toBe('de');
  });
});
