import { Paper } from '@mantine/core';
import { CreateOrganizationForm } from '../components/organizations/CreateOrganizationForm';
import { PageHeader } from '../components/ui/PageHeader';

export function CreateOrganizationPage() {
  return (
    <>
      <PageHeader title="Create organization" description="You will be its Owner. You can invite members right after." />
      <Paper withBorder p="lg" maw={560}>
        <CreateOrganizationForm />
      </Paper>
    </>
  );
}
