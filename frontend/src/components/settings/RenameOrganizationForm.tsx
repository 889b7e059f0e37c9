// The Owner renames the organization (updateOrganization; MANAGE_ORGANIZATION).
// The slug stays, so links and bookmarks keep working: the form says so.
import { Button, Group, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { useSession } from '../session/SessionProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { UpdateOrganizationMutation } from './operations';

export function RenameOrganizationForm({ organization }: { organization: { id: string; name: string; slug: string } }) {
  const [{ fetching, error }, update] = useMutation(UpdateOrganizationMutation);
  const { refreshViewer } = useSession();
  const form = useForm({
    initialValues: { name: organization.name },
    validate: { name: (v) => (v.trim() === '' ? 'Enter a name' : null) },
  });
  const other = formErrors(error, ['name']);
  return (
    <form
      aria-label="Rename organization"
      noValidate
      onSubmit={form.onSubmit(async ({ name }) => {
        const r = await update({ input: { organizationID: organization.id, name: name.trim() } }, ROSTER_DATA);
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        const saved = r.data?.updateOrganization.name ?? name.trim();
        form.setValues({ name: saved });
        form.resetDirty({ name: saved });
        // The organization switcher shows the name from the viewer's memberships.
        await refreshViewer();
        notifySuccess(`The organization is now called ${saved}.`, 'Organization renamed');
      })}
    >
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Organization name"
          description={`The URL name (slug) stays “${organization.slug}”, so links keep working.`}
          style={{ flex: '1 1 260px' }}
          {...form.getInputProps('name')}
        />
        <Button type="submit" loading={fetching} mt={{ base: 0, xs: 46 }} disabled={!form.isDirty()}>
          Rename
        </Button>
      </Group>
      {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
    </form>
  );
}
