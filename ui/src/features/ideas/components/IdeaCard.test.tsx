import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import type { Idea } from '@/types/api';
import { IdeaCard } from './IdeaCard';

const idea = (author: Idea['author']): Idea => ({
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', stage: 'screening', stageSince: '2026-11-01T00:00:00Z',
  needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 2, attachmentCount: 0, score: null, version: 3,
  createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z',
});

describe('IdeaCard author', () => {
  it('names the author', () => {
    renderWithProviders(<IdeaCard idea={idea({ id: 'a1', displayName: 'Anna', deleted: false })} />);
    expect(screen.getByText('von Anna')).toBeInTheDocument();
  });

  it('keeps the author line of an idea whose author deleted their account', () => {
    renderWithProviders(<IdeaCard idea={idea({ id: 'a1', displayName: '', deleted: true })} />);
    expect(screen.getByText('von einem gelöschten Konto')).toBeInTheDocument();
  });

  it('says the same in English', () => {
    renderWithProviders(<IdeaCard idea={idea({ id: 'a1', displayName: '', deleted: true })} />, { lng: 'en' });
    expect(screen.getByText('by a deleted account')).toBeInTheDocument();
  });
});

describe('IdeaCard questions', () => {
  it('marks an idea sent back with questions', () => {
    const asked = { ...idea({ id: 'a1', displayName: 'Anna', deleted: false }), stage: 'submitted' as const, needsInformation: true };
    renderWithProviders(<IdeaCard idea={asked} />);
    expect(screen.getByText('Rückfragen offen')).toBeInTheDocument();
  });

  it('does not mark others', () => {
    renderWithProviders(<IdeaCard idea={idea({ id: 'a1', displayName: 'Anna', deleted: false })} />);
    expect(screen.queryByText('Rückfragen offen')).not.toBeInTheDocument();
  });
});

describe('IdeaCard language of the idea’s words', () => {
  it('marks title, summary and tags as German in the English UI (WCAG 3.1.2), and the UI’s words not', () => {
    renderWithProviders(<IdeaCard idea={{ ...idea({ id: 'a1', displayName: 'Anna', deleted: false }), tags: ['Klima'] }} />, { lng: 'en' });
    expect(screen.getByRole('heading', { level: 2, name: 'Solarbänke' })).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Kurz')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Klima')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('by Anna')).not.toHaveAttribute('lang');
  });

  it('adds no lang in the German UI: the page is German already', () => {
    renderWithProviders(<IdeaCard idea={idea({ id: 'a1', displayName: 'Anna', deleted: false })} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Solarbänke' })).not.toHaveAttribute('lang');
    expect(screen.getByText('Kurz')).not.toHaveAttribute('lang');
  });
});
