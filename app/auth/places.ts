import type { Workspace } from "./guards.server";
import { ROLE_LABELS } from "./permissions";

export interface Place {
  href: string;
  title: string;
  partnership: string;
  roles: string[];
}

/** One place per setting and one per partnership, whatever roles the person holds there. */
export function placesOf(grants: Workspace[]): Place[] {
  const places = new Map<string, Place>();
  for (const g of grants) {
    const href = g.settingId ? `/settings/${g.settingId}` : `/partnerships/${g.partnershipSlug}`;
    const place = places.get(href) ?? {
      href,
      title: g.settingName ?? g.partnershipName,
      partnership: g.partnershipName,
      roles: [],
    };
    place.roles.push(ROLE_LABELS[g.role]);
    places.set(href, place);
  }
  return [...places.values()].sort((a, b) => a.title.localeCompare(b.title));
}

