import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaDetailRoute } from './IdeaDetailRoute';

const page = { items: [], nextCursor: null, total: 0 };
const idea = (stage: string) => ({
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', description: 'Lang', stage, stageSince: '2026-11-01T00:00:00Z',
  needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author: { id: 'someone', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: null, version: 3, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
  submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z', supported: false, following: false,
});

function show(stage: string) {
  const api = mockApi({
    'GET /ideas/:id': () => json(idea(stage)),
    'GET /ideas/:id/history': () => json(page),
    'GET /ideas/:id/comments': () => json(page),
    'GET /ideas/:id/reviews': () => errorEnvelope(404, 'not_found', 'no reviews'),
    'GET /departments': () => json(page),
    'GET /ideas/:id/reviewers': () =>
      json({
        ideaId: 'i1', criteriaSetId: null, version: 2,
        items: [
          {
            reviewer: { id: 'r2', displayName: 'Rita Gutachterin' }, dueAt: '2099-01-31T23:59:59Z', assignedAt: '2026-11-02T00:00:00Z',
            status: 'declined', declineReason: 'Befangen', reviewStatus: 'none', overdue: false,
          },
        ],
      }),
  });
  renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/ideas/i1', path: '/ideas/:id' });
  return api;
}

describe('IdeaDetailRoute reviewers', () => {
  it('shows the CDO the assignments of an idea in evaluation, declines included', async () => {
    show('evaluation');
    const panel = await screen.findByRole('region', { name: 'Gutachtende' });
    expect(await within(panel).findByText('Rita Gutachterin')).toBeInTheDocument();
    expect(within(panel).getByText('Abgelehnt')).toBeInTheDocument();
    expect(within(panel).getByText('Grund: „Befangen“')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Gutachtende ändern' })).toBeInTheDocument();
  });

  it('shows no panel once the idea has left evaluation', async () => {
    const api = show('decision');
    await screen.findByRole('heading', { name: 'Solarbänke', level: 1 });
    expect(screen.queryByRole('region', { name: 'Gutachtende' })).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path === '/ideas/i1/reviewers')).toBe(false);
  });
});
