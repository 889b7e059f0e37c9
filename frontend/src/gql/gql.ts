/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  query AuditEvents($slug: String!, $action: String, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      auditEvents(first: 50, after: $after, action: $action) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            actorLabel\n            target\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query Developers($slug: String!) {\n    organization(slug: $slug) {\n      id\n      apiKeys {\n        id\n        name\n        prefix\n        role\n        createdAt\n        lastUsedAt\n        revokedAt\n        createdBy {\n          id\n          email\n        }\n      }\n      oauthClients {\n        id\n        name\n        clientID\n        role\n        createdAt\n        revokedAt\n      }\n      webhooks {\n        id\n        url\n        events\n        active\n        createdAt\n        deliveries(first: 20) {\n          totalCount\n          edges {\n            node {\n              id\n              eventType\n              status\n              attempts\n              responseStatus\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DevelopersDocument,
    "\n  mutation CreateAPIKey($organizationID: ID!, $name: String!, $role: Role!) {\n    createAPIKey(organizationID: $organizationID, name: $name, role: $role) {\n      apiKey {\n        id\n        name\n        prefix\n      }\n      secret\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeAPIKey($id: ID!) {\n    revokeAPIKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation CreateOAuthClient($organizationID: ID!, $name: String!, $role: Role!) {\n    createOAuthClient(organizationID: $organizationID, name: $name, role: $role) {\n      client {\n        id\n        name\n        clientID\n      }\n      clientSecret\n    }\n  }\n": typeof types.CreateOAuthClientDocument,
    "\n  mutation RevokeOAuthClient($id: ID!) {\n    revokeOAuthClient(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeOAuthClientDocument,
    "\n  mutation CreateWebhook($organizationID: ID!, $url: String!, $events: [String!]!) {\n    createWebhook(organizationID: $organizationID, url: $url, events: $events) {\n      webhook {\n        id\n        url\n      }\n      signingSecret\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation ResendWebhookDelivery($id: ID!) {\n    resendWebhookDelivery(id: $id) {\n      id\n      status\n      attempts\n    }\n  }\n": typeof types.ResendWebhookDeliveryDocument,
    "\n  fragment DomainFields on Domain {\n    id\n    domain\n    displayName\n    status\n    verified\n    verifiedAt\n    autoJoin\n    verificationRecordName\n    verificationRecordValue\n  }\n": typeof types.DomainFieldsFragmentDoc,
    "\n  query OrganizationDomains($slug: String!) {\n    organization(slug: $slug) {\n      id\n      domains {\n        ...DomainFields\n      }\n    }\n  }\n": typeof types.OrganizationDomainsDocument,
    "\n  mutation AddDomain($organizationID: ID!, $domain: String!) {\n    addDomain(organizationID: $organizationID, domain: $domain) {\n      ...DomainFields\n    }\n  }\n": typeof types.AddDomainDocument,
    "\n  mutation VerifyDomain($id: ID!) {\n    verifyDomain(id: $id) {\n      ...DomainFields\n    }\n  }\n": typeof types.VerifyDomainDocument,
    "\n  mutation SetDomainAutoJoin($id: ID!, $enabled: Boolean!) {\n    setDomainAutoJoin(id: $id, enabled: $enabled) {\n      ...DomainFields\n    }\n  }\n": typeof types.SetDomainAutoJoinDocument,
    "\n  mutation RemoveDomain($id: ID!) {\n    removeDomain(id: $id)\n  }\n": typeof types.RemoveDomainDocument,
    "\n  query InvitationByToken($token: String!) {\n    invitationByToken(token: $token) {\n      organizationName\n      email\n      role\n      status\n      expiresAt\n      invitedByName\n    }\n  }\n": typeof types.InvitationByTokenDocument,
    "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($token: String!) {\n    declineInvitation(token: $token)\n  }\n": typeof types.DeclineInvitationDocument,
    "\n  mutation ResendInvitation($id: ID!) {\n    resendInvitation(id: $id) {\n      id\n      status\n      expiresAt\n      lastSentAt\n      sendCount\n    }\n  }\n": typeof types.ResendInvitationDocument,
    "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelInvitationDocument,
    "\n  mutation AcceptReceivedInvitation($id: ID!) {\n    acceptReceivedInvitation(id: $id) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n": typeof types.AcceptReceivedInvitationDocument,
    "\n  mutation DeclineReceivedInvitation($id: ID!) {\n    declineReceivedInvitation(id: $id)\n  }\n": typeof types.DeclineReceivedInvitationDocument,
    "\n  fragment MemberFields on Membership {\n    id\n    role\n    joinedAt\n    lastActiveAt\n    viewerCanRemove\n    viewerAssignableRoles\n    user {\n      id\n      name\n      email\n    }\n  }\n": typeof types.MemberFieldsFragmentDoc,
    "\n  fragment PendingInvitationFields on Invitation {\n    id\n    email\n    role\n    status\n    createdAt\n    expiresAt\n    lastSentAt\n    sendCount\n    invitedBy {\n      id\n      name\n    }\n  }\n": typeof types.PendingInvitationFieldsFragmentDoc,
    "\n  query MemberList(\n    $slug: String!\n    $first: Int!\n    $membersAfter: Cursor\n    $invitationsAfter: Cursor\n    $search: String\n    $role: Role\n    $withMembers: Boolean!\n    $withInvitations: Boolean!\n    $invitationStatus: InvitationStatus\n    $orderBy: MembershipOrder\n  ) {\n    organization(slug: $slug) {\n      id\n      members(first: $first, after: $membersAfter, search: $search, role: $role, orderBy: $orderBy) @include(if: $withMembers) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...MemberFields\n          }\n        }\n      }\n      invitations(first: $first, after: $invitationsAfter, status: $invitationStatus, role: $role, search: $search)\n        @include(if: $withInvitations) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...PendingInvitationFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.MemberListDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      ...PendingInvitationFields\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation BulkInviteMembers($input: BulkInviteMembersInput!) {\n    bulkInviteMembers(input: $input) {\n      invitations {\n        id\n        email\n        role\n      }\n      rejected {\n        line\n        input\n        code\n        message\n      }\n    }\n  }\n": typeof types.BulkInviteMembersDocument,
    "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation ChangeMemberRole($id: ID!, $role: Role!) {\n    changeMemberRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.ChangeMemberRoleDocument,
    "\n  mutation LeaveOrganization($organizationID: ID!) {\n    leaveOrganization(organizationID: $organizationID)\n  }\n": typeof types.LeaveOrganizationDocument,
    "\n  query BulkInvitePreview($id: ID!, $emails: String!, $role: Role!) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        bulkInvitePreview(emails: $emails, role: $role) {\n          valid\n          seatsNeeded\n          seatsAvailable\n          fits\n          rejected {\n            line\n            input\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n": typeof types.BulkInvitePreviewDocument,
    "\n  query ExportMembers($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      members(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            role\n            joinedAt\n            user {\n              id\n              name\n              email\n            }\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ExportMembersDocument,
    "\n  query ExportInvitations($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      invitations(first: 100, after: $after, status: PENDING) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            email\n            role\n            createdAt\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ExportInvitationsDocument,
    "\n  fragment SeatUsageFields on SeatUsage {\n    organizationID\n    used\n    total\n    available\n    active\n    pending\n  }\n": typeof types.SeatUsageFieldsFragmentDoc,
    "\n  query Organization($slug: String!) {\n    organization(slug: $slug) {\n      id\n      name\n      slug\n      createdAt\n      viewerRole\n      viewerPermissions\n      viewerInvitableRoles\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": typeof types.OrganizationDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      slug\n      name\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  subscription OrganizationChanged($organizationID: ID!) {\n    organizationChanged(organizationID: $organizationID) {\n      kind\n      sequence\n      viewerRole\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": typeof types.OrganizationChangedDocument,
    "\n  query RolePermissions {\n    rolePermissions {\n      role\n      permissions\n    }\n  }\n": typeof types.RolePermissionsDocument,
    "\n  query SeatUsageHistory($slug: String!, $days: Int!) {\n    organization(slug: $slug) {\n      id\n      seatUsageHistory(days: $days) {\n        day\n        active\n        pending\n        total\n      }\n    }\n  }\n": typeof types.SeatUsageHistoryDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    emailVerified\n    memberships {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n        viewerPermissions\n      }\n    }\n    receivedInvitations {\n      id\n      organizationName\n      role\n      invitedByName\n      expiresAt\n    }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      ...ViewerFields\n    }\n  }\n": typeof types.VerifyEmailDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n": typeof types.ResendVerificationEmailDocument,
    "\n  mutation UpdateSeatLimit($organizationID: ID!, $seats: Int!) {\n    updateSeatLimit(organizationID: $organizationID, seats: $seats) {\n      id\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": typeof types.UpdateSeatLimitDocument,
    "\n  query TransferCandidates($slug: String!, $search: String) {\n    organization(slug: $slug) {\n      id\n      members(first: 20, search: $search) {\n        edges {\n          node {\n            id\n            role\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TransferCandidatesDocument,
    "\n  mutation TransferOwnership($organizationID: ID!, $membershipID: ID!) {\n    transferOwnership(organizationID: $organizationID, membershipID: $membershipID) {\n      id\n      viewerRole\n      viewerPermissions\n    }\n  }\n": typeof types.TransferOwnershipDocument,
    "\n  mutation DeleteOrganization($id: ID!, $confirmSlug: String!) {\n    deleteOrganization(id: $id, confirmSlug: $confirmSlug)\n  }\n": typeof types.DeleteOrganizationDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": typeof types.UpdateOrganizationDocument,
};
const documents: Documents = {
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  query AuditEvents($slug: String!, $action: String, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      auditEvents(first: 50, after: $after, action: $action) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            actorLabel\n            target\n            createdAt\n          }\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query Developers($slug: String!) {\n    organization(slug: $slug) {\n      id\n      apiKeys {\n        id\n        name\n        prefix\n        role\n        createdAt\n        lastUsedAt\n        revokedAt\n        createdBy {\n          id\n          email\n        }\n      }\n      oauthClients {\n        id\n        name\n        clientID\n        role\n        createdAt\n        revokedAt\n      }\n      webhooks {\n        id\n        url\n        events\n        active\n        createdAt\n        deliveries(first: 20) {\n          totalCount\n          edges {\n            node {\n              id\n              eventType\n              status\n              attempts\n              responseStatus\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DevelopersDocument,
    "\n  mutation CreateAPIKey($organizationID: ID!, $name: String!, $role: Role!) {\n    createAPIKey(organizationID: $organizationID, name: $name, role: $role) {\n      apiKey {\n        id\n        name\n        prefix\n      }\n      secret\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeAPIKey($id: ID!) {\n    revokeAPIKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation CreateOAuthClient($organizationID: ID!, $name: String!, $role: Role!) {\n    createOAuthClient(organizationID: $organizationID, name: $name, role: $role) {\n      client {\n        id\n        name\n        clientID\n      }\n      clientSecret\n    }\n  }\n": types.CreateOAuthClientDocument,
    "\n  mutation RevokeOAuthClient($id: ID!) {\n    revokeOAuthClient(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeOAuthClientDocument,
    "\n  mutation CreateWebhook($organizationID: ID!, $url: String!, $events: [String!]!) {\n    createWebhook(organizationID: $organizationID, url: $url, events: $events) {\n      webhook {\n        id\n        url\n      }\n      signingSecret\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation ResendWebhookDelivery($id: ID!) {\n    resendWebhookDelivery(id: $id) {\n      id\n      status\n      attempts\n    }\n  }\n": types.ResendWebhookDeliveryDocument,
    "\n  fragment DomainFields on Domain {\n    id\n    domain\n    displayName\n    status\n    verified\n    verifiedAt\n    autoJoin\n    verificationRecordName\n    verificationRecordValue\n  }\n": types.DomainFieldsFragmentDoc,
    "\n  query OrganizationDomains($slug: String!) {\n    organization(slug: $slug) {\n      id\n      domains {\n        ...DomainFields\n      }\n    }\n  }\n": types.OrganizationDomainsDocument,
    "\n  mutation AddDomain($organizationID: ID!, $domain: String!) {\n    addDomain(organizationID: $organizationID, domain: $domain) {\n      ...DomainFields\n    }\n  }\n": types.AddDomainDocument,
    "\n  mutation VerifyDomain($id: ID!) {\n    verifyDomain(id: $id) {\n      ...DomainFields\n    }\n  }\n": types.VerifyDomainDocument,
    "\n  mutation SetDomainAutoJoin($id: ID!, $enabled: Boolean!) {\n    setDomainAutoJoin(id: $id, enabled: $enabled) {\n      ...DomainFields\n    }\n  }\n": types.SetDomainAutoJoinDocument,
    "\n  mutation RemoveDomain($id: ID!) {\n    removeDomain(id: $id)\n  }\n": types.RemoveDomainDocument,
    "\n  query InvitationByToken($token: String!) {\n    invitationByToken(token: $token) {\n      organizationName\n      email\n      role\n      status\n      expiresAt\n      invitedByName\n    }\n  }\n": types.InvitationByTokenDocument,
    "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($token: String!) {\n    declineInvitation(token: $token)\n  }\n": types.DeclineInvitationDocument,
    "\n  mutation ResendInvitation($id: ID!) {\n    resendInvitation(id: $id) {\n      id\n      status\n      expiresAt\n      lastSentAt\n      sendCount\n    }\n  }\n": types.ResendInvitationDocument,
    "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelInvitationDocument,
    "\n  mutation AcceptReceivedInvitation($id: ID!) {\n    acceptReceivedInvitation(id: $id) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n": types.AcceptReceivedInvitationDocument,
    "\n  mutation DeclineReceivedInvitation($id: ID!) {\n    declineReceivedInvitation(id: $id)\n  }\n": types.DeclineReceivedInvitationDocument,
    "\n  fragment MemberFields on Membership {\n    id\n    role\n    joinedAt\n    lastActiveAt\n    viewerCanRemove\n    viewerAssignableRoles\n    user {\n      id\n      name\n      email\n    }\n  }\n": types.MemberFieldsFragmentDoc,
    "\n  fragment PendingInvitationFields on Invitation {\n    id\n    email\n    role\n    status\n    createdAt\n    expiresAt\n    lastSentAt\n    sendCount\n    invitedBy {\n      id\n      name\n    }\n  }\n": types.PendingInvitationFieldsFragmentDoc,
    "\n  query MemberList(\n    $slug: String!\n    $first: Int!\n    $membersAfter: Cursor\n    $invitationsAfter: Cursor\n    $search: String\n    $role: Role\n    $withMembers: Boolean!\n    $withInvitations: Boolean!\n    $invitationStatus: InvitationStatus\n    $orderBy: MembershipOrder\n  ) {\n    organization(slug: $slug) {\n      id\n      members(first: $first, after: $membersAfter, search: $search, role: $role, orderBy: $orderBy) @include(if: $withMembers) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...MemberFields\n          }\n        }\n      }\n      invitations(first: $first, after: $invitationsAfter, status: $invitationStatus, role: $role, search: $search)\n        @include(if: $withInvitations) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...PendingInvitationFields\n          }\n        }\n      }\n    }\n  }\n": types.MemberListDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      ...PendingInvitationFields\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation BulkInviteMembers($input: BulkInviteMembersInput!) {\n    bulkInviteMembers(input: $input) {\n      invitations {\n        id\n        email\n        role\n      }\n      rejected {\n        line\n        input\n        code\n        message\n      }\n    }\n  }\n": types.BulkInviteMembersDocument,
    "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  mutation ChangeMemberRole($id: ID!, $role: Role!) {\n    changeMemberRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": types.ChangeMemberRoleDocument,
    "\n  mutation LeaveOrganization($organizationID: ID!) {\n    leaveOrganization(organizationID: $organizationID)\n  }\n": types.LeaveOrganizationDocument,
    "\n  query BulkInvitePreview($id: ID!, $emails: String!, $role: Role!) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        bulkInvitePreview(emails: $emails, role: $role) {\n          valid\n          seatsNeeded\n          seatsAvailable\n          fits\n          rejected {\n            line\n            input\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n": types.BulkInvitePreviewDocument,
    "\n  query ExportMembers($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      members(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            role\n            joinedAt\n            user {\n              id\n              name\n              email\n            }\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ExportMembersDocument,
    "\n  query ExportInvitations($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      invitations(first: 100, after: $after, status: PENDING) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            email\n            role\n            createdAt\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ExportInvitationsDocument,
    "\n  fragment SeatUsageFields on SeatUsage {\n    organizationID\n    used\n    total\n    available\n    active\n    pending\n  }\n": types.SeatUsageFieldsFragmentDoc,
    "\n  query Organization($slug: String!) {\n    organization(slug: $slug) {\n      id\n      name\n      slug\n      createdAt\n      viewerRole\n      viewerPermissions\n      viewerInvitableRoles\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": types.OrganizationDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      slug\n      name\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  subscription OrganizationChanged($organizationID: ID!) {\n    organizationChanged(organizationID: $organizationID) {\n      kind\n      sequence\n      viewerRole\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": types.OrganizationChangedDocument,
    "\n  query RolePermissions {\n    rolePermissions {\n      role\n      permissions\n    }\n  }\n": types.RolePermissionsDocument,
    "\n  query SeatUsageHistory($slug: String!, $days: Int!) {\n    organization(slug: $slug) {\n      id\n      seatUsageHistory(days: $days) {\n        day\n        active\n        pending\n        total\n      }\n    }\n  }\n": types.SeatUsageHistoryDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    emailVerified\n    memberships {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n        viewerPermissions\n      }\n    }\n    receivedInvitations {\n      id\n      organizationName\n      role\n      invitedByName\n      expiresAt\n    }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      ...ViewerFields\n    }\n  }\n": types.VerifyEmailDocument,
    "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n": types.ResendVerificationEmailDocument,
    "\n  mutation UpdateSeatLimit($organizationID: ID!, $seats: Int!) {\n    updateSeatLimit(organizationID: $organizationID, seats: $seats) {\n      id\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n": types.UpdateSeatLimitDocument,
    "\n  query TransferCandidates($slug: String!, $search: String) {\n    organization(slug: $slug) {\n      id\n      members(first: 20, search: $search) {\n        edges {\n          node {\n            id\n            role\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n": types.TransferCandidatesDocument,
    "\n  mutation TransferOwnership($organizationID: ID!, $membershipID: ID!) {\n    transferOwnership(organizationID: $organizationID, membershipID: $membershipID) {\n      id\n      viewerRole\n      viewerPermissions\n    }\n  }\n": types.TransferOwnershipDocument,
    "\n  mutation DeleteOrganization($id: ID!, $confirmSlug: String!) {\n    deleteOrganization(id: $id, confirmSlug: $confirmSlug)\n  }\n": types.DeleteOrganizationDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": types.UpdateOrganizationDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($name: String!) {\n    updateProfile(name: $name) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($slug: String!, $action: String, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      auditEvents(first: 50, after: $after, action: $action) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            actorLabel\n            target\n            createdAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($slug: String!, $action: String, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      auditEvents(first: 50, after: $after, action: $action) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            action\n            actorLabel\n            target\n            createdAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Developers($slug: String!) {\n    organization(slug: $slug) {\n      id\n      apiKeys {\n        id\n        name\n        prefix\n        role\n        createdAt\n        lastUsedAt\n        revokedAt\n        createdBy {\n          id\n          email\n        }\n      }\n      oauthClients {\n        id\n        name\n        clientID\n        role\n        createdAt\n        revokedAt\n      }\n      webhooks {\n        id\n        url\n        events\n        active\n        createdAt\n        deliveries(first: 20) {\n          totalCount\n          edges {\n            node {\n              id\n              eventType\n              status\n              attempts\n              responseStatus\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Developers($slug: String!) {\n    organization(slug: $slug) {\n      id\n      apiKeys {\n        id\n        name\n        prefix\n        role\n        createdAt\n        lastUsedAt\n        revokedAt\n        createdBy {\n          id\n          email\n        }\n      }\n      oauthClients {\n        id\n        name\n        clientID\n        role\n        createdAt\n        revokedAt\n      }\n      webhooks {\n        id\n        url\n        events\n        active\n        createdAt\n        deliveries(first: 20) {\n          totalCount\n          edges {\n            node {\n              id\n              eventType\n              status\n              attempts\n              responseStatus\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAPIKey($organizationID: ID!, $name: String!, $role: Role!) {\n    createAPIKey(organizationID: $organizationID, name: $name, role: $role) {\n      apiKey {\n        id\n        name\n        prefix\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAPIKey($organizationID: ID!, $name: String!, $role: Role!) {\n    createAPIKey(organizationID: $organizationID, name: $name, role: $role) {\n      apiKey {\n        id\n        name\n        prefix\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAPIKey($id: ID!) {\n    revokeAPIKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeAPIKey($id: ID!) {\n    revokeAPIKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOAuthClient($organizationID: ID!, $name: String!, $role: Role!) {\n    createOAuthClient(organizationID: $organizationID, name: $name, role: $role) {\n      client {\n        id\n        name\n        clientID\n      }\n      clientSecret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOAuthClient($organizationID: ID!, $name: String!, $role: Role!) {\n    createOAuthClient(organizationID: $organizationID, name: $name, role: $role) {\n      client {\n        id\n        name\n        clientID\n      }\n      clientSecret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeOAuthClient($id: ID!) {\n    revokeOAuthClient(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeOAuthClient($id: ID!) {\n    revokeOAuthClient(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($organizationID: ID!, $url: String!, $events: [String!]!) {\n    createWebhook(organizationID: $organizationID, url: $url, events: $events) {\n      webhook {\n        id\n        url\n      }\n      signingSecret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($organizationID: ID!, $url: String!, $events: [String!]!) {\n    createWebhook(organizationID: $organizationID, url: $url, events: $events) {\n      webhook {\n        id\n        url\n      }\n      signingSecret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendWebhookDelivery($id: ID!) {\n    resendWebhookDelivery(id: $id) {\n      id\n      status\n      attempts\n    }\n  }\n"): (typeof documents)["\n  mutation ResendWebhookDelivery($id: ID!) {\n    resendWebhookDelivery(id: $id) {\n      id\n      status\n      attempts\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DomainFields on Domain {\n    id\n    domain\n    displayName\n    status\n    verified\n    verifiedAt\n    autoJoin\n    verificationRecordName\n    verificationRecordValue\n  }\n"): (typeof documents)["\n  fragment DomainFields on Domain {\n    id\n    domain\n    displayName\n    status\n    verified\n    verifiedAt\n    autoJoin\n    verificationRecordName\n    verificationRecordValue\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationDomains($slug: String!) {\n    organization(slug: $slug) {\n      id\n      domains {\n        ...DomainFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizationDomains($slug: String!) {\n    organization(slug: $slug) {\n      id\n      domains {\n        ...DomainFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddDomain($organizationID: ID!, $domain: String!) {\n    addDomain(organizationID: $organizationID, domain: $domain) {\n      ...DomainFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddDomain($organizationID: ID!, $domain: String!) {\n    addDomain(organizationID: $organizationID, domain: $domain) {\n      ...DomainFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyDomain($id: ID!) {\n    verifyDomain(id: $id) {\n      ...DomainFields\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyDomain($id: ID!) {\n    verifyDomain(id: $id) {\n      ...DomainFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDomainAutoJoin($id: ID!, $enabled: Boolean!) {\n    setDomainAutoJoin(id: $id, enabled: $enabled) {\n      ...DomainFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetDomainAutoJoin($id: ID!, $enabled: Boolean!) {\n    setDomainAutoJoin(id: $id, enabled: $enabled) {\n      ...DomainFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveDomain($id: ID!) {\n    removeDomain(id: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveDomain($id: ID!) {\n    removeDomain(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationByToken($token: String!) {\n    invitationByToken(token: $token) {\n      organizationName\n      email\n      role\n      status\n      expiresAt\n      invitedByName\n    }\n  }\n"): (typeof documents)["\n  query InvitationByToken($token: String!) {\n    invitationByToken(token: $token) {\n      organizationName\n      email\n      role\n      status\n      expiresAt\n      invitedByName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!) {\n    acceptInvitation(token: $token) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineInvitation($token: String!) {\n    declineInvitation(token: $token)\n  }\n"): (typeof documents)["\n  mutation DeclineInvitation($token: String!) {\n    declineInvitation(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendInvitation($id: ID!) {\n    resendInvitation(id: $id) {\n      id\n      status\n      expiresAt\n      lastSentAt\n      sendCount\n    }\n  }\n"): (typeof documents)["\n  mutation ResendInvitation($id: ID!) {\n    resendInvitation(id: $id) {\n      id\n      status\n      expiresAt\n      lastSentAt\n      sendCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelInvitation($id: ID!) {\n    cancelInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptReceivedInvitation($id: ID!) {\n    acceptReceivedInvitation(id: $id) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptReceivedInvitation($id: ID!) {\n    acceptReceivedInvitation(id: $id) {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineReceivedInvitation($id: ID!) {\n    declineReceivedInvitation(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeclineReceivedInvitation($id: ID!) {\n    declineReceivedInvitation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MemberFields on Membership {\n    id\n    role\n    joinedAt\n    lastActiveAt\n    viewerCanRemove\n    viewerAssignableRoles\n    user {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment MemberFields on Membership {\n    id\n    role\n    joinedAt\n    lastActiveAt\n    viewerCanRemove\n    viewerAssignableRoles\n    user {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PendingInvitationFields on Invitation {\n    id\n    email\n    role\n    status\n    createdAt\n    expiresAt\n    lastSentAt\n    sendCount\n    invitedBy {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment PendingInvitationFields on Invitation {\n    id\n    email\n    role\n    status\n    createdAt\n    expiresAt\n    lastSentAt\n    sendCount\n    invitedBy {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberList(\n    $slug: String!\n    $first: Int!\n    $membersAfter: Cursor\n    $invitationsAfter: Cursor\n    $search: String\n    $role: Role\n    $withMembers: Boolean!\n    $withInvitations: Boolean!\n    $invitationStatus: InvitationStatus\n    $orderBy: MembershipOrder\n  ) {\n    organization(slug: $slug) {\n      id\n      members(first: $first, after: $membersAfter, search: $search, role: $role, orderBy: $orderBy) @include(if: $withMembers) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...MemberFields\n          }\n        }\n      }\n      invitations(first: $first, after: $invitationsAfter, status: $invitationStatus, role: $role, search: $search)\n        @include(if: $withInvitations) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...PendingInvitationFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberList(\n    $slug: String!\n    $first: Int!\n    $membersAfter: Cursor\n    $invitationsAfter: Cursor\n    $search: String\n    $role: Role\n    $withMembers: Boolean!\n    $withInvitations: Boolean!\n    $invitationStatus: InvitationStatus\n    $orderBy: MembershipOrder\n  ) {\n    organization(slug: $slug) {\n      id\n      members(first: $first, after: $membersAfter, search: $search, role: $role, orderBy: $orderBy) @include(if: $withMembers) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...MemberFields\n          }\n        }\n      }\n      invitations(first: $first, after: $invitationsAfter, status: $invitationStatus, role: $role, search: $search)\n        @include(if: $withInvitations) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          cursor\n          node {\n            ...PendingInvitationFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      ...PendingInvitationFields\n    }\n  }\n"): (typeof documents)["\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      ...PendingInvitationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkInviteMembers($input: BulkInviteMembersInput!) {\n    bulkInviteMembers(input: $input) {\n      invitations {\n        id\n        email\n        role\n      }\n      rejected {\n        line\n        input\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BulkInviteMembers($input: BulkInviteMembersInput!) {\n    bulkInviteMembers(input: $input) {\n      invitations {\n        id\n        email\n        role\n      }\n      rejected {\n        line\n        input\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveMember($id: ID!) {\n    removeMember(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMemberRole($id: ID!, $role: Role!) {\n    changeMemberRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeMemberRole($id: ID!, $role: Role!) {\n    changeMemberRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveOrganization($organizationID: ID!) {\n    leaveOrganization(organizationID: $organizationID)\n  }\n"): (typeof documents)["\n  mutation LeaveOrganization($organizationID: ID!) {\n    leaveOrganization(organizationID: $organizationID)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BulkInvitePreview($id: ID!, $emails: String!, $role: Role!) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        bulkInvitePreview(emails: $emails, role: $role) {\n          valid\n          seatsNeeded\n          seatsAvailable\n          fits\n          rejected {\n            line\n            input\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BulkInvitePreview($id: ID!, $emails: String!, $role: Role!) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        bulkInvitePreview(emails: $emails, role: $role) {\n          valid\n          seatsNeeded\n          seatsAvailable\n          fits\n          rejected {\n            line\n            input\n            code\n            message\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportMembers($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      members(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            role\n            joinedAt\n            user {\n              id\n              name\n              email\n            }\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExportMembers($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      members(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            role\n            joinedAt\n            user {\n              id\n              name\n              email\n            }\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportInvitations($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      invitations(first: 100, after: $after, status: PENDING) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            email\n            role\n            createdAt\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExportInvitations($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      id\n      invitations(first: 100, after: $after, status: PENDING) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            email\n            role\n            createdAt\n            invitedBy {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeatUsageFields on SeatUsage {\n    organizationID\n    used\n    total\n    available\n    active\n    pending\n  }\n"): (typeof documents)["\n  fragment SeatUsageFields on SeatUsage {\n    organizationID\n    used\n    total\n    available\n    active\n    pending\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Organization($slug: String!) {\n    organization(slug: $slug) {\n      id\n      name\n      slug\n      createdAt\n      viewerRole\n      viewerPermissions\n      viewerInvitableRoles\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Organization($slug: String!) {\n    organization(slug: $slug) {\n      id\n      name\n      slug\n      createdAt\n      viewerRole\n      viewerPermissions\n      viewerInvitableRoles\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      slug\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      slug\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrganizationChanged($organizationID: ID!) {\n    organizationChanged(organizationID: $organizationID) {\n      kind\n      sequence\n      viewerRole\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OrganizationChanged($organizationID: ID!) {\n    organizationChanged(organizationID: $organizationID) {\n      kind\n      sequence\n      viewerRole\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RolePermissions {\n    rolePermissions {\n      role\n      permissions\n    }\n  }\n"): (typeof documents)["\n  query RolePermissions {\n    rolePermissions {\n      role\n      permissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SeatUsageHistory($slug: String!, $days: Int!) {\n    organization(slug: $slug) {\n      id\n      seatUsageHistory(days: $days) {\n        day\n        active\n        pending\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  query SeatUsageHistory($slug: String!, $days: Int!) {\n    organization(slug: $slug) {\n      id\n      seatUsageHistory(days: $days) {\n        day\n        active\n        pending\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    emailVerified\n    memberships {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n        viewerPermissions\n      }\n    }\n    receivedInvitations {\n      id\n      organizationName\n      role\n      invitedByName\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    emailVerified\n    memberships {\n      id\n      role\n      organization {\n        id\n        slug\n        name\n        viewerPermissions\n      }\n    }\n    receivedInvitations {\n      id\n      organizationName\n      role\n      invitedByName\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n        emailVerified\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n"): (typeof documents)["\n  mutation ResendVerificationEmail {\n    resendVerificationEmail\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSeatLimit($organizationID: ID!, $seats: Int!) {\n    updateSeatLimit(organizationID: $organizationID, seats: $seats) {\n      id\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSeatLimit($organizationID: ID!, $seats: Int!) {\n    updateSeatLimit(organizationID: $organizationID, seats: $seats) {\n      id\n      seatUsage {\n        ...SeatUsageFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransferCandidates($slug: String!, $search: String) {\n    organization(slug: $slug) {\n      id\n      members(first: 20, search: $search) {\n        edges {\n          node {\n            id\n            role\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TransferCandidates($slug: String!, $search: String) {\n    organization(slug: $slug) {\n      id\n      members(first: 20, search: $search) {\n        edges {\n          node {\n            id\n            role\n            user {\n              id\n              name\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferOwnership($organizationID: ID!, $membershipID: ID!) {\n    transferOwnership(organizationID: $organizationID, membershipID: $membershipID) {\n      id\n      viewerRole\n      viewerPermissions\n    }\n  }\n"): (typeof documents)["\n  mutation TransferOwnership($organizationID: ID!, $membershipID: ID!) {\n    transferOwnership(organizationID: $organizationID, membershipID: $membershipID) {\n      id\n      viewerRole\n      viewerPermissions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteOrganization($id: ID!, $confirmSlug: String!) {\n    deleteOrganization(id: $id, confirmSlug: $confirmSlug)\n  }\n"): (typeof documents)["\n  mutation DeleteOrganization($id: ID!, $confirmSlug: String!) {\n    deleteOrganization(id: $id, confirmSlug: $confirmSlug)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;