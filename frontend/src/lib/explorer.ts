// The API explorer (GraphiQL, bundled into the portal): whether this
// server serves it, and the example operations it opens with.

export const EXPLORER_PATH = '/explorer';

/** The server writes "off" into index.html's meta tag when ROSTER_EXPLORER=off. */
export function explorerEnabled(doc: Document = document): boolean {
  return doc.querySelector('meta[name="roster-explorer"]')?.getAttribute('content') !== 'off';
}

export interface ExampleTab {
  query: string;
  variables: string;
}

/**
 * The guide's operations, for the viewer's organization when there is one
 * (else placeholders to fill in): its members, an invitation, and the live
 * seat usage over the websocket.
 */
export function exampleTabs(org?: { id: string; slug: string }): ExampleTab[] {
  const slug = org?.slug ?? 'your-organization-slug';
  const id = org?.id ?? 'your-organization-id';
  const vars = (v: Record<string, unknown>) => JSON.stringify(v, null, 2);
  return [
    {
      query: `# The members of an organization, newest first, with the seats they use.
query Members($slug: String!) {
  organization(slug: $slug) {
    name
    seatUsage { used total available }
    members(first: 20) {
      totalCount
      edges { node { role joinedAt user { name email } } }
    }
  }
}
`,
      variables: vars({ slug }),
    },
    {
      query: `# Invite someone: they get an email with a link (see /dev/mail in development).
mutation Invite($organizationID: ID!, $email: String!, $role: Role!) {
  inviteMember(input: { organizationID: $organizationID, email: $email, role: $role }) {
    id
    email
    role
    expiresAt
  }
}
`,
      variables: vars({ organizationID: id, email: 'new.colleague@example.com', role: 'MEMBER' }),
    },
    {
      query: `# Live seat usage, over the websocket: the usage now, then every change.
subscription SeatUsage($organizationID: ID!) {
  seatUsageChanged(organizationID: $organizationID) {
    active
    pending
    used
    total
    available
  }
}
`,
      variables: vars({ organizationID: id }),
    },
  ];
}
