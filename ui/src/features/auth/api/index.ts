import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { paths } from '@/lib/api-types';

export type RegisterInput = paths['/auth/register']['post']['requestBody']['content']['application/json'];

export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterInput) => unwrap(api.POST('/auth/register', { body })),
  });
}

export function useVerifyEmail() {
  return useMutation({ mutationFn: (token: string) => unwrap(api.POST('/auth/verify', { body: { token } })) });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/auth/password/forgot', { body: { email } })),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => unwrap(api.POST('/auth/password/reset', { body })),
  });
}
