// A framework standard's fields, for adding one to a draft and for changing one.
import { Checkboxes } from "./Checkboxes";
import { Textarea } from "./Textarea";

export function StandardFields({ errors, values }: { errors?: Record<string, string>; values?: { title?: string; guidance?: string; allowsNotApplicable?: boolean } }) {
  return (
    <>
      <Textarea
        id="title"
        name="title"
        rows={3}
        label={{ text: "Standard", classes: "govuk-label--s" }}
        hint="One plain-English sentence saying what the setting must show."
        errorMessage={errors?.title}
        defaultValue={values?.title}
      />
      <Textarea
        id="guidance"
        name="guidance"
        rows={6}
        label={{ text: "Guidance", classes: "govuk-label--s" }}
        hint="What good evidence looks like, and what would exceed the standard."
        errorMessage={errors?.guidance}
        defaultValue={values?.guidance}
      />
      <Checkboxes
        idPrefix="allowsNotApplicable"
        name="allowsNotApplicable"
        fieldset={{ legend: { text: "Not applicable" } }}
        items={[{ value: "yes", text: "Some settings may answer this standard as not applicable", checked: values?.allowsNotApplicable }]}
      />
    </>
  );
}
