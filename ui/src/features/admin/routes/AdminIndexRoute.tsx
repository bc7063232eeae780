import { Navigate } from 'react-router';
import { useAuth } from '@/lib/auth';

export function AdminIndexRoute() {
  const { hasRole } = useAuth();
  return <Navigate to={hasRole('admin') ? '/admin/users' : '/admin/moderation'} replace />;
}
