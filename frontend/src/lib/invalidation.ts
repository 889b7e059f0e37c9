// What the portal's queries and mutations tell urql's document cache, in one
// place. The document cache knows a query only by the types in its result,
// and a mutation only by the types in its own: a list that is empty, or a
// mutation that answers with a Boolean (leave, delete) or with one type when
// it moves others (an invitation changes the seat count on Organization),
// would leave stale pages. So every query that shows roster data and every
// mutation that changes it name all of its types: any such mutation
// refetches every such query on screen. The types are few and the pages
// small, so the extra refetches cost little, and no page can be forgotten.
// Changes made by others arrive through organizationChanged instead
// (components/organizations/live.ts).

/** The context for roster queries (useQuery) and mutations (the second argument of a useMutation call). */
export const ROSTER_DATA = {
  additionalTypenames: ['User', 'Organization', 'Membership', 'Invitation', 'Domain', 'APIKey', 'OAuthClient', 'Webhook', 'WebhookDelivery', 'AuditEvent'],
};
