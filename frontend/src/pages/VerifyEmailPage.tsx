// /verify-email?token=…: the link from the verification email. It works
// only for the account it was sent to, signed in (the server refuses anyone
// else), so a signed-out visitor signs in first and comes back here, the
// token kept in the sign-in page's `next`. Without a token: "check your
// inbox" after signing up.
import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconMailForward } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import type { CombinedError } from '@urql/core';
import { SignOutMutation, VerifyEmailMutation } from '../components/session/operations';
import { useSession } from '../components/session/SessionProvider';
import { ResendVerificationButton } from '../components/session/VerifyEmailBanner';
import { notifySuccess } from '../components/ui/notify';
import { errorMessage, hasErrorCode } from '../lib/errors';
import { paths, peekAfterVerify, takeAfterVerify, withNext } from '../lib/navigation';

function CheckInbox() {
  const { viewer } = useSession();
  const pending = peekAfterVerify();
  if (!viewer) return <Navigate to={paths.signIn} replace />;
  if (viewer.emailVerified) {
    return (
      <Paper withBorder p="xl" radius="md">
        <Stack>
          <Title order={1} size="h2">
            Your email is verified
          </Title>
          <Button component={Link} to={pending ?? paths.home} onClick={() => takeAfterVerify()}>
            Continue
          </Button>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconMailForward size={40} aria-hidden color="var(--mantine-color-indigo-8)" />
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Text>
          We sent a verification link to <strong>{viewer.email}</strong>. Open it to verify your address
          {pending?.startsWith('/invitations/') ? '; it brings you back to your invitation.' : '.'}
        </Text>
        <Text size="sm" c="dimmed">
          Nothing there? Check your spam folder, or send the email again.
        </Text>
        <ResendVerificationButton email={viewer.email} variant="default" />
        {!pending && (
          <Button component={Link} to={paths.home} variant="subtle">
            Continue to Roster
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function SignInToVerify({ token }: { token: string }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconMailForward size={40} aria-hidden color="var(--mantine-color-indigo-8)" />
        <Title order={1} size="h2">
          Sign in to verify your email
        </Title>
        <Text>
          For your security, a verification link works only for the account it was sent to. Sign in with that account; we verify
          the address right after.
        </Text>
        <Button component={Link} to={withNext(paths.signIn, verifyPath(token))} w="fit-content">
          Sign in to verify
        </Button>
      </Stack>
    </Paper>
  );
}

function verifyPath(token: string): string {
  return `${paths.verifyEmail}?${new URLSearchParams({ token }).toString()}`;
}

/** Signed in as another account than the link's: sign out, then sign in as the right one. */
function AnotherAccount({ token, email }: { token: string; email: string }) {
  const { resetSession } = useSession();
  const navigate = useNavigate();
  const [{ fetching }, signOut] = useMutation(SignOutMutation);
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <Title order={1} size="h2">
          This link is for another account
        </Title>
        <Text>
          You are signed in as <strong>{email}</strong>, but this verification link was sent for another account. Sign out, then
          sign in as the account the email was sent to.
        </Text>
        <Group>
          <Button
            loading={fetching}
            onClick={async () => {
              const r = await signOut({});
              if (r.error) return;
              navigate(withNext(paths.signIn, verifyPath(token)), { replace: true });
              resetSession();
            }}
          >
            Sign out and switch account
          </Button>
          <Button component={Link} to={paths.home} variant="default">
            Continue as {email}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function VerifyToken({ token }: { token: string }) {
  const { viewer, refreshViewer } = useSession();
  const navigate = useNavigate();
  const [, verify] = useMutation(VerifyEmailMutation);
  const started = useRef(false);
  const [state, setState] = useState<{ status: 'verifying' } | { status: 'done'; next: string; joined: string[] } | { status: 'failed'; error: CombinedError }>({
    status: 'verifying',
  });

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void verify({ token }).then((r) => {
      if (r.error) {
        setState({ status: 'failed', error: r.error });
        return;
      }
      const next = takeAfterVerify() ?? paths.home;
      // A new account has no memberships before its email is verified: any
      // now are organizations it joined by their verified domain (auto-join).
      const joined = (r.data?.verifyEmail.memberships ?? []).map((m) => m.organization.name);
      notifySuccess('Your email address is verified.', 'Email verified');
      void refreshViewer().then(() => setState({ status: 'done', next, joined }));
    });
  }, [token, verify, refreshViewer]);

  useEffect(() => {
    // Signed in here and on the way to an invitation: go straight back to it.
    if (state.status === 'done' && viewer && state.next !== paths.home) navigate(state.next, { replace: true });
  }, [state, viewer, navigate]);

  if (state.status === 'verifying') {
    return (
      <Paper withBorder p="xl" radius="md">
        <Stack align="center" role="status" aria-live="polite">
          <Loader aria-hidden />
          <Text>Verifying your email address…</Text>
        </Stack>
      </Paper>
    );
  }
  if (state.status === 'failed') {
    if (viewer && hasErrorCode(state.error, 'UNAUTHENTICATED')) return <AnotherAccount token={token} email={viewer.email} />;
    const invalid = hasErrorCode(state.error, 'VERIFICATION_FAILED') || hasErrorCode(state.error, 'BAD_USER_INPUT') || hasErrorCode(state.error, 'NOT_FOUND');
    return (
      <Paper withBorder p="xl" radius="md">
        <Stack>
          <Title order={1} size="h2">
            {invalid ? 'This verification link is not valid' : 'We could not verify your email'}
          </Title>
          <Text>{invalid ? 'It may have expired or been used already. Links in newer emails replace older ones.' : errorMessage(state.error)}</Text>
          {viewer && !viewer.emailVerified && <ResendVerificationButton email={viewer.email} variant="default" />}
          {viewer?.emailVerified && (
            <Button component={Link} to={paths.home}>
              Continue to Roster
            </Button>
          )}
          {!viewer && (
            <Button component={Link} to={paths.signIn}>
              Sign in
            </Button>
          )}
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack>
        <IconCircleCheck size={40} aria-hidden color="var(--mantine-color-teal-8)" />
        <Title order={1} size="h2">
          Your email is verified
        </Title>
        {state.joined.length > 0 && (
          <Text>
            You joined <strong>{state.joined.join(', ')}</strong>: your address is at a domain {state.joined.length === 1 ? 'it has' : 'they have'} verified.
          </Text>
        )}
        {viewer ? (
          <Button component={Link} to={state.next}>
            Continue
          </Button>
        ) : (
          <>
            <Text>Sign in to continue.</Text>
            <Button component={Link} to={withNext(paths.signIn, state.next === paths.home ? null : state.next)}>
              Sign in
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const { viewer } = useSession();
  const token = params.get('token');
  if (!token) return <CheckInbox />;
  return viewer ? <VerifyToken token={token} /> : <SignInToVerify token={token} />;
}
