import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The root fields an operation executes, one per response key (alias or name), looking
 * through inline fragments and fragment spreads. GraphQL merges fields that share a
 * response key and runs them once, so `login login` is one login while `a: login
 * b: login` is two: this is the count that matters for limits.
 */
export function rootFields(
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): FieldNode[] {
  const byResponseKey = new Map<string, FieldNode>();
  const seenFragments = new Set<string>();
  const collect = (selections: OperationDefinitionNode['selectionSet']['selections']) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!byResponseKey.has(key)) byResponseKey.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet.selections);
      } else if (!seenFragments.has(selection.name.value)) {
        // A fragment spread twice adds nothing the first spread did not.
        seenFragments.add(selection.name.value);
        const definition = fragment(selection.name.value);
        if (definition) collect(definition.selectionSet.selections);
      }
    }
  };
  collect(operation.selectionSet.selections);
  return [...byResponseKey.values()];
}
