// GOV.UK task list. Props follow the Nunjucks macro's parameters (idPrefix, items of title, href,
// hint and status); a status with a colour is shown as a tag, one without as plain text.
import { Link } from "@remix-run/react";
import { Tag, type TagColour } from "./Tag";

export interface TaskListItem {
  title: string;
  href?: string;
  hint?: string;
  status: { text: string; colour?: TagColour };
}

export function TaskList({ idPrefix, items }: { idPrefix: string; items: TaskListItem[] }) {
  return (
    <ul className="govuk-task-list">
      {items.map((item, i) => {
        const id = `${idPrefix}-${i + 1}`;
        const plain = item.status.colour === undefined;
        return (
          <li className={`govuk-task-list__item${item.href ? " govuk-task-list__item--with-link" : ""}`} key={id}>
            <div className="govuk-task-list__name-and-hint">
              {item.href ? (
                <Link
                  className="govuk-link govuk-task-list__link"
                  to={item.href}
                  aria-describedby={`${item.hint ? `${id}-hint ` : ""}${id}-status`}
                >
                  {item.title}
                </Link>
              ) : (
                <div>{item.title}</div>
              )}
              {item.hint ? (
                <div id={`${id}-hint`} className="govuk-task-list__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>
            <div className="govuk-task-list__status" id={`${id}-status`}>
              {plain ? item.status.text : <Tag text={item.status.text} colour={item.status.colour} />}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
