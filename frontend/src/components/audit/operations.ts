import { graphql } from '../../gql';

export const AuditEventsQuery = graphql(`
  query AuditEvents($slug: String!, $action: String, $after: Cursor) {
    organization(slug: $slug) {
      id
      auditEvents(first: 50, after: $after, action: $action) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            action
            actorLabel
            target
            createdAt
          }
        }
      }
    }
  }
`);
