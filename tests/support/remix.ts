// Whole requests through Remix's own request handler, for tests about what one HTTP request
// does end to end (every loader that runs for it, the rendered page, its headers), without a
// compiled build: the route modules are the real ones, imported from source, under the real root
// and entry. Each request runs in a request scope exactly as the HTTP server runs it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { projectRoot } from "../../db/client";
import * as entry from "../../app/entry.server";
import { runInRequestScope } from "../../app/http/request-scope.server";
import * as root from "../../app/root";

interface TestRoute {
  /** As in the flat-routes file name's URL: "settings/:settingId/...". */
  path: string;
  module: Record<string, unknown>;
}

export function requestHandlerFor(routes: Record<string, TestRoute>): (request: Request) => Promise<Response> {
  const serverRoutes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: root as never },
  };
  const assetRoutes: ServerBuild["assets"]["routes"] = {
    root: entryRoute("root", root),
  };
  for (const [id, route] of Object.entries(routes)) {
    serverRoutes[id] = { id, parentId: "root", path: route.path, module: route.module as never };
    assetRoutes[id] = { ...entryRoute(id, route.module), parentId: "root", path: route.path };
  }
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry as never },
    routes: serverRoutes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    // As remix.config.js sets them: without single fetch an action's data() would be sent as
    // plain data with status 200, not as the page's 400 a browser without JavaScript gets.
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
  };
  const handle = createRequestHandler(build, "production");
  return (request) => runInRequestScope(() => handle(request));
}

function entryRoute(id: string, module: Record<string, unknown>) {
  return {
    id,
    module: `/build/${id}.js`,
    hasLoader: typeof module.loader === "function",
    hasAction: typeof module.action === "function",
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: typeof module.ErrorBoundary === "function",
    imports: [],
  };
}

/**
 * "settings.$settingId.returns.$returnId._index.tsx" → "settings/:settingId/returns/:returnId", as
 * flat routes read it ("$.tsx", the splat, → "*").
 */
export function pathOfRouteFile(file: string): string {
  return (
    file
      .replace(/\.tsx$/, "")
      // A dot inside [ ] is part of the name ("[.well-known].security[.]txt"), not a "/".
      .split(/\.(?![^[]*\])/)
      .filter((segment) => segment !== "_index")
      .map((segment) => (segment === "$" ? "*" : segment.replace(/_$/, "").replace(/^\$/, ":").replace(/[[\]]/g, "")))
      .join("/")
  );
}

/** Every page of the app (each file in app/routes) behind Remix's own request handler. */
export async function appRequestHandler(): Promise<(request: Request) => Promise<Response>> {
  const files = readdirSync(join(projectRoot(), "app", "routes")).filter((f) => f.endsWith(".tsx") && !f.endsWith(".test.tsx"));
  const routes: Record<string, TestRoute> = {};
  for (const file of files) {
    // Not a glob Vite fixes when it first reads this file: a route file added since is found too.
    const module = (await import(/* @vite-ignore */ `../../app/routes/${file}`)) as Record<string, unknown>;
    routes[`routes/${file}`] = { path: pathOfRouteFile(file), module };
  }
  return requestHandlerFor(routes);
}
