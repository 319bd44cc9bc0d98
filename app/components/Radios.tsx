// GOV.UK radios. Props follow the Nunjucks macro's parameters (idPrefix, name, fieldset, hint,
// errorMessage, items, value, classes) so the Design System's documentation reads across.
import { ChoiceFieldset, type ChoiceItem, type ChoiceProps } from "./ChoiceFieldset";

export type RadiosItem = ChoiceItem;

export interface RadiosProps extends ChoiceProps {
  /** The value of the item to check; an item's own `checked`, when set, wins (as in the macro). */
  value?: string | null;
}

export function Radios({ value, ...props }: RadiosProps) {
  return (
    <ChoiceFieldset
      {...props}
      kind="radios"
      isChecked={(item) => item.checked ?? value === item.value}
    />
  );
}
