import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { PAGE_SIZE } from '@commerce/service';

/**
 * An upper estimate of the objects an operation makes the subgraphs resolve: every object
 * field counts once per parent object, and a list multiplies what is below it by its page
 * size. That is what makes `users { orders { products { product } } }` expensive (each
 * level fans out across subgraphs) while depth alone would let it through.
 *
 * Page sizes: `first` when it is a literal (clamped to PAGE_SIZE.max: the subgraphs
 * refuse anything larger), PAGE_SIZE.max when it is a variable (validation cannot see
 * variable values, so assume the worst), PAGE_SIZE.default when absent, and the same
 * default for lists without paging (an order holds at most 50 lines).
 *
 * Cost is linear in the number of parent objects, so each fragment is costed once per
 * object and reused: a fragment bomb (2^n expansions) costs O(n) to estimate.
 */
export function operationCost(
  schema: GraphQLSchema,
  rootType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): number {
  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  const costOfFragment = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const definition = fragment(name);
    // Cycles and unknown fragments are validation errors of their own; they cost nothing here.
    if (!definition || inProgress.has(name)) return 0;
    const type = schema.getType(definition.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return 0;
    inProgress.add(name);
    const cost = costOf(definition.selectionSet, type);
    inProgress.delete(name);
    fragmentCosts.set(name, cost);
    return cost;
  };

  // `spread`: fragments already spread into this selection set; execution collects each
  // once, however often it is spread (inline fragments share their parent's set).
  const costOf = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    spread = new Set<string>(),
  ): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        if (spread.has(selection.name.value)) continue;
        spread.add(selection.name.value);
        cost += costOfFragment(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        if (condition && isCompositeType(condition)) {
          cost += costOf(selection.selectionSet, condition, spread);
        }
      } else {
        const definition = fieldDefinition(parent, selection.name.value);
        if (!definition || !selection.selectionSet) continue;
        const type = getNamedType(definition.type);
        if (!isCompositeType(type)) continue;
        const objects = isListType(getNullableType(definition.type)) ? pageSize(selection) : 1;
        cost += objects * (1 + costOf(selection.selectionSet, type));
      }
    }
    return cost;
  };

  return costOf(selectionSet, rootType);
}

function fieldDefinition(
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (!('getFields' in parent)) return undefined;
  return parent.getFields()[name];
}

function pageSize(field: FieldNode): number {
  const first = field.arguments?.find((argument) => argument.name.value === 'first')?.value;
  if (!first || first.kind === Kind.NULL) return PAGE_SIZE.default;
  if (first.kind === Kind.INT) return Math.min(Math.max(Number(first.value), 0), PAGE_SIZE.max);
  return PAGE_SIZE.max;
}
