// A setting's fields for adding or changing one outside GIAS by hand.
import { BASIS_LABELS, SETTING_TYPE_LABELS, SETTING_TYPES, STATUTORY_BASES } from "~/domain/setting-types";
import { Input } from "./Input";
import { Select } from "./Select";

export function SettingFields({ errors, values }: { errors?: Record<string, string>; values?: Record<string, string | null | undefined> }) {
  return (
    <>
      <Input id="name" name="name" label={{ text: "Name", classes: "govuk-label--s" }} errorMessage={errors?.name} defaultValue={values?.name ?? undefined} />
      <Input
        id="reference"
        name="reference"
        classes="govuk-input--width-10"
        label={{ text: "Reference", classes: "govuk-label--s" }}
        hint="The partnership's own reference for it, unique in the register, like POL-01"
        errorMessage={errors?.reference}
        defaultValue={values?.reference ?? undefined}
      />
      <Select
        id="type"
        name="type"
        label={{ text: "Type of setting", classes: "govuk-label--s" }}
        errorMessage={errors?.type}
        value={values?.type ?? ""}
        items={[{ value: "", text: "Select a type" }, ...SETTING_TYPES.map((t) => ({ value: t, text: SETTING_TYPE_LABELS[t] }))]}
      />
      <Select
        id="basis"
        name="basis"
        label={{ text: "Statutory basis", classes: "govuk-label--s" }}
        errorMessage={errors?.basis}
        value={values?.basis ?? ""}
        items={[{ value: "", text: "Select a basis" }, ...STATUTORY_BASES.map((b) => ({ value: b, text: BASIS_LABELS[b] }))]}
      />
    </>
  );
}
