import { graphql } from '../../gql';

export const DevelopersQuery = graphql(`
  query Developers($slug: String!) {
    organization(slug: $slug) {
      id
      apiKeys {
        id
        name
        prefix
        role
        createdAt
        lastUsedAt
        revokedAt
        createdBy {
          id
          email
        }
      }
      oauthClients {
        id
        name
        clientID
        role
        createdAt
        revokedAt
      }
      webhooks {
        id
        url
        events
        active
        createdAt
        deliveries(first: 20) {
          totalCount
          edges {
            node {
              id
              eventType
              status
              attempts
              responseStatus
              createdAt
            }
          }
        }
      }
    }
  }
`);

export const CreateAPIKeyMutation = graphql(`
  mutation CreateAPIKey($organizationID: ID!, $name: String!, $role: Role!) {
    createAPIKey(organizationID: $organizationID, name: $name, role: $role) {
      apiKey {
        id
        name
        prefix
      }
      secret
    }
  }
`);

export const RevokeAPIKeyMutation = graphql(`
  mutation RevokeAPIKey($id: ID!) {
    revokeAPIKey(id: $id) {
      id
      revokedAt
    }
  }
`);

export const CreateOAuthClientMutation = graphql(`
  mutation CreateOAuthClient($organizationID: ID!, $name: String!, $role: Role!) {
    createOAuthClient(organizationID: $organizationID, name: $name, role: $role) {
      client {
        id
        name
        clientID
      }
      clientSecret
    }
  }
`);

export const RevokeOAuthClientMutation = graphql(`
  mutation RevokeOAuthClient($id: ID!) {
    revokeOAuthClient(id: $id) {
      id
      revokedAt
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($organizationID: ID!, $url: String!, $events: [String!]!) {
    createWebhook(organizationID: $organizationID, url: $url, events: $events) {
      webhook {
        id
        url
      }
      signingSecret
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const ResendDeliveryMutation = graphql(`
  mutation ResendWebhookDelivery($id: ID!) {
    resendWebhookDelivery(id: $id) {
      id
      status
      attempts
    }
  }
`);
