import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { Role } from '@/types/api';
import { ProfileRoute } from './ProfileRoute';

function renderAs(roles: Role[]) {
  const me = makeUser({ roles });
  mockApi({ 'GET /me': () => json(me) });
  renderWithProviders(<ProfileRoute />, { user: me });
}

describe('ProfileRoute notification settings', () => {
  it('shows a citizen only the events a citizen receives', async () => {
    renderAs(['citizen']);
    expect(await screen.findByRole('rowheader', { name: 'Neuer Kommentar bei einer Idee, der ich folge' })).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'Mir wurde eine Bewertung zugewiesen' })).not.toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: /für das CDO-Büro/ })).not.toBeInTheDocument();
  });

  it('shows reviewers their review events, and the CDO the waiting ideas', async () => {
    renderAs(['employee', 'reviewer', 'cdo']);
    expect(await screen.findByRole('rowheader', { name: 'Mir wurde eine Bewertung zugewiesen' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: /für das CDO-Büro/ })).toBeInTheDocument();
  });
});
