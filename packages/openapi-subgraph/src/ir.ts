import { WARNING_CODES, type GenerationWarning } from './errors';

/**
 * The GraphQL definitions being generated, shared by every source: one namespace, so that
 * reverse links can add fields to another source's types and names never clash.
 */
export type FieldDef = {
  name: string;
  type: string;
  description?: string;
  args: ArgDef[];
  directives: string[];
};

export type ArgDef = { name: string; type: string; description?: string; defaultValue?: string };

export type TypeDef =
  | { kind: 'object'; name: string; description?: string; fields: FieldDef[]; directives: string[] }
  | { kind: 'input'; name: string; description?: string; fields: FieldDef[] }
  | { kind: 'enum'; name: string; description?: string; values: string[] }
  | { kind: 'union'; name: string; description?: string; members: string[] }
  | { kind: 'scalar'; name: string; description: string };

export type ObjectDef = Extract<TypeDef, { kind: 'object' }>;

/** GraphQL's and federation's own names: a schema that wants one gets a suffix. */
const BUILT_IN = new Set([
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'Query',
  'Mutation',
  'Subscription',
  '_Any',
  '_Entity',
  '_Service',
  'FieldSet',
  'link__Import',
  'link__Purpose',
]);

export class Registry {
  readonly types = new Map<string, TypeDef>();
  readonly warnings: GenerationWarning[] = [];
  /** name -> who took it (source + pointer + direction), for collisions. */
  private readonly owners = new Map<string, string>();

  constructor() {
    this.types.set('Query', { kind: 'object', name: 'Query', fields: [], directives: [] });
    this.types.set('Mutation', { kind: 'object', name: 'Mutation', fields: [], directives: [] });
  }

  /** A unique type name for `owner`; the same owner always gets the same name back. */
  allocateName(wanted: string, owner: string, source: string, pointer: string): string {
    for (const [name, by] of this.owners) if (by === owner) return name;
    let name = wanted;
    for (let n = 2; this.owners.has(name) || BUILT_IN.has(name); n++) name = `${wanted}${n}`;
    if (name !== wanted) {
      this.warn(
        source,
        pointer,
        'NAME_COLLISION',
        `type name ${wanted} is taken; this one is ${name}`,
      );
    }
    this.owners.set(name, owner);
    return name;
  }

  /** The owner of a name given out by allocateName. */
  ownerOf(name: string): string | undefined {
    return this.owners.get(name);
  }

  object(name: string): ObjectDef | undefined {
    const type = this.types.get(name);
    return type?.kind === 'object' ? type : undefined;
  }

  /** Adds a field, or keeps the first one with that name and warns. Returns the name used. */
  addField(
    typeName: string,
    field: FieldDef,
    at: { source: string; pointer: string },
    onClash: 'suffix' | 'skip',
  ): string | undefined {
    const type = this.object(typeName);
    if (!type) return undefined;
    let name = field.name;
    if (type.fields.some((existing) => existing.name === name)) {
      if (onClash === 'skip') {
        this.warn(
          at.source,
          at.pointer,
          'FIELD_TAKEN',
          `${typeName}.${name} exists already; not added`,
        );
        return undefined;
      }
      for (let n = 2; type.fields.some((existing) => existing.name === name); n++)
        name = `${field.name}${n}`;
      this.warn(
        at.source,
        at.pointer,
        'NAME_COLLISION',
        `field ${typeName}.${field.name} is taken; this one is ${name}`,
      );
    }
    type.fields.push({ ...field, name });
    return name;
  }

  warn(source: string, pointer: string, code: keyof typeof WARNING_CODES, message: string): void {
    // The same schema is often mapped twice (as output and as input): warn once.
    if (
      this.warnings.some(
        (w) =>
          w.code === code && w.source === source && w.pointer === pointer && w.message === message,
      )
    )
      return;
    this.warnings.push({ code, source, pointer, message });
  }
}
