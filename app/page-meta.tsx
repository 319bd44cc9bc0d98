// The page's <head> meta, with GOV.UK's "Error: " before the title whenever the page shows an
// error summary (decision 013). Remix gives a route's meta function its loader's data only, never
// what its action sent back, so this is decided here, once for every page, from the action data
// the router holds: the same data on the server (a browser without JavaScript posting the form)
// and in the browser (hydrating that page, or a form submitted with JavaScript).
import { Meta, UNSAFE_RemixContext, type MetaFunction, type UNSAFE_RouteModules as RouteModules } from "@remix-run/react";
import { useContext } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router-dom";

const hasText = (value: unknown) => typeof value === "string" && value.trim() !== "";

/**
 * Whether what an action sent back is a form's failure, as our actions send it: field errors
 * (`errors`), problems listed for the summary (`problems`), or one refusal (`formError`, `error`).
 */
export function showsErrorSummary(actionData: unknown): boolean {
  if (!actionData || typeof actionData !== "object") return false;
  const { errors, problems, formError, error } = actionData as Record<string, unknown>;
  if (errors && typeof errors === "object" && Object.values(errors).some(hasText)) return true;
  if (Array.isArray(problems) && problems.length > 0) return true;
  return hasText(formError) || hasText(error);
}

/** A route's meta function whose title says "Error: " first. */
export function withErrorTitle(meta: MetaFunction): MetaFunction {
  return (args) =>
    (meta(args) ?? []).map((descriptor) =>
      descriptor && "title" in descriptor ? { ...descriptor, title: `Error: ${String(descriptor.title)}` } : descriptor,
    );
}

function withErrorTitles(routeModules: RouteModules): RouteModules {
  const wrapped: RouteModules = {};
  for (const [id, module] of Object.entries(routeModules)) {
    wrapped[id] = module && typeof module.meta === "function" ? { ...module, meta: withErrorTitle(module.meta) } : module;
  }
  return wrapped;
}

/** Remix's <Meta />, its title marked when an action's answer on this page is a failed form. */
export function PageMeta() {
  const remix = useContext(UNSAFE_RemixContext);
  const router = useContext(UNSAFE_DataRouterStateContext);
  const failed = Object.values(router?.actionData ?? {}).some(showsErrorSummary);
  if (!failed || !remix) return <Meta />;
  // Built afresh each time: in the browser Remix adds route modules to its table as they load.
  return (
    <UNSAFE_RemixContext.Provider value={{ ...remix, routeModules: withErrorTitles(remix.routeModules) }}>
      <Meta />
    </UNSAFE_RemixContext.Provider>
  );
}
