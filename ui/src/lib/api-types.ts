/**
 * Placeholder until ../api/openapi.yaml exists: `npm run gen:api` overwrites this file.
 * It is committed so that the build works without the spec.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface paths {}
export type webhooks = Record<string, never>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface components { schemas: {} }
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
