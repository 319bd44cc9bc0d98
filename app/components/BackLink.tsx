// GOV.UK back link. Props follow the Nunjucks macro's parameters (href, text).
import { Link } from "@remix-run/react";

export function BackLink({ href, text = "Back" }: { href: string; text?: string }) {
  return (
    <Link to={href} className="govuk-back-link">
      {text}
    </Link>
  );
}
