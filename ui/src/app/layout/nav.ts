import type { Role, User } from '@/types/api';

export interface NavItem {
  to: string;
  /** i18n key under nav.* */
  label: 'ideas' | 'myIdeas' | 'campaigns' | 'reviews' | 'board' | 'analytics' | 'admin' | 'transparency' | 'reuse' | 'login' | 'register' | 'home';
  end?: boolean;
}

const byRole: { roles: Role[] | 'any'; item: NavItem }[] = [
  { roles: 'any', item: { to: '/ideas', label: 'ideas' } },
  { roles: 'any', item: { to: '/my-ideas', label: 'myIdeas' } },
  { roles: 'any', item: { to: '/campaigns', label: 'campaigns' } },
  { roles: ['reviewer'], item: { to: '/reviews', label: 'reviews' } },
  { roles: ['cdo'], item: { to: '/board', label: 'board' } },
  { roles: ['cdo'], item: { to: '/analytics', label: 'analytics' } },
  { roles: ['admin', 'cdo'], item: { to: '/admin', label: 'admin' } },
  { roles: 'any', item: { to: '/public/ideas', label: 'transparency' } },
  { roles: 'any', item: { to: '/reuse', label: 'reuse' } },
];

/** The main navigation for a user (or for visitors when user is null). */
export function navItems(user: Pick<User, 'roles'> | null): NavItem[] {
  if (!user) {
    return [
      { to: '/', label: 'home', end: true },
      { to: '/public/ideas', label: 'transparency' },
      { to: '/reuse', label: 'reuse' },
    ];
  }
  return byRole
    .filter(({ roles }) => roles === 'any' || roles.some((r) => user.roles.includes(r)))
    .map(({ item }) => item);
}
