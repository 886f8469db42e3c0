import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) at OWASP's first recommended setting
 * (19 MiB memory, 2 passes, 1 lane).
 * The parameters are stored in the PHC string, so raising them later keeps old hashes
 * verifiable.
 */
const OWASP_ARGON2ID = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OWASP_ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody has, verified when a login names an unknown user so that
 * "no such user" and "wrong password" take the same time.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password for timing equalisation');
  return decoyHash;
}
