import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { CalendarPage, validateCalendarSearch } from './pages/Calendar.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';
import { Shell } from './pages/Shell.tsx';
import { StartPage } from './pages/Start.tsx';
import { AuditPage } from './pages/org/Audit.tsx';
import { ImportPage } from './pages/org/Import.tsx';
import { MissionPage } from './pages/org/Mission.tsx';
import { MissionVersionPage } from './pages/org/MissionVersion.tsx';
import { MunicipalitiesPage } from './pages/org/Municipalities.tsx';
import { PeoplePage } from './pages/org/People.tsx';
import { UnitsPage } from './pages/org/Units.tsx';
import { UsersPage } from './pages/org/Users.tsx';
import { MyTicketsPage } from './pages/tickets/MyTickets.tsx';
import { QueuePage, validateQueueSearch } from './pages/tickets/Queue.tsx';
import { RegisterCallPage } from './pages/tickets/RegisterCall.tsx';
import { SlaBreachesPage } from './pages/tickets/SlaBreaches.tsx';
import { DesksPage } from './pages/org/Desks.tsx';
import { MailQuarantinePage } from './pages/org/MailQuarantine.tsx';
import { ReportPage } from './pages/tickets/Report.tsx';
import { TicketPage } from './pages/tickets/TicketPage.tsx';
import { CataloguePage } from './pages/catalogue/Catalogue.tsx';
import { ModelRangePage, validateModelRangeSearch } from './pages/catalogue/ModelRange.tsx';
import { PriceListPage, validatePriceListSearch } from './pages/catalogue/PriceList.tsx';
import { PriceListsPage } from './pages/catalogue/PriceLists.tsx';
import { PublicModelRangeRoute, validatePublicSearch } from './pages/catalogue/PublicModelRange.tsx';
import { SurveyAnswersPage } from './pages/surveys/SurveyAnswers.tsx';
import { OrderPage } from './pages/orders/OrderPage.tsx';
import { OrderersPage } from './pages/orders/Orderers.tsx';
import { FulfilmentPage, OrdersPage, validateOrdersSearch } from './pages/orders/Orders.tsx';
import { PlaceOrderPage } from './pages/orders/PlaceOrder.tsx';
import { AssetPage } from './pages/assets/AssetPage.tsx';
import { AssetsPage, validateAssetsSearch } from './pages/assets/Assets.tsx';
import { RenewalsPage, validateRenewalsSearch } from './pages/assets/Renewals.tsx';
import { UnitAssetsPage, validateUnitAssetsSearch } from './pages/assets/UnitAssets.tsx';
import { BillingRunPage, validateRunSearch } from './pages/billing/RunPage.tsx';
import { BillingRunsPage, validateBillingSearch } from './pages/billing/Runs.tsx';
import { UnitBasisPage } from './pages/billing/UnitBasis.tsx';
import { ApplicationPage, validateApplicationSearch } from './pages/agreements/ApplicationPage.tsx';
import { ApplicationsPage, validateApplicationsSearch } from './pages/agreements/Applications.tsx';
import { CostModelPage, CostModelsPage } from './pages/agreements/CostModels.tsx';
import { NewApplicationPage } from './pages/agreements/NewApplication.tsx';
import { ReviewsPage, validateReviewsSearch } from './pages/agreements/Reviews.tsx';
import { OperationsPage, validateOperationsSearch } from './pages/operations/Operations.tsx';
import { OutagePage } from './pages/operations/OutagePage.tsx';
import { GovernancePage, validateGovernanceSearch } from './pages/governance/Governance.tsx';
import { NewRequestPage } from './pages/governance/NewRequest.tsx';
import { RequestPage } from './pages/governance/RequestPage.tsx';
import { validateFollowUpSearch } from './followup/model.ts';
import { NewSitePage } from './pages/sites/NewSite.tsx';
import { PoolPage, validatePoolSearch } from './pages/sites/Pool.tsx';
import { SitePage } from './pages/sites/SitePage.tsx';
import { SitesPage, validateSitesSearch } from './pages/sites/Sites.tsx';

const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFoundPage });

const startRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: StartPage });
const calendarRoute = createRoute({ getParentRoute: () => rootRoute, path: '/kalender', component: CalendarPage, validateSearch: validateCalendarSearch });
const myTicketsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/mina-arenden', component: MyTicketsPage });
const reportRoute = createRoute({ getParentRoute: () => rootRoute, path: '/mina-arenden/ny', component: ReportPage });
const queueRoute = createRoute({ getParentRoute: () => rootRoute, path: '/arenden', component: QueuePage, validateSearch: validateQueueSearch });
const registerCallRoute = createRoute({ getParentRoute: () => rootRoute, path: '/arenden/samtal', component: RegisterCallPage });
const breachesRoute = createRoute({ getParentRoute: () => rootRoute, path: '/arenden/sla-brott', component: SlaBreachesPage });
const ticketRoute = createRoute({ getParentRoute: () => rootRoute, path: '/arende/$id', component: TicketPage });
const municipalitiesRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/kommuner', component: MunicipalitiesPage });
const unitsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/enheter', component: UnitsPage });
const peopleRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/personer', component: PeoplePage });
const usersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/anvandare', component: UsersPage });
const importRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/import', component: ImportPage });
const missionRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/ramuppdrag', component: MissionPage });
// Issue 20: one mission version — a draft edited and published, or a published one read.
const missionVersionRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/ramuppdrag/$id', component: MissionVersionPage });
const mailQuarantineRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/e-postkarantan', component: MailQuarantinePage });
const desksRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/servicedeskar', component: DesksPage });
const auditRoute = createRoute({ getParentRoute: () => rootRoute, path: '/organisation/granskningslogg', component: AuditPage });
const catalogueRoute = createRoute({ getParentRoute: () => rootRoute, path: '/katalog', component: CataloguePage });
const priceListsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/katalog/prislistor', component: PriceListsPage });
const priceListRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/katalog/prislistor/$year',
  component: PriceListPage,
  validateSearch: validatePriceListSearch,
});
const modelRangeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/modellutbud',
  component: ModelRangePage,
  validateSearch: validateModelRangeSearch,
});
// also readable without signing in; App.tsx renders it on its own then.
const publicModelRangeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/modellutbud/$municipality',
  component: PublicModelRangeRoute,
  validateSearch: validatePublicSearch,
});

// survey answers, for IT (the survey itself, /enkat/$token, is rendered by App.tsx without the shell).
const surveyAnswersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/enkatsvar', component: SurveyAnswersPage });

// Issue 6: ordering, the orders, orderer designations and IT's deliveries.
const placeOrderRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bestall', component: PlaceOrderPage });
const ordersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bestallningar', component: OrdersPage, validateSearch: validateOrdersSearch });
const orderersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bestallningar/bestallare', component: OrderersPage });
const fulfilmentRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bestallningar/leveranser', component: FulfilmentPage });
const orderRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bestallningar/$id', component: OrderPage });

// Issue 7: the inventory register, one asset with its lifecycle, a unit's assets and costs, renewals.
const assetsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/inventarier', component: AssetsPage, validateSearch: validateAssetsSearch });
const unitAssetsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/inventarier/enhet',
  component: UnitAssetsPage,
  validateSearch: validateUnitAssetsSearch,
});
const renewalsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/inventarier/fornyelse',
  component: RenewalsPage,
  validateSearch: validateRenewalsSearch,
});
const assetRoute = createRoute({ getParentRoute: () => rootRoute, path: '/inventarier/$id', component: AssetPage });

// Issue 8: billing runs, one run with its units, one unit's invoice basis.
const billingRoute = createRoute({ getParentRoute: () => rootRoute, path: '/fakturering', component: BillingRunsPage, validateSearch: validateBillingSearch });
const billingRunRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/fakturering/$id',
  component: BillingRunPage,
  validateSearch: validateRunSearch,
});
const unitBasisRoute = createRoute({ getParentRoute: () => rootRoute, path: '/fakturering/$id/enhet/$unitId', component: UnitBasisPage });

// Issue 18: the application register, one application with its agreement, a new one, the yearly
// reviews due and booked, and the standard cost model per year.
const applicationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applikationer',
  component: ApplicationsPage,
  validateSearch: validateApplicationsSearch,
});
const newApplicationRoute = createRoute({ getParentRoute: () => rootRoute, path: '/applikationer/ny', component: NewApplicationPage });
const agreementReviewsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applikationer/genomgangar',
  component: ReviewsPage,
  validateSearch: validateReviewsSearch,
});
const costModelsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/applikationer/kostnadsmodell', component: CostModelsPage });
const costModelRoute = createRoute({ getParentRoute: () => rootRoute, path: '/applikationer/kostnadsmodell/$year', component: CostModelPage });
const applicationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applikationer/$id',
  component: ApplicationPage,
  validateSearch: validateApplicationSearch,
});

// Issue 19: outages, the availability report, operations messages and IT functions as tabs; one outage.
// The public operations pages (/drift/{kommun}) are the server's own HTML, outside the app.
const operationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/drift-och-tillganglighet',
  component: OperationsPage,
  validateSearch: validateOperationsSearch,
});
const outageRoute = createRoute({ getParentRoute: () => rootRoute, path: '/drift-och-tillganglighet/avbrott/$id', component: OutagePage });

// Issue 20: development requests (all, mine, the steering group's backlog), a new one, one request.
const governanceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/utveckling',
  component: GovernancePage,
  validateSearch: validateGovernanceSearch,
});
const newRequestRoute = createRoute({ getParentRoute: () => rootRoute, path: '/utveckling/nytt', component: NewRequestPage });
const requestRoute = createRoute({ getParentRoute: () => rootRoute, path: '/utveckling/$id', component: RequestPage });

// Issue 21: the tertial follow-up; a report as it was sent to the boards.
// Loaded when first opened: the charts (recharts) are the app's largest library and only these pages draw them.
const followUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/uppfoljning',
  component: lazyRouteComponent(() => import('./pages/followup/FollowUp.tsx'), 'FollowUpPage'),
  validateSearch: validateFollowUpSearch,
});
const snapshotRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/uppfoljning/skickade/$id',
  component: lazyRouteComponent(() => import('./pages/followup/SnapshotPage.tsx'), 'SnapshotPage'),
});

// Issue 22: the register of sites with its shortfall list, a new site, one site; the laptop pool.
const sitesRoute = createRoute({ getParentRoute: () => rootRoute, path: '/platser', component: SitesPage, validateSearch: validateSitesSearch });
const newSiteRoute = createRoute({ getParentRoute: () => rootRoute, path: '/platser/ny', component: NewSitePage });
const siteRoute = createRoute({ getParentRoute: () => rootRoute, path: '/platser/$id', component: SitePage });
const poolRoute = createRoute({ getParentRoute: () => rootRoute, path: '/lanedatorer', component: PoolPage, validateSearch: validatePoolSearch });

const routeTree = rootRoute.addChildren([
  followUpRoute,
  snapshotRoute,
  startRoute,
  calendarRoute,
  myTicketsRoute,
  reportRoute,
  queueRoute,
  registerCallRoute,
  breachesRoute,
  ticketRoute,
  municipalitiesRoute,
  unitsRoute,
  peopleRoute,
  usersRoute,
  importRoute,
  missionRoute,
  missionVersionRoute,
  desksRoute,
  mailQuarantineRoute,
  auditRoute,
  catalogueRoute,
  priceListsRoute,
  priceListRoute,
  modelRangeRoute,
  publicModelRangeRoute,
  surveyAnswersRoute,
  placeOrderRoute,
  ordersRoute,
  orderersRoute,
  fulfilmentRoute,
  orderRoute,
  assetsRoute,
  unitAssetsRoute,
  renewalsRoute,
  assetRoute,
  billingRoute,
  billingRunRoute,
  unitBasisRoute,
  applicationsRoute,
  newApplicationRoute,
  agreementReviewsRoute,
  costModelsRoute,
  costModelRoute,
  applicationRoute,
  operationsRoute,
  governanceRoute,
  newRequestRoute,
  requestRoute,
  outageRoute,
  sitesRoute,
  newSiteRoute,
  siteRoute,
  poolRoute,
]);

export const router = createRouter({ routeTree, defaultPreload: false, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
