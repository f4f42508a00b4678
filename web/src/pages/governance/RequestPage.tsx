import { Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime, formatSek } from '../../format.ts';
import { FINISHED, stepsShown, useRequest, type DevelopmentRequest, type RequestAction, type RequestStep } from '../../governance/model.ts';
import { useLocale } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import { Fact, FactList } from '../assets/parts.tsx';
import { Section } from '../billing/parts.tsx';
import { EditDialog, StepDialog } from './dialogs.tsx';
import { MunicipalityText, PermissionButtons, StateBadge, UnitText } from './parts.tsx';

type Dialog = { kind: 'edit' } | { kind: 'step'; action: RequestAction };

/**
 * One development request (issue 20, R-8.1–R-8.3): what it is and what it brings, who raised it, the
 * executive boards' decisions on a mission change, a pilot's evaluation, what is left to do after a
 * delivery, and every step with who decided, when and under which minutes. The steps the user may
 * record, and why the others are refused, are the server's answer (`actions`).
 */
export function RequestPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/utveckling/$id' });
  const query = useRequest(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const back = (
    <AnchorLink to="/utveckling" search={{}}>
      {t('governance.request.back')}
    </AnchorLink>
  );

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('governance.nav')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <Text mt="md">{back}</Text>
      </>
    );
  }
  const r = query.data;
  return (
    <>
      <PageHeader title={t('governance.request.heading', { number: r.number, title: r.title })} actions={back} />
      <Group gap="sm" mb="lg" wrap="wrap">
        <StateBadge state={r.state} />
        <Text size="sm">
          {t('governance.request.intro', { size: t(`governance.sizes.${r.size}`), kind: t(`governance.kinds.${r.kind}`).toLocaleLowerCase('sv') })}
        </Text>
      </Group>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xl">
            <Section id="request-facts" title={t('governance.request.facts')}>
              <Facts request={r} />
            </Section>
            {r.changesMission && <Boards request={r} />}
            {r.kind === 'pilot' && <Evaluation request={r} />}
            {r.delivery && <Delivery todo={r.delivery.todo} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Actions request={r} onAct={setDialog} />
        </Grid.Col>
      </Grid>
      <Steps request={r} />
      {dialog?.kind === 'edit' && <EditDialog request={r} onClose={close} />}
      {dialog?.kind === 'step' && <StepDialog request={r} action={dialog.action} onClose={close} />}
    </>
  );
}

/** Text as written, line breaks kept. */
function Written({ children }: { children: string }) {
  const { t } = useTranslation();
  return <span style={{ whiteSpace: 'pre-wrap' }}>{children.trim() || t('app.none')}</span>;
}

function Facts({ request: r }: { request: DevelopmentRequest }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const unit = <UnitText unit={r.raisedByUnit} />;
  return (
    <FactList>
      <Fact label={t('governance.request.state')}>{t(`governance.states.${r.state}`)}</Fact>
      <Fact label={t('governance.request.description')}>
        <Written>{r.description}</Written>
      </Fact>
      <Fact label={t('governance.request.benefit')}>
        <Written>{r.benefit}</Written>
      </Fact>
      <Fact label={t('governance.request.cost')}>{formatSek(r.costEstimateOre, locale)}</Fact>
      <Fact label={t('governance.request.size')}>{t(`governance.sizeChoices.${r.size}`)}</Fact>
      <Fact label={t('governance.request.kind')}>{t(`governance.kindChoices.${r.kind}`)}</Fact>
      <Fact label={t('governance.request.municipality')}>
        <MunicipalityText municipality={r.municipality} />
      </Fact>
      <Fact label={t('governance.request.raisedBy')}>
        {r.raisedBy.name}, {unit}
      </Fact>
      <Fact label={t('governance.request.raisedOn')}>
        <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
      </Fact>
      <Fact label={t('governance.request.mission')}>
        {r.changesMission && r.missionYear !== null ? t('governance.request.missionChange', { year: r.missionYear }) : t('governance.request.missionNone')}
      </Fact>
      <Fact label={t('governance.request.serviceEffect')}>
        {r.serviceEffect === 'none' || !r.serviceName
          ? t(`governance.serviceEffects.${r.serviceEffect}`)
          : t('governance.request.serviceEffectText', { effect: t(`governance.serviceEffects.${r.serviceEffect}`), service: r.serviceName })}
      </Fact>
    </FactList>
  );
}

/** a mission change's decision in each municipality's executive board, each with its date and minutes. */
function Boards({ request: r }: { request: DevelopmentRequest }) {
  const { t } = useTranslation();
  return (
    <Section id="request-boards" title={t('governance.request.boards')}>
      <Stack gap="sm">
        <Text size="sm">{t('governance.request.boardsIntro')}</Text>
        <ScrollTable label={t('governance.request.boardsTable')} minWidth={560}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{t('governance.request.boardsTable')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('governance.request.board')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.outcome')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.decidedOn')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.minutes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.boards.map((b) => (
                <Table.Tr key={b.municipality.id}>
                  <Table.Th scope="row" fw="normal">
                    {b.municipality.name}
                  </Table.Th>
                  <Table.Td>{b.outcome ? t(`governance.outcomes.${b.outcome}`) : t('governance.request.pending')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{b.decidedOn ? formatDate(b.decidedOn) : t('app.none')}</Table.Td>
                  <Table.Td>{b.minutesRef ?? t('app.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Stack>
    </Section>
  );
}

/** the pilot's evaluation, or what to do before it can be closed. */
function Evaluation({ request: r }: { request: DevelopmentRequest }) {
  const { t } = useTranslation();
  const e = r.evaluation;
  return (
    <Section id="request-evaluation" title={t('governance.request.evaluation')}>
      {e ? (
        <FactList>
          <Fact label={t('governance.request.evaluationResult')}>
            <Written>{e.result}</Written>
          </Fact>
          <Fact label={t('governance.request.evaluationRecommendation')}>
            <Written>{e.recommendation}</Written>
          </Fact>
          <Fact label={t('governance.request.evaluatedOn')}>{formatDate(e.evaluatedOn)}</Fact>
        </FactList>
      ) : (
        <Text size="sm">{t('governance.request.noEvaluation')}</Text>
      )}
    </Section>
  );
}

/** what is left to do once the request is delivered (an application agreement, a price). */
function Delivery({ todo }: { todo: string[] }) {
  const { t } = useTranslation();
  return (
    <Section id="request-todo" title={t('governance.request.todo')}>
      {todo.length === 0 ? (
        <Text size="sm">{t('governance.request.todoNone')}</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">{t('governance.request.todoIntro')}</Text>
          <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} aria-label={t('governance.request.todo')}>
            {todo.map((item, i) => (
              <li key={i} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '2px 0' }}>
                <span
                  aria-hidden
                  style={{
                    display: 'inline-block',
                    width: 14,
                    height: 14,
                    flex: 'none',
                    border: '2px solid var(--mantine-color-text)',
                    borderRadius: 3,
                    transform: 'translateY(2px)',
                  }}
                />
                <Text size="sm" component="span">
                  {item}
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}
    </Section>
  );
}

/**
 * The steps the user may record now, each from the server's permission; the refused ones that are
 * next in the workflow stay visible, disabled, with the server's reason written under them.
 */
function Actions({ request: r, onAct }: { request: DevelopmentRequest; onAct: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const shown = stepsShown(r);
  const allowed = (Object.keys(r.actions.steps) as RequestAction[]).filter((a) => r.actions.steps[a].allowed);
  const steps = [...shown, ...allowed.filter((a) => !shown.includes(a))];
  const buttons = [
    ...steps.map((action) => ({
      key: action,
      text: t(`governance.actions.${action}`),
      permission: r.actions.steps[action],
      color: action === 'reject' ? 'red' : undefined,
      onClick: () => onAct({ kind: 'step', action }),
    })),
    ...(r.state === 'registered' || r.actions.edit.allowed
      ? [{ key: 'edit', text: t('governance.request.edit'), permission: r.actions.edit, color: undefined, onClick: () => onAct({ kind: 'edit' }) }]
      : []),
  ];
  return (
    <Section id="request-actions" title={t('governance.request.doWhat')}>
      {FINISHED.has(r.state) && buttons.length === 0 ? (
        <Text size="sm">{t('governance.request.finished', { state: t(`governance.states.${r.state}`).toLocaleLowerCase('sv') })}</Text>
      ) : buttons.length === 0 ? (
        <Text size="sm">{t('governance.request.nothingToDo')}</Text>
      ) : (
        <PermissionButtons id="request-action" label={t('governance.request.doWhat')} buttons={buttons} />
      )}
    </Section>
  );
}

/** What a recorded step says happened: "Kommunstyrelsens beslut: Godkänt". */
function stepText(s: RequestStep, t: Translate): string {
  const what = t(`governance.happened.${s.action}`);
  return s.action === 'record_board_decision' && s.outcome ? t('governance.request.boardStep', { what, outcome: t(`governance.outcomes.${s.outcome}`) }) : what;
}

/** every step in the order recorded: what happened, who decided, when, under which minutes, and who recorded it. */
function Steps({ request: r }: { request: DevelopmentRequest }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="request-steps" style={{ marginTop: 'var(--mantine-spacing-xl)' }}>
      <Title order={2} size="h3" id="request-steps" mb="sm">
        {t('governance.request.steps')}
      </Title>
      {r.steps.length === 0 ? (
        <EmptyState>{t('governance.request.noSteps')}</EmptyState>
      ) : (
        <ScrollTable label={t('governance.request.stepsTable')} minWidth={960}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{t('governance.request.stepsTable')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" miw={130}>
                  {t('governance.request.stepWhen')}
                </Table.Th>
                <Table.Th scope="col">{t('governance.request.stepWhat')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.stepWho')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.stepMinutes')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.stepNote')}</Table.Th>
                <Table.Th scope="col">{t('governance.request.stepRecordedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.steps.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={s.decidedOn}>{formatDate(s.decidedOn)}</time>
                  </Table.Td>
                  <Table.Th scope="row" fw="normal">
                    {stepText(s, t)}
                  </Table.Th>
                  <Table.Td>{s.bodyText}</Table.Td>
                  <Table.Td>{s.minutesRef ?? t('app.none')}</Table.Td>
                  <Table.Td>
                    <Written>{s.note}</Written>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm">{s.recordedBy.name}</Text>
                      <Text size="xs" c="dimmed">
                        <time dateTime={s.recordedAt}>{formatDateTime(s.recordedAt)}</time>
                      </Text>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </section>
  );
}
