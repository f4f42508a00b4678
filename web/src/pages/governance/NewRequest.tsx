import { Alert, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { PageHeader, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { governanceKeys, type DevelopmentRequest } from '../../governance/model.ts';
import { useSession } from '../../session.tsx';
import { placedFields } from '../operations/parts.tsx';
import { RequestFields, requestBody, requestPath, requestValues, useRequestChecks, useRequestRequired, type RequestValues } from './fields.tsx';

/**
 * "Nytt utvecklingsärende" (issue 20, R-8.1): IT staff or a unit manager raise a development request —
 * what, its benefit and cost, small or large, a change or a pilot, whom it concerns and which unit
 * raises it, whether it changes the mission and what it does to the services. Registered, it opens.
 */
export function NewRequestPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can.raisesDevelopmentRequests) {
    return (
      <>
        <PageHeader title={t('governance.form.title')} />
        <Alert color="gray" role="note">
          {t('governance.form.notAllowed')}
        </Alert>
        <AnchorLink to="/utveckling" search={{}} mt="md" display="inline-block">
          {t('governance.request.back')}
        </AnchorLink>
      </>
    );
  }
  return <NewRequestForm />;
}

function NewRequestForm() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: RequestValues) => api.post<DevelopmentRequest>('/api/v1/development-requests', requestBody(v)),
    onSuccess: async (r) => {
      notifications.show({ color: 'green', message: t('governance.form.created', { number: r.number }) });
      await queryClient.invalidateQueries({ queryKey: governanceKeys.all });
      await navigate({ to: '/utveckling/$id', params: { id: r.id } });
    },
  });
  const form = useSamdeskForm<RequestValues>({
    initialValues: requestValues(user),
    required: useRequestRequired(user),
    check: useRequestChecks(),
    problemPath: requestPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const title = t('governance.form.title');
  return (
    <>
      <PageHeader title={title} intro={t('governance.form.intro')} />
      <form
        onSubmit={(e) => {
          setInvalid(false);
          form.submit(e);
        }}
        noValidate
        aria-label={title}
      >
        <Stack gap="lg" maw={720}>
          <RequestFields form={form} user={user} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, requestPath)} />
          {invalid && (
            <Alert color="red" role="alert">
              {t('governance.form.fixFields')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={form.submitting}>
              {t('governance.form.submit')}
            </Button>
            <Button variant="default" component={Link} to="/utveckling">
              {t('app.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
