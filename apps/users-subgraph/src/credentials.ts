import { ErrorCode, apiError } from '@commerce/service';

export const USERNAME_LENGTH = { min: 3, max: 32 } as const;
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

/**
 * Usernames are compared after Unicode NFC normalisation (so "é" typed two ways is one
 * name) and may hold letters and digits of any script plus `_ . -`: no spaces, control,
 * zero-width or look-alike punctuation characters.
 */
const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;

export function normalizeUsername(raw: string): string {
  const username = raw.normalize('NFC');
  const problem = usernameProblem(username);
  if (problem) throw apiError(ErrorCode.INVALID_USERNAME, problem, { field: 'username' });
  return username;
}

/**
 * The name as registration stores it, or undefined when no account can have it (a NUL
 * or other control character, say): login answers those without asking the database.
 */
export function possibleUsername(raw: string): string | undefined {
  const username = raw.normalize('NFC');
  return usernameProblem(username) ? undefined : username;
}

function usernameProblem(username: string): string | undefined {
  const length = [...username].length;
  if (length < USERNAME_LENGTH.min || length > USERNAME_LENGTH.max) {
    return `username must be ${USERNAME_LENGTH.min} to ${USERNAME_LENGTH.max} characters`;
  }
  if (!USERNAME_PATTERN.test(username)) {
    return 'username may contain only letters, digits, "_", "." and "-"';
  }
  return undefined;
}

export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min || length > PASSWORD_LENGTH.max) {
    throw apiError(
      ErrorCode.INVALID_PASSWORD,
      `password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`,
      { field: 'password' },
    );
  }
}
