// One framework version as a framework file (docs/framework-json.md), downloaded.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireFrameworkAccess } from "~/access/framework-access.server";
import { frameworkToJson } from "~/domain/framework-editing.server";
import { frameworkJsonText } from "~/domain/framework-json";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, loaded } = await requireFrameworkAccess(request, params);
  const f = loaded.framework;
  return new Response(frameworkJsonText(frameworkToJson(loaded)), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="framework-${partnership.slug}-${f.kind}-v${f.version}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
