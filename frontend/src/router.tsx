import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { AuthLayout } from './components/layout/AuthLayout';
import { RequireViewer } from './components/layout/RequireViewer';
import { OrganizationRoute } from './components/organizations/OrganizationRoute';
import { AccountPage } from './pages/AccountPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { CreateOrganizationPage } from './pages/CreateOrganizationPage';
import { DomainsSettingsPage } from './pages/DomainsSettingsPage';
import { DevelopersPage } from './pages/DevelopersPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { HomePage } from './pages/HomePage';
import { InvitationPage } from './pages/InvitationPage';
import { MembersPage } from './pages/MembersPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganizationSettingsPage } from './pages/OrganizationSettingsPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { RolesPage } from './pages/RolesPage';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { VerifyEmailPage } from './pages/VerifyEmailPage';

export const router = createBrowserRouter([
  {
    element: <AuthLayout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/invitations/accept', element: <InvitationPage /> },
    ],
  },
  {
    element: <RequireViewer />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { path: '/', element: <HomePage /> },
          { path: '/organizations/new', element: <CreateOrganizationPage /> },
          { path: '/account', element: <AccountPage /> },
          {
            path: '/orgs/:slug',
            element: <OrganizationRoute />,
            children: [
              { index: true, element: <Navigate to="members" replace /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'settings', element: <Navigate to="organization" replace /> },
              { path: 'settings/organization', element: <OrganizationSettingsPage /> },
              { path: 'settings/domains', element: <DomainsSettingsPage /> },
              { path: 'developers', element: <DevelopersPage /> },
              { path: 'audit-log', element: <AuditLogPage /> },
              { path: 'roles', element: <RolesPage /> },
            ],
          },
        ],
      },
    ],
  },
  // The API explorer, loaded on its own: GraphiQL is most of its weight.
  // /graphql is where a browser lands from the API's own address.
  ...['/explorer', '/graphql'].map((path) => ({
    path,
    lazy: () => import('./pages/ExplorerPage').then((m) => ({ Component: m.ExplorerPage })),
  })),
  { path: '*', element: <NotFoundPage /> },
]);
