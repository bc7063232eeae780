import type { Role } from '@/types/api';

/** Every role, in the order the admin pages list them. */
export const ROLES: Role[] = ['citizen', 'employee', 'reviewer', 'cdo', 'admin'];
