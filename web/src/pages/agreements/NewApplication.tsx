import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { agreementKeys, useApplications, useEditorModel } from '../../agreements/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { Application } from '../../types.ts';
import {
  ContentEditor,
  OwnersEditor,
  RegisterFields,
  SplitEditor,
  contentBody,
  contentProblems,
  emptyContent,
  emptyRegister,
  formPath,
  registerBody,
  registerProblems,
  shownProblems,
  type ContentValues,
  type RegisterValues,
} from './editors.tsx';
import { whyNot } from './parts.tsx';

type Values = RegisterValues & ContentValues & { municipalityId: string };

/**
 * "Ny applikation" (issue 18, R-7.1, R-7.2): register an application with its first agreement
 * version — municipality, name, kind, owners, the paying units and how the cost is split, the
 * agreement's description and responsibilities, the quantities per cost driver of the year's model
 * and the system sketch with its drawing. Offered only when the server's answer allows it.
 */
export function NewApplicationPage() {
  // Whether the user may register one is the server's answer (the list's `actions.create`), read below.
  return <NewApplication />;
}

function NewApplication() {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useApplications(undefined, undefined);
  if (list.isPending) return <Loading />;
  if (list.isError) {
    return (
      <>
        <PageHeader title={t('agreements.form.title')} />
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      </>
    );
  }
  const create = list.data.actions.create;
  if (!create.allowed) {
    return (
      <>
        <PageHeader title={t('agreements.form.title')} />
        <Alert color="gray" role="note">
          {whyNot(create, locale) ?? t('app.forbidden')}
        </Alert>
        <AnchorLink to="/applikationer" mt="md" display="inline-block">
          {t('agreements.page.back')}
        </AnchorLink>
      </>
    );
  }
  return <ApplicationForm />;
}

function FormSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

function ApplicationForm() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const spansBoth = user.municipalityId === null;
  const editor = useEditorModel();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post<Application>('/api/v1/applications', {
        municipalityId: v.municipalityId,
        ...registerBody(v),
        agreement: contentBody(v, editor.model.data?.drivers ?? []),
      }),
    onSuccess: async (app) => {
      notifications.show({ color: 'green', message: t('agreements.form.created', { name: app.name }) });
      await queryClient.invalidateQueries({ queryKey: agreementKeys.all });
      await navigate({ to: '/applikationer/$id', params: { id: app.id } });
    },
  });
  const form = useSamdeskForm<Values>({
    initialValues: { municipalityId: user.municipalityId ?? '', ...emptyRegister(), ...emptyContent() },
    required: (v) => ({
      ...(spansBoth ? { municipalityId: { label: t('agreements.form.municipality'), kind: 'choose' } } : {}),
      name: { label: t('agreements.form.name') },
      ...Object.fromEntries(v.units.map((_, i) => [`units.${i}.unitId`, { label: t('agreements.split.unit'), kind: 'choose' }])),
    }),
    check: (v) => ({
      ...registerProblems(v, { share: t('agreements.split.shareInvalid'), users: t('agreements.split.usersInvalid') }),
      ...contentProblems(v, { quantity: t('agreements.quantities.invalid') }),
    }),
    problemPath: formPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const v = form.values;
  const change = (patch: Partial<Values>, clear: string[] = Object.keys(patch)) => {
    form.setValues(patch);
    form.clear(...clear);
    setInvalid(false);
  };
  return (
    <>
      <PageHeader title={t('agreements.form.title')} intro={t('agreements.form.intro')} />
      <form onSubmit={form.submit} noValidate aria-label={t('agreements.form.title')}>
        <Stack gap="xl" maw={960}>
          <FormSection id="new-register" title={t('agreements.form.register')}>
            <Stack gap="sm">
              {spansBoth && (
                <MunicipalitySelect
                  label={t('agreements.form.municipality')}
                  value={v.municipalityId}
                  error={form.errors.municipalityId}
                  onChange={(municipalityId) => {
                    if (municipalityId === v.municipalityId) return;
                    // Units and people belong to a municipality: choosing another starts them over.
                    const fresh = emptyRegister();
                    change({
                      municipalityId,
                      units: fresh.units,
                      systemOwnerPersonId: '',
                      businessOwner: fresh.businessOwner,
                      technicalOwner: fresh.technicalOwner,
                      informationOwner: fresh.informationOwner,
                    });
                  }}
                />
              )}
              <RegisterFields value={v} onChange={change} errors={form.errors} />
            </Stack>
          </FormSection>
          <FormSection id="new-owners" title={t('agreements.form.owners')}>
            <OwnersEditor value={v} onChange={change} errors={form.errors} municipalityId={v.municipalityId} />
          </FormSection>
          <FormSection id="new-split" title={t('agreements.form.split')}>
            <SplitEditor value={v} onChange={change} errors={form.errors} municipalityId={v.municipalityId} />
          </FormSection>
          <FormSection id="new-agreement" title={t('agreements.form.agreement')}>
            <ContentEditor value={v} onChange={change} errors={form.errors} model={{ query: editor.model, year: editor.year }} name={v.name} idPrefix="new" />
          </FormSection>
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error)} />
          {invalid && (
            <Alert color="red" role="alert">
              {t('agreements.form.fixFields')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={form.submitting}>
              {t('agreements.form.submit')}
            </Button>
            <Button variant="default" component={Link} to="/applikationer">
              {t('app.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
