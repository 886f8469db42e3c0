/**
 * Naming rules, in one place so that every generated name is deterministic: the same
 * document always gives the same SDL.
 */

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

export function isGraphQLName(name: string): boolean {
  return NAME.test(name) && !name.startsWith('__');
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^0-9A-Za-z]+/)
    .filter((word) => word.length > 0);
}

/** `pet tags` / `pet_tags` / `petTags` -> `PetTags`; a leading digit gets a `_`. */
export function pascalCase(text: string): string {
  const joined = words(text)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return guardLeadingDigit(joined || '_');
}

/** `get_pet-by.id` -> `getPetById`; names that are already camelCase stay as they are. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal.startsWith('_') ? pascal : pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

function guardLeadingDigit(name: string): string {
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * A field or argument name: kept as it is when it is a valid GraphQL name (`_id`,
 * `access_token`), camelCased otherwise (`X-Request-ID` -> `xRequestID`, `first-name` -> `firstName`).
 */
export function fieldName(name: string): string {
  return isGraphQLName(name) ? name : camelCase(name);
}

/**
 * An enum value name: kept when valid, otherwise every invalid character becomes `_`
 * (`in-stock` -> `in_stock`, `2xl` -> `_2xl`, `` -> `_EMPTY`). `true`, `false` and `null`
 * are not allowed as enum values, so they get a trailing `_`.
 */
export function enumValueName(value: string): string {
  if (value === '') return '_EMPTY';
  let name = value.replace(/[^_0-9A-Za-z]/g, '_');
  name = guardLeadingDigit(name);
  if (name.startsWith('__')) name = `_${name.replace(/^_+/, '')}` || '_';
  if (name === 'true' || name === 'false' || name === 'null') name = `${name}_`;
  return name;
}

/** RFC 6901: one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerOf(...tokens: Array<string | number>): string {
  return tokens.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

export function childPointer(pointer: string, ...tokens: Array<string | number>): string {
  return pointer + pointerOf(...tokens);
}

/** Reads a JSON pointer (`/components/schemas/Pet`, without the leading `#`). */
export function readPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/').map(unescapePointerToken)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
