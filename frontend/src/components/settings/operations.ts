import { graphql } from '../../gql';

export const UpdateSeatLimitMutation = graphql(`
  mutation UpdateSeatLimit($organizationID: ID!, $seats: Int!) {
    updateSeatLimit(organizationID: $organizationID, seats: $seats) {
      id
      seatUsage {
        ...SeatUsageFields
      }
    }
  }
`);

export const TransferCandidatesQuery = graphql(`
  query TransferCandidates($slug: String!, $search: String) {
    organization(slug: $slug) {
      id
      members(first: 20, search: $search) {
        edges {
          node {
            id
            role
            user {
              id
              name
              email
            }
          }
        }
      }
    }
  }
`);

export const TransferOwnershipMutation = graphql(`
  mutation TransferOwnership($organizationID: ID!, $membershipID: ID!) {
    transferOwnership(organizationID: $organizationID, membershipID: $membershipID) {
      id
      viewerRole
      viewerPermissions
    }
  }
`);

export const DeleteOrganizationMutation = graphql(`
  mutation DeleteOrganization($id: ID!, $confirmSlug: String!) {
    deleteOrganization(id: $id, confirmSlug: $confirmSlug)
  }
`);

export const UpdateOrganizationMutation = graphql(`
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      id
      name
      slug
    }
  }
`);
