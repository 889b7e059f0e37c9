// /invitations/accept?token=…: the link in an invitation email. Shows who
// invited whom to what, then lets the invited person sign in or sign up,
// accept or decline. Used, canceled, expired, replaced and unknown links get a
// page that says so.
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconMailOpened } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { AcceptInvitationMutation, DeclineInvitationMutation, InvitationByTokenQuery } from '../components/invitations/operations';
import { SignOutMutation } from '../components/session/operations';
import { useSession } from '../components/session/SessionProvider';
import { ResendVerificationButton } from '../components/session/VerifyEmailBanner';
import { ConfirmDialog } from '../components/ui/ConfirmDialog';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { FullPageLoader } from '../components/ui/FullPageLoader';
import { notifySuccess } from '../components/ui/notify';
import type { InvitationStatus } from '../gql/graphql';
import { apiErrors, hasErrorCode } from '../lib/errors';
import { formatDateTime, isPast, relativeTime } from '../lib/format';
import { paths, rememberAfterVerify, withNext } from '../lib/navigation';
import { ROLE_LABEL } from '../lib/roles';

type Unusable = InvitationStatus | 'UNKNOWN' | 'DECLINED_HERE';

// The guide's troubleshooting ("Invitation not received? Check spam/junk
// folders"), on the pages whose way out is another email.
const CHECK_SPAM = "Waiting for the new email? It can take a few minutes; check your spam/junk folders, and that it was sent to the address you use.";

const UNUSABLE: Record<Unusable, { title: string; body: string; hint?: string }> = {
  EXPIRED: {
    title: 'This invitation has expired',
    body: 'Invitations are valid for a limited time. Ask the person who invited you to resend it; the new email has a fresh link.',
    hint: CHECK_SPAM,
  },
  CANCELED: {
    title: 'This invitation was canceled',
    body: 'An admin of the organization canceled it. If you still need access, ask them to invite you again.',
  },
  ACCEPTED: {
    title: 'This invitation has already been used',
    body: 'It was accepted, so the link no longer works. If that was you, sign in to reach the organization.',
  },
  DECLINED: {
    title: 'This invitation was declined',
    body: 'The link no longer works. If you change your mind, ask to be invited again.',
  },
  DECLINED_HERE: {
    title: 'You declined the invitation',
    body: 'We let the organization know. If you change your mind, ask to be invited again.',
  },
  PENDING: { title: '', body: '' },
  UNKNOWN: {
    title: 'This invitation link is not valid',
    body: 'It may have been replaced by a newer invitation email, already used, or copied incompletely. Look for the most recent email, or ask for a new invitation.',
    hint: CHECK_SPAM,
  },
};

function UnusableInvitation({ reason, organizationName }: { reason: Unusable; organizationName?: string }) {
  const { viewer } = useSession();
  const text = UNUSABLE[reason];
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconAlertTriangle size={40} aria-hidden color="var(--mantine-color-orange-8)" />
        <Title order={1} size="h2">
          {text.title}
        </Title>
        {organizationName && (
          <Text>
            Organization: <strong>{organizationName}</strong>
          </Text>
        )}
        <Text>{text.body}</Text>
        {text.hint && (
          <Text size="sm" c="dimmed">
            {text.hint}
          </Text>
        )}
        <Button component={Link} to={viewer ? paths.home : paths.signIn} w="fit-content">
          {viewer ? 'Go to Roster' : 'Sign in'}
        </Button>
      </Stack>
    </Paper>
  );
}

export function InvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  if (!token) return <UnusableInvitation reason="UNKNOWN" />;
  return <Invitation token={token} />;
}

function Invitation({ token }: { token: string }) {
  const { viewer, refreshViewer, resetSession } = useSession();
  const navigate = useNavigate();
  const here = paths.invitation(token);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvitationByTokenQuery,
    variables: { token },
    requestPolicy: 'network-only',
  });
  const [accepting, accept] = useMutation(AcceptInvitationMutation);
  const [declining, decline] = useMutation(DeclineInvitationMutation);
  const [, signOut] = useMutation(SignOutMutation);
  const [confirmDecline, setConfirmDecline] = useState(false);
  const [declined, setDeclined] = useState(false);

  const preview = data?.invitationByToken ?? null;
  const emailMatches = Boolean(viewer && preview && viewer.email.toLowerCase() === preview.email.toLowerCase());
  const needsVerification = Boolean(viewer && emailMatches && !viewer.emailVerified);

  useEffect(() => {
    // Verifying happens in another tab or later; the verification link leads back here.
    if (needsVerification) rememberAfterVerify(here);
  }, [needsVerification, here]);

  if (declined) return <UnusableInvitation reason="DECLINED_HERE" organizationName={preview?.organizationName} />;
  if (!data) {
    if (error && !fetching) {
      if (hasErrorCode(error, 'INVITATION_INVALID')) return <UnusableInvitation reason="UNKNOWN" />;
      return <ErrorAlert title="Could not load the invitation" error={error} />;
    }
    return <FullPageLoader label="Loading invitation" />;
  }
  if (!preview) return <UnusableInvitation reason="UNKNOWN" />;
  if (preview.status !== 'PENDING') return <UnusableInvitation reason={preview.status} organizationName={preview.organizationName} />;
  if (isPast(preview.expiresAt)) return <UnusableInvitation reason="EXPIRED" organizationName={preview.organizationName} />;

  const acceptError = accepting.error;
  const invalidNow = hasErrorCode(acceptError, 'INVITATION_INVALID') || hasErrorCode(declining.error, 'INVITATION_INVALID');

  const onAccept = async () => {
    const r = await accept({ token });
    if (r.error) {
      if (hasErrorCode(r.error, 'INVITATION_INVALID')) refetch({ requestPolicy: 'network-only' });
      return;
    }
    const m = r.data?.acceptInvitation;
    if (!m) return;
    await refreshViewer();
    notifySuccess(`You joined ${m.organization.name} as ${ROLE_LABEL[m.role]}.`, 'Invitation accepted');
    navigate(paths.members(m.organization.slug), { replace: true });
  };

  const onDecline = async () => {
    const r = await decline({ token });
    if (r.error) return;
    setConfirmDecline(false);
    notifySuccess(`You declined the invitation to ${preview.organizationName}.`, 'Invitation declined');
    setDeclined(true);
  };

  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconMailOpened size={40} aria-hidden color="var(--mantine-color-indigo-8)" />
        <Title order={1} size="h2">
          Join {preview.organizationName}
        </Title>
        <Text>
          {preview.invitedByName ? <strong>{preview.invitedByName}</strong> : 'Someone'} invited <strong>{preview.email}</strong> to join{' '}
          <strong>{preview.organizationName}</strong> on Roster.
        </Text>
        <Group gap="xs">
          <Text size="sm">Role:</Text>
          <Badge variant="outline" color="indigo.8">
            {ROLE_LABEL[preview.role]}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Expires {relativeTime(preview.expiresAt)} ({formatDateTime(preview.expiresAt)}).
        </Text>

        {invalidNow && <Alert color="orange" title="This invitation can no longer be used">{apiErrors(acceptError ?? declining.error)[0]?.message}</Alert>}

        {!viewer && (
          <Stack gap="sm">
            <Text size="sm">To accept, sign in or create an account with {preview.email}.</Text>
            <Button component={Link} to={withNext(paths.signUp, here, { email: preview.email })}>
              Create an account
            </Button>
            <Button component={Link} to={withNext(paths.signIn, here, { email: preview.email })} variant="default">
              Sign in to accept
            </Button>
          </Stack>
        )}

        {viewer && !emailMatches && (
          <Alert color="yellow" title="You are signed in with a different email" icon={<IconAlertTriangle aria-hidden />}>
            <Stack gap="xs">
              <Text size="sm">
                This invitation is for {preview.email}, but you are signed in as {viewer.email}. Sign in with the invited address to accept it.
              </Text>
              <Button
                variant="default"
                w="fit-content"
                onClick={async () => {
                  await signOut({});
                  resetSession();
                }}
              >
                Sign out and switch account
              </Button>
            </Stack>
          </Alert>
        )}

        {needsVerification && viewer && (
          <Alert color="yellow" title="Verify your email first" icon={<IconAlertTriangle aria-hidden />}>
            <Stack gap="xs">
              <Text size="sm">We sent a link to {viewer.email}. After you open it, you come back here to accept.</Text>
              <Text size="sm">Nothing there? Check your spam/junk folders, or send the email again.</Text>
              <ResendVerificationButton email={viewer.email} variant="default" />
            </Stack>
          </Alert>
        )}

        {acceptError && !invalidNow && <ErrorAlert error={acceptError} />}

        {viewer && (
          <Button onClick={onAccept} loading={accepting.fetching}>
            Accept invitation
          </Button>
        )}
        <Button variant="subtle" color="red.9" onClick={() => setConfirmDecline(true)}>
          Decline
        </Button>
      </Stack>
      <ConfirmDialog
        opened={confirmDecline}
        title="Decline this invitation?"
        confirmLabel="Decline invitation"
        cancelLabel="Go back"
        loading={declining.fetching}
        error={declining.error}
        onClose={() => setConfirmDecline(false)}
        onConfirm={onDecline}
      >
        {`The link stops working and ${preview.organizationName} frees the seat. You can be invited again later.`}
      </ConfirmDialog>
    </Paper>
  );
}
