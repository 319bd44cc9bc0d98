// GOV.UK file upload. Props follow the Nunjucks macro's parameters (id, name, label, hint,
// errorMessage, attributes such as accept); a file input has no value to keep.
import type { ReactNode } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { FormGroup, describedBy } from "./FormGroup";
import { Hint } from "./Hint";
import { Label, type LabelProps } from "./Label";

export interface FileUploadProps {
  id: string;
  name: string;
  label: LabelProps;
  hint?: ReactNode;
  errorMessage?: string;
  accept?: string;
}

export function FileUpload({ id, name, label, hint, errorMessage, accept }: FileUploadProps) {
  return (
    <FormGroup errorMessage={errorMessage}>
      <Label for={id} {...label} />
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={errorMessage} />
      <input
        className={`govuk-file-upload${errorMessage ? " govuk-file-upload--error" : ""}`}
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy(id, hint, errorMessage)}
      />
    </FormGroup>
  );
}
