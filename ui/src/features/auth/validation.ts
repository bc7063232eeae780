/** Client-side checks that mirror the server's, so most mistakes show before a round trip. */
export const PASSWORD_MIN = 10;

export function isEmail(v: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());
}

export type Errors<K extends string> = Partial<Record<K, string>>;

export function hasErrors(e: Record<string, string | undefined>): boolean {
  return Object.values(e).some(Boolean);
}
