import { describe, expect, it } from 'vitest';
import { navItems } from './nav';

describe('navItems', () => {
  it('shows visitors the public pages only', () => {
    expect(navItems(null).map((i) => i.to)).toEqual(['/', '/public/ideas', '/reuse']);
  });
  it('leads everyone to the reuse catalogue', () => {
    for (const roles of [['citizen'], ['employee'], ['employee', 'cdo']] as const) {
      expect(navItems({ roles: [...roles] }).map((i) => i.to)).toContain('/reuse');
    }
  });
  it('shows a citizen no staff pages', () => {
    const to = navItems({ roles: ['citizen'] }).map((i) => i.to);
    expect(to).toContain('/ideas');
    expect(to).not.toContain('/board');
    expect(to).not.toContain('/reviews');
    expect(to).not.toContain('/admin');
  });
  it('shows the CDO the board and analytics', () => {
    const to = navItems({ roles: ['employee', 'cdo'] }).map((i) => i.to);
    expect(to).toEqual(expect.arrayContaining(['/board', '/analytics', '/admin']));
  });
  it('shows reviewers their queue', () => {
    expect(navItems({ roles: ['employee', 'reviewer'] }).map((i) => i.to)).toContain('/reviews');
  });
});
