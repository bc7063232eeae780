import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockApi, renderWithProviders } from '@/test/utils';
import { AccessibilityRoute } from './AccessibilityRoute';

const tenant = (contactEmail?: string) => ({ id: 't', slug: 'ms', name: 'Stadt Münster', branding: { contactEmail } });

describe('AccessibilityRoute', () => {
  it('sends a barrier report without sign-in, checks its length first, and confirms where it went', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /tenant': () => json(tenant('innovation@muenster.example')),
      'POST /accessibility/feedback': () => json({ contact: 'innovation@muenster.example' }, 202),
    });
    renderWithProviders(<AccessibilityRoute />);
    const message = await screen.findByLabelText(/^Welche Barriere/);
    await user.type(message, 'zu klein');
    await user.click(screen.getByRole('button', { name: 'Meldung senden' }));
    expect(screen.getByText('Bitte beschreiben Sie die Barriere in mindestens 10 Zeichen.')).toBeInTheDocument();
    expect(message).toHaveFocus();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(message, ': die Schrift im Kalender');
    await user.type(screen.getByLabelText(/^Auf welcher Seite/), '/campaigns/new');
    await user.click(screen.getByRole('button', { name: 'Meldung senden' }));
    const done = await screen.findByText('Danke! Ihre Meldung ist an innovation@muenster.example gegangen.');
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ message: 'zu klein: die Schrift im Kalender', page: '/campaigns/new' });
    await waitFor(() => expect(done.closest('.alert')).toHaveFocus());
    expect(message).toHaveValue('');
  });

  it('offers no form while the city has no contact address', async () => {
    mockApi({ 'GET /tenant': () => json(tenant()) });
    renderWithProviders(<AccessibilityRoute />);
    expect(await screen.findByText(/Die Kontaktadresse wird von der Verwaltung noch hinterlegt/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Meldung senden' })).not.toBeInTheDocument();
  });
});

describe('AccessibilityRoute at 320 px', () => {
  it('lets the "E-Mail an …" button wrap its address instead of widening the page (reflow, WCAG 1.4.10)', async () => {
    mockApi({ 'GET /tenant': () => json(tenant('barrierefreiheit-und-digitale-teilhabe@stadtverwaltung-muenster.example')) });
    renderWithProviders(<AccessibilityRoute />);
    const mail = await screen.findByRole('link', { name: /^E-Mail an barrierefreiheit/ });
    expect(mail).toHaveClass('btn');
    // jsdom lays nothing out: the rule of global.css is read.
    const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
    const btn = css.match(/\n\.btn \{([^}]*)\}/)?.[1] ?? '';
    expect(btn).toMatch(/overflow-wrap: anywhere;/);
    expect(btn).toMatch(/max-width: 100%;/);
  });
});
