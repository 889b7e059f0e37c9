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

// The current usage at once, then after every change; completes when the
// viewer loses access to the organization.
export const SeatUsageChangedSubscription = graphql(`
  subscription SeatUsageChanged($organizationID: ID!) {
    seatUsageChanged(organizationID: $organizationID) {
      ...SeatUsageFields
    }
  }
`);
