// Which definition of an input applies: trees may each define one name (the validator warns
// when they differ), and the prompt echoed must be the one the user saw.
import type { InputDef, TreeSet } from '../tree/types.js';

/** An input's definition and the tree it comes from. */
export interface InputSource {
  def: InputDef;
  tree: string;
}

/** The definition `tree` gives `name`, else the first tree's that defines it. */
export function inputSource(set: TreeSet, name: string, tree?: string): InputSource | undefined {
  const own = tree !== undefined ? set.trees.get(tree) : undefined;
  if (own && Object.hasOwn(own.inputs, name)) return { def: own.inputs[name]!, tree: own.id };
  for (const t of set.trees.values()) if (Object.hasOwn(t.inputs, name)) return { def: t.inputs[name]!, tree: t.id };
  return undefined;
}

/** The inputs a tree defines (none for a tree no longer loaded). */
export function treeInputs(set: TreeSet, tree: string): Readonly<Record<string, InputDef>> {
  return set.trees.get(tree)?.inputs ?? {};
}
