// GOV.UK tag. Props follow the Nunjucks macro's parameters (text, classes); `colour` is the
// govuk-tag--<colour> modifier, typed so a status can only name a colour the Design System has.
export type TagColour = "grey" | "green" | "turquoise" | "blue" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export interface TagProps {
  text: string;
  colour?: TagColour;
  classes?: string;
}

export function Tag({ text, colour, classes }: TagProps) {
  const className = ["govuk-tag", colour ? `govuk-tag--${colour}` : null, classes].filter(Boolean).join(" ");
  return <strong className={className}>{text}</strong>;
}
