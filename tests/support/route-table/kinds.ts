export type RouteKind = "public" | "signed-in" | "setting" | "partnership";
