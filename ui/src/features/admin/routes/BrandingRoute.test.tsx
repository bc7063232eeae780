import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { BrandingRoute } from './BrandingRoute';

const admin = makeUser({ roles: ['admin'] });
const tenant = (version: number, branding: Record<string, string> = {}, name = 'Musterstadt') => ({
  id: 't1',
  slug: 'musterstadt',
  name,
  branding: {
    primaryColor: '#005ca9',
    logoUrl: 'https://musterstadt.example/logo.svg',
    contactEmail: 'innovation@musterstadt.example',
    imprintUrl: 'https://musterstadt.example/impressum',
    privacyUrl: 'https://musterstadt.example/datenschutz',
    ...branding,
  },
  features: ['local-login'],
  version,
});

describe('BrandingRoute', () => {
  it('removes an emptied web address (sends it empty), and sends only what changed, with If-Match', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /tenant': () => json(tenant(5)),
      'PATCH /tenant': () => json(tenant(6, { imprintUrl: '', logoUrl: '' })),
    });
    renderWithProviders(<BrandingRoute />, { user: admin });
    await user.clear(await screen.findByLabelText('Impressum (URL)'));
    await user.clear(screen.getByLabelText('Logo-Adresse (URL)'));
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({ imprintUrl: '', logoUrl: '' });
    expect(patches[0].headers.get('If-Match')).toBe('"v5"');
    expect(screen.getByLabelText('Impressum (URL)')).toHaveValue('');
  });

  it('refuses a logo address without https at the field, before sending', async () => {
    const user = userEvent.setup();
    const api = mockApi({ 'GET /tenant': () => json(tenant(5)) });
    renderWithProviders(<BrandingRoute />, { user: admin });
    const logo = await screen.findByLabelText('Logo-Adresse (URL)');
    await user.clear(logo);
    await user.type(logo, 'http://musterstadt.example/logo.png');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(logo).toHaveAccessibleDescription(/Die Adresse muss mit https:\/\/ beginnen/);
    expect(logo).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(logo).toHaveFocus());
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('refuses a logo address without https in English too', async () => {
    const user = userEvent.setup();
    const api = mockApi({ 'GET /tenant': () => json(tenant(5)) });
    renderWithProviders(<BrandingRoute />, { user: admin, lng: 'en' });
    const logo = await screen.findByLabelText('Logo address (URL)');
    await user.clear(logo);
    await user.type(logo, 'musterstadt.example/logo.png');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(logo).toHaveAccessibleDescription(/The address must start with https:\/\//);
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('when someone else changed the branding meanwhile, says so and shows the current state', async () => {
    const user = userEvent.setup();
    let stored = tenant(5);
    const api = mockApi({
      'GET /tenant': () => json(stored),
      'PATCH /tenant': (req) =>
        req.headers.get('If-Match') === `"v${stored.version}"` ? json((stored = { ...stored, name: 'Stadt Muster', version: stored.version + 1 })) : errorEnvelope(412, 'precondition_failed', 'someone else changed this'),
    });
    renderWithProviders(<BrandingRoute />, { user: admin });
    const name = await screen.findByLabelText('Name der Kommune');
    // Another admin changes the privacy address meanwhile.
    stored = tenant(6, { privacyUrl: 'https://musterstadt.example/privacy' });
    await user.clear(name);
    await user.type(name, 'Stadt Muster');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText(/Jemand anderes hat das inzwischen geändert; Ihre Änderung wurde nicht gespeichert\. Das Formular zeigt jetzt den aktuellen Stand/)).toBeInTheDocument();
    expect(screen.getByLabelText('Datenschutzerklärung (URL)')).toHaveValue('https://musterstadt.example/privacy');
    expect(screen.getByLabelText('Name der Kommune')).toHaveValue('Musterstadt');
    await user.clear(screen.getByLabelText('Name der Kommune'));
    await user.type(screen.getByLabelText('Name der Kommune'), 'Stadt Muster');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.headers.get('If-Match'))).toEqual(['"v5"', '"v6"']);
    expect(patches.map((c) => c.body)).toEqual([{ name: 'Stadt Muster' }, { name: 'Stadt Muster' }]);
  });

  it('says so in English too when someone else changed the branding', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /tenant': () => json(tenant(5)),
      'PATCH /tenant': () => errorEnvelope(412, 'precondition_failed', 'someone else changed this'),
    });
    renderWithProviders(<BrandingRoute />, { user: admin, lng: 'en' });
    await user.clear(await screen.findByLabelText('Imprint (URL)'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Someone else has changed this in the meantime; your change was not saved\. The form now shows the current state/)).toBeInTheDocument();
    expect(screen.getByLabelText('Imprint (URL)')).toHaveValue('https://musterstadt.example/impressum');
  });
});
