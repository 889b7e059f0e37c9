import { graphql } from '../../gql';

export const SeatUsageFields = graphql(`
  fragment SeatUsageFields on SeatUsage {
    organizationID
    used
    total
    available
    active
    pending
  }
`);

export const OrganizationQuery = graphql(`
  query Organization($slug: String!) {
    organization(slug: $slug) {
      id
      name
      slug
      createdAt
      viewerRole
      viewerPermissions
      viewerInvitableRoles
      seatUsage {
        ...SeatUsageFields
      }
    }
  }
`);

export const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
      slug
      name
    }
  }
`);

// SUBSCRIBED with the state now, then one event per committed change of the
// organization, numbered in commit order; completes when the viewer loses
// access. The page needs the number, the usage and the viewer's role: the
// lists it shows are refetched (see live.ts).
export const OrganizationChangedSubscription = graphql(`
  subscription OrganizationChanged($organizationID: ID!) {
    organizationChanged(organizationID: $organizationID) {
      kind
      sequence
      viewerRole
      seatUsage {
        ...SeatUsageFields
      }
    }
  }
`);
