// Members → Invite Member: email and role (Admin or Member), "Send Invitation".
import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import type { Role } from '../../gql/graphql';
import { isEmailShape } from '../../lib/email';
import { apiErrors, fieldErrors } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { ROLE_DESCRIPTION, ROLE_LABEL } from '../../lib/roles';
import { seatsFullOptionsSentence } from '../../lib/seats';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { InviteMemberMutation } from './operations';


export function InviteMemberModal({
  opened,
  onClose,
  organizationId,
  roles,
  canManageBilling = false,
}: {
  opened: boolean;
  onClose(): void;
  organizationId: string;
  roles: Role[];
  canManageBilling?: boolean;
}) {
  const [{ fetching, error }, invite] = useMutation(InviteMemberMutation);
  const form = useForm({
    initialValues: { email: '', role: 'MEMBER' as Role },
    validate: {
      email: (v) => (isEmailShape(v.trim()) ? null : 'Enter an email address like name@example.com'),
      role: (v) => (roles.includes(v) ? null : 'Choose a role'),
    },
  });
  // CONFLICT (already a member or invited) belongs next to the email field.
  const other = apiErrors(error).filter((e) => !e.field && e.code !== 'CONFLICT');

  const close = () => {
    form.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Invite Member" centered>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const email = values.email.trim();
          const r = await invite({ input: { organizationID: organizationId, email, role: values.role } }, ROSTER_DATA);
          if (r.error) {
            const errs = fieldErrors(r.error);
            const conflict = apiErrors(r.error).find((e) => e.code === 'CONFLICT');
            if (conflict && !errs.email) errs.email = conflict.message;
            form.setErrors(errs);
            return;
          }
          notifySuccess(`${email} will receive an email with an invitation link.`, 'Invitation sent');
          close();
        })}
      >
        <Stack>
          <TextInput label="Email address" type="email" placeholder="name@example.com" required data-autofocus {...form.getInputProps('email')} />
          <Radio.Group label="Role" required {...form.getInputProps('role')}>
            <Stack gap="sm" mt="xs">
              {roles.map((r) => (
                <Radio key={r} value={r} label={ROLE_LABEL[r]} description={ROLE_DESCRIPTION[r]} />
              ))}
            </Stack>
          </Radio.Group>
          {other.length > 0 && (
            <ErrorAlert
              message={[...other.map((e) => e.message), ...(other.some((e) => e.code === 'SEAT_LIMIT_REACHED') ? [seatsFullOptionsSentence(canManageBilling)] : [])].join(' ')}
            />
          )}
          <Text size="xs" c="dimmed">
            The invitation takes a seat until it is accepted, canceled or expires.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            <Button type="submit" loading={fetching}>
              Send Invitation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
