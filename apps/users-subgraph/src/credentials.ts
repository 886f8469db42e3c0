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
  const length = [...username].length;
  if (length < USERNAME_LENGTH.min || length > USERNAME_LENGTH.max) {
    throw apiError(
      ErrorCode.INVALID_USERNAME,
      `username must be ${USERNAME_LENGTH.min} to ${USERNAME_LENGTH.max} characters`,
      { field: 'username' },
    );
  }
  if (!USERNAME_PATTERN.test(username)) {
    throw apiError(
      ErrorCode.INVALID_USERNAME,
      'username may contain only letters, digits, "_", "." and "-"',
      { field: 'username' },
    );
  }
  return username;
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
