/** The tenant (municipality) this host belongs to: name and branding for header and footer. */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from './api-client';
import { brandVariables } from './color';
import type { Tenant } from '@/types/api';

export const tenantQueryKey = ['tenant'] as const;

export function useTenant() {
  return useQuery({
    queryKey: tenantQueryKey,
    queryFn: (): Promise<Tenant> => unwrap(api.GET('/tenant')),
    staleTime: 60 * 60 * 1000,
    retry: 1,
  });
}

/** Applies the tenant colour as CSS variables (darkened when its contrast is too low). */
export function useBranding(tenant: Tenant | undefined) {
  useEffect(() => {
    const vars = brandVariables(tenant?.branding?.primaryColor);
    if (!vars) return;
    const root = document.documentElement;
    for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
    return () => {
      for (const k of Object.keys(vars)) root.style.removeProperty(k);
    };
  }, [tenant?.branding?.primaryColor]);
}
