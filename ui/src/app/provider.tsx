import { useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { AuthProvider } from '@/lib/auth';
import { createQueryClient } from '@/lib/query-client';
import { createI18n } from '@/lib/i18n';
import { ToastProvider } from '@/components/ui/Toast';

export function AppProvider({ children, queryClient, i18n }: { children: ReactNode; queryClient?: QueryClient; i18n?: I18n }) {
  const [qc] = useState(() => queryClient ?? createQueryClient());
  const [i18nInstance] = useState(() => i18n ?? createI18n());
  return (
    <I18nextProvider i18n={i18nInstance}>
      <QueryClientProvider client={qc}>
        <AuthProvider>
          <ToastProvider>{children}</ToastProvider>
        </AuthProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
