import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import { useSession } from '../session/SessionProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { UpdateProfileMutation } from './operations';

/** The viewer's name, as members and invitation emails show it. */
export function ProfileForm({ name }: { name: string }) {
  const { refreshViewer } = useSession();
  const [{ fetching, error }, update] = useMutation(UpdateProfileMutation);
  const form = useForm({
    initialValues: { name },
    validate: { name: (v) => (v.trim() ? null : 'Enter your name') },
  });
  const other = formErrors(error, ['name']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const r = await update({ name: values.name.trim() });
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        const saved = r.data?.updateProfile.name ?? values.name.trim();
        form.setValues({ name: saved });
        form.resetDirty({ name: saved });
        await refreshViewer();
        notifySuccess('Your name was saved.', 'Profile updated');
      })}
    >
      <Stack>
        <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
        {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
        <Button type="submit" loading={fetching} w="fit-content" disabled={!form.isDirty()}>
          Save name
        </Button>
      </Stack>
    </form>
  );
}
