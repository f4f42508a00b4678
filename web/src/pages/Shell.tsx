import { AppShell, Burger, Button, Group, ScrollArea, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { RouterNavLink } from '../components/RouterNavLink.tsx';
import { plansRenewals, seesUnitView } from '../assets/model.ts';
import { readsBilling } from '../billing/model.ts';
import { designatesOrderers, fulfilsOrders, useOrderableUnits } from '../orders/model.ts';
import { useSession } from '../session.tsx';
import type { TextKey, Texts } from '../texts.ts';
import type { Permission } from '../../../src/app/permissions.ts';

type OrgPath =
  | '/organisation/kommuner'
  | '/organisation/enheter'
  | '/organisation/personer'
  | '/organisation/anvandare'
  | '/organisation/import'
  | '/organisation/ramuppdrag'
  | '/organisation/servicedeskar'
  | '/organisation/e-postkarantan'
  | '/organisation/granskningslogg';

/** Who sees which organisation page: the server's named policy for it (the API checks the same). */
const ORG_PAGES: { to: OrgPath; key: TextKey; permission: Permission | 'all' }[] = [
  { to: '/organisation/kommuner', key: 'nav.municipalities', permission: 'administersOrganisation' },
  { to: '/organisation/enheter', key: 'nav.units', permission: 'administersOrganisation' },
  { to: '/organisation/personer', key: 'nav.people', permission: 'administersOrganisation' },
  { to: '/organisation/anvandare', key: 'nav.users', permission: 'administersOrganisation' },
  { to: '/organisation/import', key: 'nav.import', permission: 'administersOrganisation' },
  { to: '/organisation/ramuppdrag', key: 'nav.mission', permission: 'all' },
  { to: '/organisation/servicedeskar', key: 'nav.desks', permission: 'administersDesks' },
  { to: '/organisation/e-postkarantan', key: 'nav.mailQuarantine', permission: 'handlesMailQuarantine' },
  { to: '/organisation/granskningslogg', key: 'nav.audit', permission: 'readsAuditLog' },
];

/** The agreements' pages with their own menu entries (every other /applikationer/… page is the register's). */
const AGREEMENT_PAGES = ['/applikationer/genomgangar', '/applikationer/kostnadsmodell'];

/** The capabilities still to come (a key of the `nav` texts each): listed so users see where the product is going, not clickable. */
const UPCOMING: readonly Exclude<keyof Texts['nav'], 'upcoming'>[] = [];

export function Shell() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const first = useRef(true);

  useEffect(() => {
    close();
    // After client-side navigation, move focus to the new page's heading so screen readers announce it.
    if (first.current) {
      first.current = false;
      return;
    }
    const id = requestAnimationFrame(() => document.getElementById('page-title')?.focus());
    return () => cancelAnimationFrame(id);
  }, [pathname, close]);

  // What the user may reach is the server's answer (the session's `can`), never a role rule here.
  const isAgent = user.can.worksQueue;
  const readsSurveys = user.can.readsSurveyAnswers;
  // Issue 6: ordering follows the units one may order for (a designation can be on any account), not a role.
  const orderable = useOrderableUnits();
  const mayOrder = (orderable.data?.items.length ?? 0) > 0;
  const fulfils = fulfilsOrders(user);
  const seesOrders = mayOrder || user.can.seesOrders;
  const orgPages = ORG_PAGES.filter((p) => p.permission === 'all' || user.can[p.permission]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.openMenu')} aria-expanded={opened} aria-controls="main-nav" />
            <Text component={Link} to="/" fw={700} size="lg" c="inherit" td="none">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs">
              {t('app.signedInAs', { name: user.displayName })}
            </Text>
            <LanguageSwitch />
            <Button variant="default" size="sm" onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="main-nav" component="nav" aria-label={t('app.mainNav')} p="xs">
        <ScrollArea type="auto">
          <RouterNavLink to="/" label={t('nav.start')} active={pathname === '/'} />
          <RouterNavLink to="/mina-arenden" activeOptions={{ exact: true }} label={t('nav.myTickets')} active={pathname === '/mina-arenden'} />
          <RouterNavLink to="/mina-arenden/ny" label={t('nav.report')} active={pathname === '/mina-arenden/ny'} />
          {isAgent && <RouterNavLink to="/arenden" label={t('nav.tickets')} active={pathname === '/arenden' || pathname.startsWith('/arenden/')} />}
          {readsSurveys && <RouterNavLink to="/enkatsvar" label={t('surveys.nav')} active={pathname === '/enkatsvar'} />}
          {mayOrder && <RouterNavLink to="/bestall" label={t('orders.nav.order')} active={pathname === '/bestall'} />}
          {seesOrders && (
            <RouterNavLink
              to="/bestallningar"
              activeOptions={{ exact: true }}
              label={t('orders.nav.orders')}
              active={
                pathname === '/bestallningar' ||
                (pathname.startsWith('/bestallningar/') && pathname !== '/bestallningar/bestallare' && pathname !== '/bestallningar/leveranser')
              }
            />
          )}
          {designatesOrderers(user) && (
            <RouterNavLink to="/bestallningar/bestallare" label={t('orders.nav.orderers')} active={pathname === '/bestallningar/bestallare'} />
          )}
          {fulfils && <RouterNavLink to="/bestallningar/leveranser" label={t('orders.nav.fulfilment')} active={pathname === '/bestallningar/leveranser'} />}
          {/* Issue 7 (R-5.1): everyone sees equipment — IT and finance the register, managers their units', others their own. */}
          <RouterNavLink
            to="/inventarier"
            activeOptions={{ exact: true }}
            label={t('assets.nav.register')}
            active={
              pathname === '/inventarier' ||
              (pathname.startsWith('/inventarier/') && pathname !== '/inventarier/enhet' && pathname !== '/inventarier/fornyelse')
            }
          />
          {seesUnitView(user) && <RouterNavLink to="/inventarier/enhet" label={t('assets.nav.unit')} active={pathname === '/inventarier/enhet'} />}
          {(plansRenewals(user) || mayOrder) && (
            <RouterNavLink to="/inventarier/fornyelse" label={t('assets.nav.renewals')} active={pathname === '/inventarier/fornyelse'} />
          )}
          {/* Issue 8 (R-6): finance runs billing; unit managers read their units' approved invoice bases. */}
          {readsBilling(user) && (
            <RouterNavLink to="/fakturering" label={t('billing.nav')} active={pathname === '/fakturering' || pathname.startsWith('/fakturering/')} />
          )}
          {/* Issue 18 (R-7): the application register for IT, finance and the paying units' managers; the cost model for IT and finance. */}
          {user.can.seesApplicationRegister && (
            <RouterNavLink
              to="/applikationer"
              activeOptions={{ exact: true }}
              label={t('agreements.nav.register')}
              active={pathname === '/applikationer' || (pathname.startsWith('/applikationer/') && !AGREEMENT_PAGES.some((p) => pathname.startsWith(p)))}
            />
          )}
          {user.can.seesApplicationRegister && (
            <RouterNavLink to="/applikationer/genomgangar" label={t('agreements.nav.reviews')} active={pathname === '/applikationer/genomgangar'} />
          )}
          {user.can.readsAllAgreements && (
            <RouterNavLink
              to="/applikationer/kostnadsmodell"
              label={t('agreements.nav.costModel')}
              active={pathname === '/applikationer/kostnadsmodell' || pathname.startsWith('/applikationer/kostnadsmodell/')}
            />
          )}
          {/* Issue 19: outages for IT staff; the availability report also for finance and unit managers. */}
          {(user.can.readsOutages || user.can.readsAvailability) && (
            <RouterNavLink
              to="/drift-och-tillganglighet"
              label={t('operations.nav')}
              active={pathname === '/drift-och-tillganglighet' || pathname.startsWith('/drift-och-tillganglighet/')}
            />
          )}
          {/* Issue 20: development requests — IT staff, finance and unit managers. */}
          {user.can.seesDevelopmentRequests && (
            <RouterNavLink to="/utveckling" label={t('governance.nav')} active={pathname === '/utveckling' || pathname.startsWith('/utveckling/')} />
          )}
          {/* Issue 21 (R-10): the tertial follow-up for IT management, finance and the units' managers. */}
          {user.can.readsFollowUp && (
            <RouterNavLink to="/uppfoljning" label={t('followup.nav')} active={pathname === '/uppfoljning' || pathname.startsWith('/uppfoljning/')} />
          )}
          {/* Issue 22: the register of sites for IT staff, finance and the managers of units at a site. */}
          {user.can.seesSites && (
            <RouterNavLink to="/platser" label={t('sites.nav.sites')} active={pathname === '/platser' || pathname.startsWith('/platser/')} />
          )}
          {/* Issue 22: the short-term laptop pool for IT staff and unit managers. */}
          {user.can.booksLaptops && <RouterNavLink to="/lanedatorer" label={t('sites.nav.pool')} active={pathname === '/lanedatorer'} />}
          <RouterNavLink to="/kalender" label={t('nav.calendar')} active={pathname === '/kalender'} />
          {/* Issue 6: everyone signed in reads the catalogue, the price lists and the model range. */}
          <RouterNavLink to="/katalog" activeOptions={{ exact: true }} label={t('catalogue.nav.services')} active={pathname === '/katalog'} />
          <RouterNavLink to="/katalog/prislistor" label={t('catalogue.nav.priceLists')} active={pathname.startsWith('/katalog/prislistor')} />
          <RouterNavLink to="/modellutbud" label={t('catalogue.nav.modelRange')} active={pathname === '/modellutbud' || pathname.startsWith('/modellutbud/')} />
          {orgPages.length > 0 && (
            <>
              <Title order={2} size="xs" tt="uppercase" c="dimmed" px="sm" pt="md" pb={4} id="nav-org">
                {t('nav.organisation')}
              </Title>
              <div role="group" aria-labelledby="nav-org">
                {orgPages.map((p) => (
                  <RouterNavLink key={p.to} to={p.to} label={t(p.key)} active={pathname === p.to || pathname.startsWith(`${p.to}/`)} />
                ))}
              </div>
            </>
          )}
          {UPCOMING.length > 0 && (
            <>
              <Title order={2} size="xs" tt="uppercase" c="dimmed" px="sm" pt="md" pb={4} id="nav-upcoming">
                {t('nav.upcoming')}
              </Title>
              <ul className="coming-soon" aria-labelledby="nav-upcoming">
                {UPCOMING.map((key) => (
                  <li key={key} aria-disabled="true">
                    <Text size="sm" c="dimmed" component="span">
                      {t(`nav.${key}`)}
                      <VisuallyHidden>, </VisuallyHidden>
                      <Text component="span" size="xs" display="block" fs="italic">
                        {t('app.comingSoon')}
                      </Text>
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
