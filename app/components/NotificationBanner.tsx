// GOV.UK notification banner. Props follow the Nunjucks macro's parameters (titleText, type, and
// the content as children where the macro takes html). A success banner is announced at once.
import type { ReactNode } from "react";

export interface NotificationBannerProps {
  titleText?: string;
  type?: "success";
  children: ReactNode;
}

export function NotificationBanner({ titleText = "Important", type, children }: NotificationBannerProps) {
  return (
    <div
      className={`govuk-notification-banner${type === "success" ? " govuk-notification-banner--success" : ""}`}
      role={type === "success" ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {titleText}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}
