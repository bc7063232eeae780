import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { de } from '@/locales/de';
import { en } from '@/locales/en';
import { AUDIT_ACTIONS, AuditRoute } from './AuditRoute';

const entries = [
  {
    id: 'a2',
    actor: { id: 'u-admin', displayName: 'Anna Admin' },
    action: 'user.update',
    targetType: 'user',
    targetId: 'u-rita',
    targetName: 'Rita Gutachterin',
    at: '2026-11-26T09:30:00Z',
    requestId: 'r2',
    details: { roles: 'employee,reviewer,cdo', previousRoles: 'employee,reviewer' },
  },
  {
    id: 'a3',
    actor: { id: 'u-cdo', displayName: 'Clara Digital (CDO)' },
    action: 'comment.hide',
    targetType: 'comment',
    targetId: 'c9',
    targetName: null,
    at: '2026-11-26T10:00:00Z',
    requestId: 'r3',
    details: { ideaId: 'i1', reason: 'Beleidigung' },
  },
  {
    id: 'a1',
    actor: { id: 'u-cdo', displayName: 'Clara Digital (CDO)' },
    action: 'idea.transition',
    targetType: 'idea',
    targetId: 'i1',
    targetName: 'Digitale Bauakte',
    at: '2026-11-25T08:00:00Z',
    requestId: 'r1',
    details: { from: 'screening', to: 'evaluation' },
  },
];

describe('AuditRoute', () => {
  it('lists who did what, names actions and links ideas; filters by action and period through the address', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ 'GET /audit': () => json({ items: entries, nextCursor: null, total: 3 }) });
    renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['employee', 'admin'] }), route: '/admin/audit', path: '/admin/audit' });
    expect(await screen.findByText('3 Einträge')).toBeInTheDocument();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(within(rows[1]).getByRole('rowheader')).toHaveTextContent('Konto geändert');
    expect(rows[1]).toHaveTextContent('Anna Admin');
    // Details in words: role and stage names, not codes.
    expect(rows[1]).toHaveTextContent('RollenMitarbeiter*in, Gutachter*in, CDO-Büro');
    expect(rows[1]).toHaveTextContent('Rollen vorherMitarbeiter*in, Gutachter*in');
    expect(rows[3]).toHaveTextContent('VonSichtung');
    expect(within(rows[3]).getByRole('link', { name: 'Digitale Bauakte' })).toHaveAttribute('href', '/ideas/i1');
    expect(within(rows[2]).getByRole('link', { name: 'Kommentar' })).toHaveAttribute('href', '/ideas/i1#comment-c9');
    expect(rows[1]).toHaveTextContent('Konto: Rita Gutachterin');

    await user.selectOptions(screen.getByLabelText('Aktion'), 'user.update');
    await user.type(screen.getByLabelText('Von (Tag)'), '2026-11-01');
    await user.type(screen.getByLabelText('Bis einschließlich'), '2026-11-30');
    await user.click(screen.getByRole('button', { name: 'Anzeigen' }));
    await waitFor(() => {
      const last = api.calls.at(-1)!.url.searchParams;
      expect(last.get('action')).toBe('user.update');
      expect(last.get('from')).toBe('2026-11-01');
      // "Up to and including" the 30th: the API's end is exclusive.
      expect(last.get('to')).toBe('2026-12-01');
    });
    await user.click(screen.getByRole('button', { name: 'Filter zurücksetzen' }));
    await waitFor(() => expect(api.calls.at(-1)!.url.searchParams.get('action')).toBeNull());
  });

  it('names every action the server records, in German and English', () => {
    for (const a of AUDIT_ACTIONS) {
      const key = a.replaceAll('.', '_') as keyof typeof de.audit.action;
      expect(de.audit.action[key], a).toBeTruthy();
      expect(en.audit.action[key], a).toBeTruthy();
    }
  });
});
