import { Alert, Button, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { useLocale, useSession } from '../../session.tsx';
import { asSentence, sitesKeys, useSites, whyNot, type Site } from '../../sites/model.ts';
import { placedFields } from '../operations/parts.tsx';
import { SiteFields, siteBody, sitePath, siteValues, useSiteRequired, type SiteValues } from './fields.tsx';

/**
 * "Ny plats" (issue 22, R-12.1): IT registers a site — its municipality (IT staff serving both choose
 * it), name, kind, address, fixed connection, who paid for what and the units working there. Offered
 * only when the server's answer allows it (the register's `actions.create`); registered, the site opens.
 */
export function NewSitePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useSites(undefined, undefined, false);
  if (list.isPending) return <Loading />;
  if (list.isError) {
    return (
      <>
        <PageHeader title={t('sites.form.title')} />
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      </>
    );
  }
  const create = list.data.actions.create;
  if (!create.allowed) {
    return (
      <>
        <PageHeader title={t('sites.form.title')} />
        <Alert color="gray" role="note">
          {asSentence(whyNot(create, locale) ?? t('sites.form.notAllowed'))}
        </Alert>
        <AnchorLink to="/platser" search={{}} mt="md" display="inline-block">
          {t('sites.form.back')}
        </AnchorLink>
      </>
    );
  }
  return <NewSiteForm />;
}

function NewSiteForm() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const chooseMunicipality = user.municipalityId === null;
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: SiteValues) => api.post<Site>('/api/v1/sites', { ...(chooseMunicipality ? { municipalityId: v.municipalityId } : {}), ...siteBody(v) }),
    onSuccess: async (s) => {
      notifications.show({ color: 'green', message: t('sites.form.created', { name: s.name }) });
      queryClient.setQueryData(sitesKeys.site(s.id), s);
      await queryClient.invalidateQueries({ queryKey: ['sites', 'list'] });
      await navigate({ to: '/platser/$id', params: { id: s.id } });
    },
  });
  const form = useSamdeskForm<SiteValues>({
    initialValues: siteValues(user.municipalityId),
    required: useSiteRequired(chooseMunicipality),
    problemPath: sitePath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const title = t('sites.form.title');
  return (
    <>
      <PageHeader title={title} intro={t('sites.form.intro')} />
      <form
        onSubmit={(e) => {
          setInvalid(false);
          form.submit(e);
        }}
        noValidate
        aria-label={title}
      >
        <Stack gap="lg" maw={720}>
          <SiteFields form={form} chooseMunicipality={chooseMunicipality} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, sitePath)} />
          {invalid && (
            <Alert color="red" role="alert">
              {t('sites.form.fixFields')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={form.submitting}>
              {t('sites.form.submit')}
            </Button>
            <Button variant="default" component={Link} to="/platser">
              {t('app.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
