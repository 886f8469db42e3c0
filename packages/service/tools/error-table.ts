import { APOLLO_SERVER_CODES, ERRORS, type ErrorCodeDefinition } from '../src/errors';

/** The README's table sits between these two lines; everything else is left as it is. */
export const TABLE_START =
  '<!-- error-table:start (generated from packages/service/src/errors.ts: npm run errors:table) -->';
export const TABLE_END = '<!-- error-table:end -->';

/** The catalogue as a Markdown table, then Apollo Server's own codes. */
export function errorTable(): string {
  const ours = Object.values<ErrorCodeDefinition>(ERRORS).map(({ code, status, description }) =>
    row(code, status === undefined ? '200, field error' : String(status), description),
  );
  const apollos = APOLLO_SERVER_CODES.map(({ code, status, description }) =>
    row(code, String(status), `Apollo Server's own. ${description}`),
  );
  return ['| Code | HTTP status | Meaning |', '| --- | --- | --- |', ...ours, ...apollos].join(
    '\n',
  );
}

/** `readme` with the text between the markers replaced by the current table. */
export function withErrorTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`the README has no "${TABLE_START}" ... "${TABLE_END}" markers`);
  }
  // Blank lines around the table: Markdown would otherwise read it as part of the comments.
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${errorTable()}\n\n${readme.slice(end)}`;
}

function row(code: string, status: string, description: string): string {
  return `| \`${code}\` | ${status} | ${description.replaceAll('|', '\\|')} |`;
}
