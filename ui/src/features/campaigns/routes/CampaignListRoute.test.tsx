import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { CampaignListRoute } from './CampaignListRoute';

const campaigns = [{ id: 'c1', title: 'Saubere Innenstadt', question: 'Wie bleibt die Innenstadt sauber?', audience: 'public', status: 'open', acceptingIdeas: true, closesAt: null }];

describe('CampaignListRoute', () => {
  it('marks the calls’ titles and questions as German in the English UI, not the status around them', async () => {
    mockApi({ 'GET /campaigns': () => json({ items: campaigns, nextCursor: null, total: 1 }) });
    renderWithProviders(<CampaignListRoute />, { user: makeUser(), lng: 'en' });
    const link = await screen.findByRole('link', { name: 'Saubere Innenstadt' });
    expect(link.closest('h2')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Wie bleibt die Innenstadt sauber?')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Open')).not.toHaveAttribute('lang');
  });

  it('marks nothing in the German UI', async () => {
    mockApi({ 'GET /campaigns': () => json({ items: campaigns, nextCursor: null, total: 1 }) });
    const { container } = renderWithProviders(<CampaignListRoute />, { user: makeUser() });
    await screen.findByRole('link', { name: 'Saubere Innenstadt' });
    expect(container.querySelector('[lang]')).toBeNull();
  });
});
