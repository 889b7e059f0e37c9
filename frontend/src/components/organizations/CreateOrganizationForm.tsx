import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import { paths } from '../../lib/navigation';
import { useSession } from '../session/SessionProvider';
import { VerifyFirst } from '../session/VerifyFirst';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { CreateOrganizationMutation } from './operations';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What the server derives from a name when no slug is given (a preview only). */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function CreateOrganizationForm() {
  const { viewer } = useSession();
  if (viewer && !viewer.emailVerified) return <VerifyFirst email={viewer.email} action="create an organization" />;
  return <CreateOrganization />;
}

function CreateOrganization() {
  const navigate = useNavigate();
  const { refreshViewer } = useSession();
  const [{ fetching, error }, create] = useMutation(CreateOrganizationMutation);
  const form = useForm({
    initialValues: { name: '', slug: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name for the organization'),
      slug: (v) => (!v.trim() || SLUG.test(v.trim()) ? null : 'Use lower-case letters, digits and single hyphens, e.g. acme-inc'),
    },
  });
  const other = formErrors(error, ['name', 'slug']);
  const derived = slugFromName(form.values.name);

  return (
    <form
      onSubmit={form.onSubmit(async (values) => {
        const r = await create({ input: { name: values.name.trim(), slug: values.slug.trim() || null } });
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        const org = r.data?.createOrganization;
        if (!org) return;
        await refreshViewer();
        notifySuccess(`${org.name} is ready. Invite your team next.`, 'Organization created');
        navigate(paths.members(org.slug));
      })}
      noValidate
    >
      <Stack>
        <TextInput label="Organization name" placeholder="Acme Inc." required autoComplete="organization" {...form.getInputProps('name')} />
        <TextInput
          label="URL name (slug)"
          description={derived ? `Leave blank to use “${derived}”.` : 'Used in links; leave blank to derive it from the name.'}
          placeholder={derived || 'acme-inc'}
          {...form.getInputProps('slug')}
        />
        {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
        <Button type="submit" loading={fetching} w="fit-content">
          Create organization
        </Button>
      </Stack>
    </form>
  );
}
