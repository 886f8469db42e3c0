import {
  Kind,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { PAGE_SIZE } from '@commerce/service';
import type { ListSize, ListSizes } from './list-sizes';

/** The size assumed for a list with neither a paging argument nor a `@listSize` hint. */
export const UNPAGED_LIST_SIZE = 10;

/**
 * An upper estimate of the objects an operation makes the subgraphs resolve: every object
 * field counts once per parent object, and a list multiplies what is below it by its size.
 * That is what makes `users { orders { products { product } } }` expensive (each level fans
 * out across subgraphs) while depth alone would let it through.
 *
 * List sizes follow the schema:
 * - a `@listSize` hint (cost spec, read from the supergraph: list-sizes.ts): the value of
 *   its first slicing argument the operation sets, else its `assumedSize`;
 * - else the paging argument `first`: a literal clamped to PAGE_SIZE.max (the subgraphs
 *   refuse anything larger), PAGE_SIZE.max for a variable (validation cannot see variable
 *   values, so assume the worst), PAGE_SIZE.default when absent (what the subgraph returns);
 * - else a small default, UNPAGED_LIST_SIZE.
 *
 * Under an abstract type, each object is of one concrete type at a time: `... on A` and
 * `... on B` are alternatives, and the estimate is that of the costliest concrete type,
 * not the sum of every branch.
 *
 * Cost is linear in the number of parent objects, so each fragment is costed once per
 * concrete type and reused: a fragment bomb (2^n expansions) costs O(n) to estimate.
 */
export function operationCost(
  schema: GraphQLSchema,
  rootType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
  listSizes: ListSizes = new Map(),
): number {
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  /** Whether selections conditioned on `condition` apply to objects of type `type`. */
  const applies = (conditionName: string | undefined, type: GraphQLObjectType) => {
    if (conditionName === undefined || conditionName === type.name) return true;
    const condition = schema.getType(conditionName);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, type);
  };

  const costOfFragment = (name: string, type: GraphQLObjectType): number => {
    const key = `${name} ${type.name}`;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const definition = fragment(name);
    // Cycles and unknown fragments are validation errors of their own; they cost nothing here.
    if (!definition || inProgress.has(key)) return 0;
    if (!applies(definition.typeCondition.name.value, type)) return 0;
    inProgress.add(key);
    const cost = costOn(definition.selectionSet, type);
    inProgress.delete(key);
    fragmentCosts.set(key, cost);
    return cost;
  };

  /** The cost below one object of composite type `parent`: its costliest concrete type. */
  const costOf = (set: SelectionSetNode, parent: GraphQLCompositeType): number => {
    if (!isAbstractType(parent)) return costOn(set, parent);
    let costliest = 0;
    for (const type of schema.getPossibleTypes(parent)) {
      costliest = Math.max(costliest, costOn(set, type));
    }
    return costliest;
  };

  // `spread`: fragments already spread into this selection set; execution collects each
  // once, however often it is spread (inline fragments share their parent's set).
  const costOn = (
    set: SelectionSetNode,
    type: GraphQLObjectType,
    spread = new Set<string>(),
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (spread.has(selection.name.value)) continue;
        spread.add(selection.name.value);
        cost += costOfFragment(selection.name.value, type);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) {
          cost += costOn(selection.selectionSet, type, spread);
        }
      } else {
        const definition = fieldDefinition(type, selection.name.value);
        if (!definition || !selection.selectionSet) continue;
        const fieldType = getNamedType(definition.type);
        if (!isCompositeType(fieldType)) continue;
        const objects = isListType(getNullableType(definition.type))
          ? listSize(selection, definition, listSizeHint(listSizes, type, selection.name.value))
          : 1;
        cost += objects * (1 + costOf(selection.selectionSet, fieldType));
      }
    }
    return cost;
  };

  return costOf(selectionSet, rootType);
}

function fieldDefinition(
  type: GraphQLObjectType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return type.getFields()[name];
}

/** A hint on the field of the object type, or on the field of an interface it implements. */
function listSizeHint(
  listSizes: ListSizes,
  type: GraphQLObjectType,
  field: string,
): ListSize | undefined {
  const own = listSizes.get(`${type.name}.${field}`);
  if (own) return own;
  for (const implemented of type.getInterfaces()) {
    const inherited = listSizes.get(`${implemented.name}.${field}`);
    if (inherited) return inherited;
  }
  return undefined;
}

function listSize(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  hint: ListSize | undefined,
): number {
  if (hint) {
    for (const name of hint.slicingArguments ?? []) {
      const size = argumentSize(field, name);
      if (size !== undefined) return size;
    }
    if (hint.assumedSize !== undefined) return hint.assumedSize;
    if (hint.slicingArguments?.length) return PAGE_SIZE.default;
  }
  if (definition.args.some((argument) => argument.name === 'first')) {
    return argumentSize(field, 'first') ?? PAGE_SIZE.default;
  }
  return UNPAGED_LIST_SIZE;
}

/** A page size argument's value, if the operation sets one (null counts as unset). */
function argumentSize(field: FieldNode, name: string): number | undefined {
  const value = field.arguments?.find((argument) => argument.name.value === name)?.value;
  if (!value || value.kind === Kind.NULL) return undefined;
  if (value.kind === Kind.INT) return Math.min(Math.max(Number(value.value), 0), PAGE_SIZE.max);
  return PAGE_SIZE.max;
}
