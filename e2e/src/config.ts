import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The secrets every test system shares (test-only values). */
export const TEST_SECRETS = {
  JWT_SECRET: 'e2e-jwt-secret-that-is-comfortably-longer-than-32-bytes',
  API_SECRET: 'e2e-admin-api-key-0123456789',
} as const;

export const LOG_LEVEL = process.env['TEST_LOG_LEVEL'] ?? 'silent';
