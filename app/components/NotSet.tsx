/**
 * Where a page needs a fact only the installation knows (its data controller, its contact) and
 * the configuration does not give it: marked plainly, naming the variable that sets it, so the
 * gap is seen and put right rather than read as the answer.
 */
export function NotSet({ variable }: { variable: string }) {
  return <strong className="govuk-tag govuk-tag--yellow app-not-set">[Not set: the installation&apos;s administrator sets {variable}]</strong>;
}

/** The configured text, or the marked gap. */
export function Configured({ value, variable }: { value: string | undefined | null; variable: string }) {
  return value ? <>{value}</> : <NotSet variable={variable} />;
}

/** A configured email address as a link, or the marked gap. */
export function ConfiguredEmail({ value, variable }: { value: string | undefined | null; variable: string }) {
  return value ? (
    <a className="govuk-link" href={`mailto:${value}`}>
      {value}
    </a>
  ) : (
    <NotSet variable={variable} />
  );
}
