import { graphql } from '../../gql';

export const RolePermissionsQuery = graphql(`
  query RolePermissions {
    rolePermissions {
      role
      permissions
    }
  }
`);
