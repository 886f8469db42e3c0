import { apiKeyMatches } from './api-key';
import { hashPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'wrong')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'x')).resolves.toBe(false);
  });
});

describe('apiKeyMatches', () => {
  it('accepts only the exact key', () => {
    expect(apiKeyMatches('s3cret-admin-key!', 's3cret-admin-key!')).toBe(true);
    expect(apiKeyMatches('s3cret-admin-key?', 's3cret-admin-key!')).toBe(false);
    expect(apiKeyMatches('short', 's3cret-admin-key!')).toBe(false);
    expect(apiKeyMatches(undefined, 's3cret-admin-key!')).toBe(false);
  });
});
