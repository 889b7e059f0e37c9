// Where the home page sends a signed-in person: straight to their last (or
// first) organization, unless invitations wait for an answer, which the
// home page lists; with no organization and no invitation, it offers to
// create one.
export function homeTarget(
  memberships: readonly { organization: { slug: string } }[],
  pendingInvitations: number,
  lastSlug: string | null,
): string | null {
  if (pendingInvitations > 0 || memberships.length === 0) return null;
  const target = memberships.find((m) => m.organization.slug === lastSlug) ?? memberships[0];
  return target ? target.organization.slug : null;
}
