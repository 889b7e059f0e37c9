import { graphql } from '../../gql';

export const DomainFieldsFragment = graphql(`
  fragment DomainFields on Domain {
    id
    domain
    displayName
    status
    verified
    verifiedAt
    autoJoin
    verificationRecordName
    verificationRecordValue
  }
`);

export const OrganizationDomainsQuery = graphql(`
  query OrganizationDomains($slug: String!) {
    organization(slug: $slug) {
      id
      domains {
        ...DomainFields
      }
    }
  }
`);

export const AddDomainMutation = graphql(`
  mutation AddDomain($organizationID: ID!, $domain: String!) {
    addDomain(organizationID: $organizationID, domain: $domain) {
      ...DomainFields
    }
  }
`);

export const VerifyDomainMutation = graphql(`
  mutation VerifyDomain($id: ID!) {
    verifyDomain(id: $id) {
      ...DomainFields
    }
  }
`);

export const SetDomainAutoJoinMutation = graphql(`
  mutation SetDomainAutoJoin($id: ID!, $enabled: Boolean!) {
    setDomainAutoJoin(id: $id, enabled: $enabled) {
      ...DomainFields
    }
  }
`);

export const RemoveDomainMutation = graphql(`
  mutation RemoveDomain($id: ID!) {
    removeDomain(id: $id)
  }
`);
