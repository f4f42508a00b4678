import { Alert, Box, Button, Container, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Loading, ProblemAlert } from '../../components/common.tsx';
import { useLocale } from '../../session.tsx';
import type { Answered, PublicSurvey, SurveyAnswerInput } from '../../../../src/surveys/contract.ts';
import { COMMENT_MAX } from '../../../../src/surveys/rules.ts';

/**
 * The token when the address is a survey link (`/enkat/<token>`): the page is answered without
 * signing in (issue 5), so App.tsx renders it before and outside the signed-in shell.
 */
export function surveyTokenFromPath(pathname: string): string | undefined {
  const m = /^\/enkat\/([A-Za-z0-9._-]{1,200})\/?$/.exec(pathname);
  return m?.[1];
}

/** The page's one heading; takes focus when the state changes so screen readers announce it. */
function Heading({ children }: { children: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} – ${t('app.name')}`;
    ref.current?.focus();
  }, [children, t]);
  return (
    <Title order={1} ref={ref} tabIndex={-1} id="page-title" size="h2">
      {children}
    </Title>
  );
}

function Gone({ code }: { code: string }) {
  const { t } = useTranslation();
  const kind = code === 'survey_expired' ? 'expired' : code === 'survey_answered' ? 'answered' : 'invalid';
  return (
    <Stack>
      <Heading>{t(`surveys.public.${kind}Title`)}</Heading>
      <Text>{t(`surveys.public.${kind}`)}</Text>
    </Stack>
  );
}

/** the survey behind a signed link — phone-first (one column, large targets), Swedish by default. */
export function SurveyStandalone({ token }: { token: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Box component="header" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap" maw={560} mx="auto">
          <Text fw={700}>{t('app.name')}</Text>
          <LanguageSwitch />
        </Group>
      </Box>
      <Container component="main" id="main-content" size={560} px="md" py="lg">
        <Survey token={token} />
      </Container>
    </>
  );
}

function Survey({ token }: { token: string }) {
  const path = `/api/v1/public/surveys/${encodeURIComponent(token)}`;
  const survey = useQuery({ queryKey: ['public', 'survey', token], queryFn: ({ signal }) => api.get<PublicSurvey>(path, signal), retry: false });
  if (survey.isPending) return <Loading />;
  if (survey.isError) {
    const e = survey.error;
    if (e instanceof ApiError && (e.status === 404 || e.status === 410)) return <Gone code={e.code} />;
    return <ProblemAlert error={e} onRetry={() => void survey.refetch()} />;
  }
  return <SurveyForm path={path} survey={survey.data} />;
}

function SurveyForm({ path, survey }: { path: string; survey: PublicSurvey }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const steps = Array.from({ length: survey.scale.max - survey.scale.min + 1 }, (_, i) => survey.scale.min + i);
  const send = useMutation({
    mutationFn: () =>
      api.post<Answered>(path, {
        answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, Number(v)])),
        comment: comment.trim() === '' ? null : comment,
      } satisfies SurveyAnswerInput),
  });

  const serverErrors: Record<string, string> = {};
  if (send.error instanceof ApiError && send.error.status === 400) {
    for (const p of send.error.problem.errors) serverErrors[p.field] = locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason;
  }
  const errorOf = (code: string) => (missing.includes(code) ? t('surveys.public.required') : serverErrors[`answers.${code}`]);

  // Each failed attempt moves focus to the list of problems (announced as an alert), not each change.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt > 0) summaryRef.current?.focus();
  }, [attempt, send.error]);

  if (send.isSuccess) {
    return (
      <Stack role="status">
        <Heading>{t('surveys.public.thanksTitle')}</Heading>
        <Text>{t('surveys.public.thanks')}</Text>
      </Stack>
    );
  }
  if (send.error instanceof ApiError && (send.error.status === 409 || send.error.status === 410 || send.error.status === 404)) {
    return <Gone code={send.error.status === 409 ? 'survey_answered' : send.error.code} />;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const left = survey.questions.filter((q) => !answers[q.code]).map((q) => q.code);
    setMissing(left);
    if (left.length === 0) send.mutate();
    else setAttempt((n) => n + 1);
  };
  const ends = (code: string) => {
    const key = code === 'losning' || code === 'bemotande' ? code : 'default';
    return { low: t(`surveys.ends.${key}.low`), high: t(`surveys.ends.${key}.high`) };
  };
  const label = (code: string, value: number) => {
    const { low, high } = ends(code);
    if (value === survey.scale.min) return t('surveys.option', { value, word: low });
    if (value === survey.scale.max) return t('surveys.option', { value, word: high });
    return String(value);
  };
  const problems = [
    ...survey.questions.filter((q) => errorOf(q.code)).map((q) => ({ id: `q-${q.code}`, text: `${q.text} ${errorOf(q.code) ?? ''}` })),
    ...(serverErrors.comment ? [{ id: 'survey-comment', text: `${t('surveys.public.comment')}: ${serverErrors.comment}` }] : []),
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Stack gap="xs">
          <Heading>{t('surveys.public.title')}</Heading>
          <Text fw={500}>{t('surveys.public.ticket', { number: survey.ticketNumber, subject: survey.subject })}</Text>
          <Text>{t('surveys.public.intro', { min: survey.scale.min, max: survey.scale.max })}</Text>
          <Text size="sm" c="dimmed">
            {t('surveys.public.privacy')}
          </Text>
        </Stack>
        {problems.length > 0 && (
          <Alert color="red" role="alert" ref={summaryRef} tabIndex={-1} title={t('surveys.public.fixErrors')}>
            <ul style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
              {problems.map((p) => (
                <li key={p.id}>
                  <a href={`#${p.id}`}>{p.text}</a>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        {send.error && !(send.error instanceof ApiError && send.error.status === 400) && <ProblemAlert error={send.error} />}
        {survey.questions.map((q, qi) => {
          const error = errorOf(q.code);
          const errorId = `q-${q.code}-error`;
          return (
            <Box
              component="fieldset"
              key={q.code}
              id={`q-${q.code}`}
              m={0}
              p="md"
              style={{ border: `1px solid var(--mantine-color-${error ? 'red-6' : 'gray-4'})`, borderRadius: 8 }}
              aria-describedby={error ? errorId : undefined}
            >
              <Box component="legend" px={4} fw={600} fz="lg">
                {`${qi + 1}. ${q.text}`}
              </Box>
              <Text size="sm" c="dimmed" mb="xs">
                {t('surveys.public.scaleHint', { min: survey.scale.min, max: survey.scale.max })}
              </Text>
              {error && (
                <Text id={errorId} c="red.8" size="sm" mb="xs" fw={500}>
                  {error}
                </Text>
              )}
              <Stack gap={6}>
                {steps.map((value) => (
                  <Radio
                    key={value}
                    name={`answer-${q.code}`}
                    value={String(value)}
                    label={label(q.code, value)}
                    checked={answers[q.code] === String(value)}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      setAnswers((a) => ({ ...a, [q.code]: v }));
                      setMissing((m) => m.filter((c) => c !== q.code));
                    }}
                    size="md"
                    aria-invalid={error ? true : undefined}
                    styles={{
                      root: {
                        padding: '10px 8px',
                        minHeight: 48,
                        borderRadius: 6,
                        background: 'var(--mantine-color-gray-0)',
                        display: 'flex',
                        alignItems: 'center',
                      },
                      labelWrapper: { flex: 1 },
                      label: { fontSize: 'var(--mantine-font-size-md)', cursor: 'pointer' },
                    }}
                  />
                ))}
              </Stack>
            </Box>
          );
        })}
        <Textarea
          id="survey-comment"
          label={t('surveys.public.comment')}
          description={t('surveys.public.commentHelp', { max: COMMENT_MAX })}
          autosize
          minRows={3}
          maxLength={COMMENT_MAX}
          value={comment}
          error={serverErrors.comment}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setComment(v);
          }}
        />
        <Button type="submit" size="lg" fullWidth loading={send.isPending}>
          {t('surveys.public.submit')}
        </Button>
      </Stack>
    </form>
  );
}
