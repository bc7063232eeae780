import { useMutation } from '@tanstack/react-query';
import { request } from '@/lib/api-client';

export interface RegisterInput {
  email: string;
  password: string;
  displayName: string;
  locale: string;
}

export function useRegister() {
  return useMutation({
    mutationFn: (input: RegisterInput) => request<{ message: string }>('POST', '/auth/register', { body: input }),
  });
}

export function useVerifyEmail() {
  return useMutation({ mutationFn: (token: string) => request<void>('POST', '/auth/verify', { body: { token } }) });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => request<void>('POST', '/auth/password/forgot', { body: { email } }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) => request<void>('POST', '/auth/password/reset', { body: input }),
  });
}
