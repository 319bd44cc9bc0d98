// GOV.UK error message: the field's problem, announced with a hidden "Error:" prefix.
export function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}
