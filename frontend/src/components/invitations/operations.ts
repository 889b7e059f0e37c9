import { graphql } from '../../gql';

export const InvitationByTokenQuery = graphql(`
  query InvitationByToken($token: String!) {
    invitationByToken(token: $token) {
      organizationName
      email
      role
      status
      expiresAt
      invitedByName
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      id
      role
      organization {
        id
        slug
        name
      }
    }
  }
`);

export const DeclineInvitationMutation = graphql(`
  mutation DeclineInvitation($token: String!) {
    declineInvitation(token: $token)
  }
`);

export const ResendInvitationMutation = graphql(`
  mutation ResendInvitation($id: ID!) {
    resendInvitation(id: $id) {
      id
      status
      expiresAt
      lastSentAt
      sendCount
    }
  }
`);

export const CancelInvitationMutation = graphql(`
  mutation CancelInvitation($id: ID!) {
    cancelInvitation(id: $id) {
      id
      status
    }
  }
`);

export const AcceptReceivedInvitationMutation = graphql(`
  mutation AcceptReceivedInvitation($id: ID!) {
    acceptReceivedInvitation(id: $id) {
      id
      role
      organization {
        id
        slug
        name
      }
    }
  }
`);

export const DeclineReceivedInvitationMutation = graphql(`
  mutation DeclineReceivedInvitation($id: ID!) {
    declineReceivedInvitation(id: $id)
  }
`);
