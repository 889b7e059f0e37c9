// Adds a domain; the server normalises it and refuses public mail
// providers, public suffixes and IP addresses (shown next to the field).
import { Button, Group, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { fieldErrors, formErrors } from '../../lib/errors';
import { ROSTER_DATA } from '../../lib/invalidation';
import { ErrorAlert } from '../ui/ErrorAlert';
import { notifySuccess } from '../ui/notify';
import { AddDomainMutation } from './operations';

export function AddDomainForm({ organizationId }: { organizationId: string }) {
  const [{ fetching, error }, add] = useMutation(AddDomainMutation);
  const form = useForm({
    initialValues: { domain: '' },
    validate: { domain: (v) => (v.trim() === '' ? 'Enter a domain, such as example.com' : null) },
  });
  const other = formErrors(error, ['domain']);
  return (
    <form
      noValidate
      aria-label="Add a domain"
      onSubmit={form.onSubmit(async ({ domain }) => {
        const r = await add({ organizationID: organizationId, domain }, ROSTER_DATA);
        if (r.error) {
          form.setErrors(fieldErrors(r.error));
          return;
        }
        notifySuccess(`Add the TXT record shown to verify ${r.data?.addDomain.displayName}.`, 'Domain added');
        form.reset();
      })}
    >
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Domain"
          description="Your organization's email domain, e.g. example.com"
          placeholder="example.com"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          style={{ flex: '1 1 220px' }}
          {...form.getInputProps('domain')}
        />
        <Button type="submit" loading={fetching} mt={{ base: 0, xs: 46 }}>
          Add domain
        </Button>
      </Group>
      {other.length > 0 && <ErrorAlert message={other.map((e) => e.message).join(' ')} />}
    </form>
  );
}
