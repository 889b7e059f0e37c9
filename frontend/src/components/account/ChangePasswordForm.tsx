import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import { newPasswordRules } from '../../lib/passwords';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { ChangePasswordMutation } from './operations';

/** A new password, after the current one; every other session then ends. */
export function ChangePasswordForm() {
  const [{ fetching, error }, change] = useMutation(ChangePasswordMutation);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: newPasswordRules,
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match'),
    },
  });
  const other = formErrors(error, ['currentPassword', 'newPassword']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const r = await change({ currentPassword: values.currentPassword, newPassword: values.newPassword });
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        form.reset();
        notifySuccess('Your password was changed. You were signed out on every other device.', 'Password changed');
      })}
    >
      <Stack>
        <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput
          label="New password"
          description="At least 10 characters"
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
        <Button type="submit" loading={fetching} w="fit-content">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
