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

  describe('account changes in the UI language', () => {
    const dep = { id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z' };
    const change = (id: string, targetName: string, details: Record<string, string>) => ({
      id,
      actor: { id: 'u-admin', displayName: 'Anna Admin' },
      action: 'user.update',
      targetType: 'user',
      targetId: 'u-' + id,
      targetName,
      at: '2026-11-26T09:30:00Z',
      requestId: 'r-' + id,
      details,
    });
    const changes = [
      change('s1', 'Paul Pause', { status: 'deactivated', previousStatus: 'active', departmentId: 'd1' }),
      change('s2', 'Uta Umzug', { status: 'active', previousStatus: 'unverified', departmentId: 'd-gone' }),
      change('s3', 'Otto Ohne', { departmentId: '' }),
    ];
    const render = (lng: 'de' | 'en') => {
      mockApi({
        'GET /audit': () => json({ items: changes, nextCursor: null, total: changes.length }),
        'GET /departments': () => json({ items: [dep], nextCursor: null, total: 1 }),
      });
      renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['employee', 'admin'] }), route: '/admin/audit', path: '/admin/audit', lng });
    };
    const row = (name: string) => screen.getByRole('cell', { name: new RegExp(name) }).closest('tr')!;

    it('German: statuses by name, departments as "code — name", an unknown one by its ID', async () => {
      render('de');
      await screen.findByText('3 Einträge');
      await waitFor(() => expect(row('Paul Pause')).toHaveTextContent('Fachbereich32 — Ordnungsamt'));
      expect(row('Paul Pause')).toHaveTextContent('StatusDeaktiviert');
      expect(row('Paul Pause')).toHaveTextContent('Status vorherAktiv');
      expect(row('Paul Pause')).not.toHaveTextContent(/deactivated|active|d1/);
      expect(row('Uta Umzug')).toHaveTextContent('StatusAktiv');
      expect(row('Uta Umzug')).toHaveTextContent('Status vorherUnbestätigt');
      // Not among the departments: the ID as recorded, and the label says it is one.
      expect(row('Uta Umzug')).toHaveTextContent('Fachbereich (ID)d-gone');
      // The department taken away.
      expect(row('Otto Ohne')).toHaveTextContent('FachbereichKeine Angabe');
    });

    it('English: the same in English', async () => {
      render('en');
      await screen.findByText('3 entries');
      await waitFor(() => expect(row('Paul Pause')).toHaveTextContent('Department32 — Ordnungsamt'));
      expect(row('Paul Pause')).toHaveTextContent('StatusDeactivated');
      expect(row('Paul Pause')).toHaveTextContent('Status beforeActive');
      expect(row('Uta Umzug')).toHaveTextContent('Status beforeUnverified');
      expect(row('Uta Umzug')).toHaveTextContent('Department (ID)d-gone');
      expect(row('Otto Ohne')).toHaveTextContent('DepartmentNot specified');
    });

    it('asks for the departments only when an entry names one', async () => {
      const api = mockApi({ 'GET /audit': () => json({ items: entries, nextCursor: null, total: 3 }) });
      renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['employee', 'admin'] }), route: '/admin/audit', path: '/admin/audit' });
      await screen.findByText('3 Einträge');
      expect(api.calls.map((c) => c.path)).not.toContain('/departments');
    });
  });

  describe('a period that ends before it starts', () => {
    it.each([
      { lng: 'de' as const, from: 'Von (Tag)', to: 'Bis einschließlich', apply: 'Anzeigen', error: 'Das Ende liegt vor dem Anfang.', empty: 'Keine Einträge für diese Auswahl.' },
      { lng: 'en' as const, from: 'From (day)', to: 'Up to and including', apply: 'Show', error: 'The end is before the start.', empty: 'No entries for this selection.' },
    ])('$lng: says so at the "to" field instead of asking for (and showing) no entries', async ({ lng, from, to, apply, error, empty }) => {
      const user = userEvent.setup({ delay: null });
      const api = mockApi({ 'GET /audit': () => json({ items: entries, nextCursor: null, total: 3 }) });
      renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['employee', 'admin'] }), route: '/admin/audit', path: '/admin/audit', lng });
      await screen.findByRole('table');
      const before = api.calls.length;
      await user.type(screen.getByLabelText(from), '2026-11-30');
      await user.type(screen.getByLabelText(to), '2026-11-01');
      await user.click(screen.getByRole('button', { name: apply }));
      const field = await screen.findByLabelText(to);
      await waitFor(() => expect(field).toHaveAccessibleDescription(expect.stringContaining(error)));
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(field).toHaveValue('2026-11-01');
      await waitFor(() => expect(field).toHaveFocus());
      // Nothing asked for, and no "0 entries" (nor the earlier list) beside the error.
      await new Promise((r) => setTimeout(r, 50));
      expect(api.calls.slice(before)).toEqual([]);
      expect(screen.queryByText(empty)).not.toBeInTheDocument();
      expect(screen.queryByRole('table')).not.toBeInTheDocument();

      // Put right, the log is asked for again.
      await user.clear(screen.getByLabelText(to));
      await user.type(screen.getByLabelText(to), '2026-11-30');
      await user.click(screen.getByRole('button', { name: apply }));
      await waitFor(() => expect(api.calls.at(-1)?.url.searchParams.get('to')).toBe('2026-12-01'));
      expect(screen.getByLabelText(to)).not.toHaveAttribute('aria-invalid');
    });

    it('from a bookmarked address too: the error, and no request', async () => {
      const api = mockApi({ 'GET /audit': () => json({ items: [], nextCursor: null, total: 0 }) });
      renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['admin'] }), route: '/admin/audit?from=2026-11-30&to=2026-11-01', path: '/admin/audit' });
      expect(screen.getByLabelText('Bis einschließlich')).toHaveAccessibleDescription(/Das Ende liegt vor dem Anfang\./);
      await new Promise((r) => setTimeout(r, 50));
      expect(api.calls).toEqual([]);
      expect(screen.queryByText('Keine Einträge für diese Auswahl.')).not.toBeInTheDocument();
    });
  });

  it('names every action the server records, in German and English', () => {
    for (const a of AUDIT_ACTIONS) {
      const key = a.replaceAll('.', '_') as keyof typeof de.audit.action;
      expect(de.audit.action[key], a).toBeTruthy();
      expect(en.audit.action[key], a).toBeTruthy();
    }
  });
});

describe('AuditRoute in the English UI', () => {
  it('marks ideas’, campaigns’ and departments’ names as German, not accounts or the English around them', async () => {
    const more = [
      ...entries,
      { id: 'a4', actor: null, action: 'campaign.update', targetType: 'campaign', targetId: 'c1', targetName: 'Saubere Innenstadt', at: '2026-11-24T08:00:00Z', requestId: 'r4', details: {} },
      { id: 'a5', actor: null, action: 'department.update', targetType: 'department', targetId: 'd1', targetName: 'Ordnungsamt', at: '2026-11-23T08:00:00Z', requestId: 'r5', details: {} },
      { id: 'a6', actor: null, action: 'user.update', targetType: 'user', targetId: 'u-p', targetName: 'Paul Pause', at: '2026-11-22T08:00:00Z', requestId: 'r6', details: { departmentId: 'd1' } },
    ];
    mockApi({
      'GET /audit': () => json({ items: more, nextCursor: null, total: more.length }),
      'GET /departments': () => json({ items: [{ id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '', updatedAt: '' }], nextCursor: null, total: 1 }),
    });
    renderWithProviders(<AuditRoute />, { user: makeUser({ roles: ['employee', 'admin'] }), route: '/admin/audit', path: '/admin/audit', lng: 'en' });
    await screen.findByText('6 entries');
    expect(screen.getByRole('link', { name: 'Digitale Bauakte' })).toHaveAttribute('lang', 'de');
    expect(screen.getByRole('link', { name: 'Saubere Innenstadt' })).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Ordnungsamt')).toHaveAttribute('lang', 'de');
    expect(await screen.findByText('32 — Ordnungsamt')).toHaveAttribute('lang', 'de');
    // A person's name and the comment link are no German text of the municipality's.
    expect(screen.getByText('Rita Gutachterin')).not.toHaveAttribute('lang');
    expect(screen.getByRole('link', { name: 'Comment' })).not.toHaveAttribute('lang');
  });
});
