// GOV.UK checkboxes. Props follow the Nunjucks macro's parameters (idPrefix, name, fieldset, hint,
// errorMessage, items, values, classes) so the Design System's documentation reads across. A single
// declaration to confirm is checkboxes with one item.
import { ChoiceFieldset, type ChoiceItem, type ChoiceProps } from "./ChoiceFieldset";

export type CheckboxesItem = ChoiceItem;

export interface CheckboxesProps extends ChoiceProps {
  /** The values of the items to check; an item's own `checked`, when set, wins (as in the macro). */
  values?: string[];
}

export function Checkboxes({ values, ...props }: CheckboxesProps) {
  return (
    <ChoiceFieldset
      {...props}
      kind="checkboxes"
      isChecked={(item) => item.checked ?? values?.includes(item.value)}
    />
  );
}
