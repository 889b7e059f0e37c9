import { graphql } from '../../gql';

/** What the portal knows of the signed-in user; verifyEmail answers with it too. */
export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    name
    email
    emailVerified
    memberships {
      id
      role
      organization {
        id
        slug
        name
        viewerPermissions
      }
    }
    receivedInvitations {
      id
      organizationName
      role
      invitedByName
      expiresAt
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      user {
        id
        email
        emailVerified
      }
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        id
        email
        emailVerified
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const VerifyEmailMutation = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      ...ViewerFields
    }
  }
`);

export const ResendVerificationEmailMutation = graphql(`
  mutation ResendVerificationEmail {
    resendVerificationEmail
  }
`);
