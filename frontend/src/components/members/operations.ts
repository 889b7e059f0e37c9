import { graphql } from '../../gql';

export const MemberFields = graphql(`
  fragment MemberFields on Membership {
    id
    role
    joinedAt
    lastActiveAt
    viewerCanRemove
    viewerAssignableRoles
    user {
      id
      name
      email
    }
  }
`);

export const PendingInvitationFields = graphql(`
  fragment PendingInvitationFields on Invitation {
    id
    email
    role
    status
    createdAt
    expiresAt
    lastSentAt
    sendCount
    invitedBy {
      id
      name
    }
  }
`);

export const MemberListQuery = graphql(`
  query MemberList(
    $slug: String!
    $first: Int!
    $membersAfter: Cursor
    $invitationsAfter: Cursor
    $search: String
    $role: Role
    $withMembers: Boolean!
    $withInvitations: Boolean!
    $invitationStatus: InvitationStatus
    $orderBy: MembershipOrder
  ) {
    organization(slug: $slug) {
      id
      members(first: $first, after: $membersAfter, search: $search, role: $role, orderBy: $orderBy) @include(if: $withMembers) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...MemberFields
          }
        }
      }
      invitations(first: $first, after: $invitationsAfter, status: $invitationStatus, role: $role, search: $search)
        @include(if: $withInvitations) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...PendingInvitationFields
          }
        }
      }
    }
  }
`);

export const InviteMemberMutation = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      ...PendingInvitationFields
    }
  }
`);

export const BulkInviteMembersMutation = graphql(`
  mutation BulkInviteMembers($input: BulkInviteMembersInput!) {
    bulkInviteMembers(input: $input) {
      invitations {
        id
        email
        role
      }
      rejected {
        line
        input
        code
        message
      }
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation RemoveMember($id: ID!) {
    removeMember(id: $id) {
      id
    }
  }
`);

export const ChangeMemberRoleMutation = graphql(`
  mutation ChangeMemberRole($id: ID!, $role: Role!) {
    changeMemberRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

export const LeaveOrganizationMutation = graphql(`
  mutation LeaveOrganization($organizationID: ID!) {
    leaveOrganization(organizationID: $organizationID)
  }
`);

export const BulkInvitePreviewQuery = graphql(`
  query BulkInvitePreview($id: ID!, $emails: String!, $role: Role!) {
    node(id: $id) {
      ... on Organization {
        id
        bulkInvitePreview(emails: $emails, role: $role) {
          valid
          seatsNeeded
          seatsAvailable
          fits
          rejected {
            line
            input
            code
            message
          }
        }
      }
    }
  }
`);

// Export CSV: every member and every pending invitation, 100 a request
// (the API's largest page), following the cursors.
export const ExportMembersQuery = graphql(`
  query ExportMembers($slug: String!, $after: Cursor) {
    organization(slug: $slug) {
      id
      members(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            role
            joinedAt
            user {
              id
              name
              email
            }
            invitedBy {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export const ExportInvitationsQuery = graphql(`
  query ExportInvitations($slug: String!, $after: Cursor) {
    organization(slug: $slug) {
      id
      invitations(first: 100, after: $after, status: PENDING) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            email
            role
            createdAt
            invitedBy {
              id
              name
            }
          }
        }
      }
    }
  }
`);
