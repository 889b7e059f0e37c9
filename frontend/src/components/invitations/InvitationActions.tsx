// "Resend Invitation" and "Cancel" for a pending invitation (the guide's
// words); cancellation asks for confirmation. An expired invitation can only
// be resent: a new link and a new expiry, taking a seat again, so a full
// organization refuses it (SEAT_LIMIT_REACHED) and the guide's three ways to
// free a seat are shown.
import { Button, Group } from '@mantine/core';
import { useMutation } from 'urql';
import { errorMessage, hasErrorCode } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { seatsFullOptionsSentence } from '../../lib/seats';
import { useSession } from '../session/SessionProvider';
import { VERIFY_FIRST_ID } from '../session/VerifyFirst';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { notifyError, notifySuccess } from '../ui/notify';
import { useRowDialog } from '../ui/RowDialogs';
import { CancelInvitationMutation, ResendInvitationMutation } from './operations';


export function InvitationActions({
  invitation,
  expired = false,
  canManageBilling = false,
}: {
  invitation: { id: string; email: string };
  expired?: boolean;
  canManageBilling?: boolean;
}) {
  const [resending, resend] = useMutation(ResendInvitationMutation);
  const [canceling, cancel] = useMutation(CancelInvitationMutation);
  // Kept by the member list, so that it stays open when the list is drawn anew as cards or a table.
  const [confirmOpen, setConfirmOpen] = useRowDialog(`cancel-invitation:${invitation.id}`);
  const { viewer } = useSession();
  const unverified = Boolean(viewer && !viewer.emailVerified);

  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      <Button
        size="xs"
        variant="default"
        loading={resending.fetching}
        disabled={unverified}
        aria-describedby={unverified ? VERIFY_FIRST_ID : undefined}
        aria-label={`Resend Invitation to ${invitation.email}`}
        onClick={async () => {
          const r = await resend({ id: invitation.id }, ROSTER_DATA);
          if (r.error && hasErrorCode(r.error, 'SEAT_LIMIT_REACHED')) notifyError(`${errorMessage(r.error)} ${seatsFullOptionsSentence(canManageBilling)}`, 'No seat for this invitation');
          else if (r.error) notifyError(errorMessage(r.error), 'Invitation not resent');
          else notifySuccess(`${invitation.email} will receive a new email. The earlier link no longer works.`, 'Invitation resent');
        }}
      >
        {expired ? 'Resend' : 'Resend Invitation'}
      </Button>
      {!expired && (
        <Button size="xs" variant="subtle" color="red.9" aria-label={`Cancel invitation for ${invitation.email}`} onClick={() => setConfirmOpen(true)}>
          Cancel
        </Button>
      )}
      <ConfirmDialog
        opened={confirmOpen}
        title="Cancel this invitation?"
        confirmLabel="Cancel invitation"
        cancelLabel="Keep invitation"
        loading={canceling.fetching}
        error={canceling.error}
        onClose={() => setConfirmOpen(false)}
        onConfirm={async () => {
          const r = await cancel({ id: invitation.id }, ROSTER_DATA);
          if (r.error) return;
          setConfirmOpen(false);
          notifySuccess(`The invitation for ${invitation.email} was canceled and its seat is free.`, 'Invitation canceled');
        }}
      >
        {`The link sent to ${invitation.email} will stop working and the seat it holds is freed.`}
      </ConfirmDialog>
    </Group>
  );
}
