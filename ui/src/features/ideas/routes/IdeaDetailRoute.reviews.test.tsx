import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { disagreeingAggregate, submittedReviewBase } from '@/test/reviews';
import type { Role } from '@/types/api';
import { IdeaDetailRoute } from './IdeaDetailRoute';

const page = { items: [], nextCursor: null, total: 0 };
const idea = (stage: string) => ({
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', description: 'Lang', stage, stageSince: '2026-11-01T00:00:00Z',
  needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author: { id: 'a1', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: { weighted: 62.5, reviewCount: 2, disagreement: true }, version: 3, createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z', submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z', supported: false, following: false,
});

const criteria = [
  { key: 'benefit', label: 'Nutzen für Bürgerinnen und Bürger', description: '', weight: 60 },
  { key: 'feasibility', label: 'Umsetzbarkeit', description: '', weight: 40 },
];
const aggregate = disagreeingAggregate;
const base = submittedReviewBase;
const rita = {
  ...base, id: 'i1:r1', reviewer: { id: 'r1', displayName: 'Rita Gutachterin' }, mine: false, status: 'submitted', recommendation: 'go',
  comment: 'Gute Idee.', scores: [{ key: 'benefit', score: 5, comment: 'Viele profitieren.' }, { key: 'feasibility', score: 3, comment: '' }],
};
const bernd = {
  ...base, id: 'i1:r2', reviewer: { id: 'r2', displayName: 'Bernd Prüfer' }, mine: false, status: 'submitted', recommendation: 'no_go',
  comment: 'Zu teuer.', scores: [{ key: 'benefit', score: 2, comment: '' }, { key: 'feasibility', score: 3, comment: 'Machbar.' }],
};
const draft = { ...bernd, id: 'i1:r3', reviewer: { id: 'r3', displayName: 'Dora Entwurf' }, status: 'draft' };

function show(stage: string, roles: Role[], reviews: unknown, userId = 'u1', readsReviews = true, lng: 'de' | 'en' = 'de') {
  // Like the API: while the idea is in review, its running score is the CDO's alone.
  const blind = !roles.includes('cdo') && ['screening', 'evaluation'].includes(stage);
  const api = mockApi({
    'GET /ideas/:id': () => json({ ...idea(stage), ...(blind ? { score: null } : {}), permissions: { edit: false, delete: false, reviews: readsReviews } }),
    'GET /ideas/:id/history': () => json(page),
    'GET /ideas/:id/comments': () => json(page),
    'GET /ideas/:id/reviews': () => (reviews instanceof Response ? reviews : json(reviews)),
    'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 1, items: [] }),
    'GET /departments': () => json(page),
  });
  renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ id: userId, roles }), route: '/ideas/i1', path: '/ideas/:id', lng });
  return api;
}

const section = async (name: string) => (await screen.findByRole('heading', { level: 2, name })).closest('section')!;

describe('IdeaDetailRoute criteria in the English UI', () => {
  it('names a default criterion in English in the score table and the reviews, the tenant’s own as written (marked German)', async () => {
    show('decision', ['cdo'], { access: 'all', criteria, aggregate, mine: null, reviews: [rita] }, 'u1', true, 'en');
    const table = within(await section('Evaluation result')).getByRole('table');
    expect(within(table).getByRole('rowheader', { name: 'Feasibility' })).toBeInTheDocument();
    expect(within(table).queryByText('Umsetzbarkeit')).not.toBeInTheDocument();
    expect(within(table).getByText('Nutzen für Bürgerinnen und Bürger')).toHaveAttribute('lang', 'de');
    const reviews = await section('Individual reviews');
    expect(within(reviews).getByText('Feasibility')).toBeInTheDocument();
    expect(within(reviews).queryByText('Umsetzbarkeit')).not.toBeInTheDocument();
    // The reviewer's words are German.
    expect(within(reviews).getByText('Gute Idee.')).toHaveAttribute('lang', 'de');
  });
});

describe('IdeaDetailRoute single reviews', () => {
  it('shows the CDO every submitted review with its reviewer below the aggregate, and asks to discuss before deciding', async () => {
    show('decision', ['employee', 'cdo'], { access: 'all', criteria, aggregate, mine: null, reviews: [rita, bernd, draft] });
    const score = await section('Bewertungsergebnis');
    expect(within(score).getByText('Die Gutachtenden sind sich uneinig. Bitte besprechen Sie die Bewertungen vor der Entscheidung.')).toBeInTheDocument();
    const list = await section('Einzelne Bewertungen');
    // Below the aggregate.
    expect(score.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const l = within(list);
    expect(l.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Rita Gutachterin', 'Bernd Prüfer']);
    expect(l.queryByText('Dora Entwurf')).not.toBeInTheDocument();
    const r = within(l.getByRole('article', { name: 'Rita Gutachterin' }));
    expect(r.getByText('Umsetzen')).toBeInTheDocument();
    expect(r.getByText('einigermaßen sicher')).toBeInTheDocument();
    expect(r.getByText('Nutzen für Bürgerinnen und Bürger').nextElementSibling).toHaveTextContent('5 / 5 (sehr gut)Viele profitieren.');
    expect(r.getByText('Gute Idee.')).toBeInTheDocument();
  });

  it.each(['parked', 'rejected', 'stopped'])('keeps the reviews readable for the CDO when the idea was %s after them', async (stage) => {
    show(stage, ['employee', 'cdo'], { access: 'all', criteria, aggregate, mine: null, reviews: [rita, bernd] });
    expect(await section('Bewertungsergebnis')).toBeInTheDocument();
    expect(within(await section('Einzelne Bewertungen')).getAllByRole('heading', { level: 3 })).toHaveLength(2);
  });

  it('states the disagreement as a fact to the CDO once the idea is past the decision', async () => {
    show('rollout', ['employee', 'cdo'], { access: 'all', criteria, aggregate, mine: null, reviews: [rita, bernd] });
    const score = await section('Bewertungsergebnis');
    expect(within(score).getByText('Die Gutachtenden sind sich bei mindestens einem Kriterium uneinig.')).toBeInTheDocument();
    expect(screen.queryByText(/Bitte besprechen Sie/)).not.toBeInTheDocument();
    expect(await section('Einzelne Bewertungen')).toBeInTheDocument();
  });

  it('shows a reviewer who submitted the aggregate and the reviews, their own first and the others without names', async () => {
    const mine = { ...rita, id: 'i1:u1', reviewer: { id: 'u1', displayName: 'Erika Mustermann' }, mine: true };
    const other = { ...bernd, id: '', reviewer: null };
    const api = show('evaluation', ['employee', 'reviewer'], { access: 'peers', criteria, aggregate, mine, reviews: [other] });
    const list = await section('Einzelne Bewertungen');
    expect(within(list).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Ihre Bewertung', 'Bewertung 1']);
    expect(within(list).getByText('Zu teuer.')).toBeInTheDocument();
    const score = await section('Bewertungsergebnis');
    expect(within(score).getByText('Die Gutachtenden sind sich bei mindestens einem Kriterium uneinig.')).toBeInTheDocument();
    expect(screen.queryByText(/Bitte besprechen Sie/)).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path === '/ideas/i1/reviews')).toBe(true);
  });

  it('shows a reviewer who has not submitted (blind) nothing of the others', async () => {
    const mine = { ...rita, id: 'i1:u1', reviewer: { id: 'u1', displayName: 'Erika Mustermann' }, mine: true, status: 'draft' };
    show('evaluation', ['employee', 'reviewer'], { access: 'own', criteria, aggregate: null, mine, reviews: [] });
    await screen.findByRole('heading', { level: 1, name: 'Solarbänke' });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Einzelne Bewertungen' })).not.toBeInTheDocument());
    expect(screen.queryByRole('heading', { name: 'Bewertungsergebnis' })).not.toBeInTheDocument();
  });

  it('does not ask for the reviews of an idea the reviewer is not assigned to', async () => {
    const api = show('decision', ['employee', 'reviewer'], errorEnvelope(403, 'forbidden', 'only the assigned reviewers'), 'u1', false);
    await screen.findByRole('heading', { level: 1, name: 'Solarbänke' });
    await screen.findByRole('heading', { level: 2, name: 'Verlauf und Entscheidungen' });
    expect(api.calls.some((c) => c.path === '/ideas/i1/reviews')).toBe(false);
    expect(screen.queryByRole('heading', { name: 'Einzelne Bewertungen' })).not.toBeInTheDocument();
  });

  it('shows a reviewer nothing when the API refuses anyway', async () => {
    const api = show('decision', ['employee', 'reviewer'], errorEnvelope(403, 'forbidden', 'only the assigned reviewers'));
    await screen.findByRole('heading', { level: 1, name: 'Solarbänke' });
    await waitFor(() => expect(api.calls.some((c) => c.path === '/ideas/i1/reviews')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Einzelne Bewertungen' })).not.toBeInTheDocument();
    expect(screen.queryByText(/only the assigned reviewers|Berechtigung/)).not.toBeInTheDocument();
  });

  it('never shows authors single reviews, only the aggregated feedback', async () => {
    show('decision', ['employee'], { access: 'aggregate', criteria, aggregate, mine: null, reviews: [] }, 'a1');
    expect(await screen.findByRole('heading', { level: 2, name: 'Rückmeldung aus der Bewertung' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Einzelne Bewertungen' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: /Bewertung/ })).not.toBeInTheDocument();
  });
});
