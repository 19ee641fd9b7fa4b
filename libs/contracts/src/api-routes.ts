import { z } from 'zod';
import {
  apiKeySchema,
  authStatusSchema,
  changePasswordSchema,
  createApiKeySchema,
  createdApiKeySchema,
  createWorkspaceSchema,
  invitationSchema,
  inviteSchema,
  loginSchema,
  meSchema,
  memberSchema,
  receivedInvitationSchema,
  removedMemberSchema,
  signupSchema,
  switchWorkspaceSchema,
  updateMemberSchema,
  workspaceSchema,
} from './auth.schema';
import { csvPreviewSchema } from './dataset-preview.schema';
import { datasetSchema, datasetSummarySchema, datasetUploadSchema, seriesPointsSchema, seriesSummarySchema } from './datasets.schema';
import { modelForecastRequestSchema, modelForecastSchema, trainedModelSchema } from './registry.schema';
import { createRunSchema, EXPORT_KINDS, runEventSchema, runSchema, seriesBacktestSchema, seriesForecastSchema } from './runs.schema';
import {
  driftCheckPageSchema,
  modelLiveAccuracyPageSchema,
  pageQuerySchema,
  seriesLiveAccuracyPageSchema,
  seriesLiveAccuracyQuerySchema,
} from './live-accuracy.schema';
import { queryEnum, queryFlag, queryId, queryInt, queryObject, queryText } from './query-params';
import { createScheduleSchema, scheduleSchema, updateScheduleSchema } from './schedules.schema';

/** A path parameter naming a record by its id (the message says which kind of id was expected). */
export const idParam = (what: string) => z.string().uuid({ message: `must be ${what} id (UUID)` });

// Query strings the API validates (built from query-params.ts only): the controllers and the OpenAPI document read these.
export const listByDatasetQuery = queryObject({ datasetId: queryId('a dataset').optional() });
export const seriesIdQuery = queryObject({ seriesId: queryText({ expects: 'the key of a series (?seriesId=…)', min: 1, max: 10_000 }) });
export const exportQuery = queryObject({ what: queryEnum(EXPORT_KINDS).default('forecasts') });
export const listSeriesQuery = queryObject({
  search: queryText({ expects: 'text of at most 200 characters', max: 200 }).optional(),
  limit: queryInt({ min: 1, max: 10_000 }).default(1_000),
  /** The next page: the series after this key, in upload order (the last key of the page before). */
  after: queryText({ expects: 'a series key of 1 to 500 characters', min: 1, max: 500 }).optional(),
});
export type ListSeriesQuery = z.output<typeof listSeriesQuery>;
export const previewQuery = queryObject({ mapping: queryText({ expects: 'a column mapping (JSON) of at most 10,000 characters', max: 10_000 }).optional() });
export const listModelsQuery = queryObject({
  datasetId: queryId('a dataset').optional(),
  /** Only each dataset's champion. */
  champion: queryFlag(),
});

export const serviceHealthSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  /** Why it is down (the driver's message, never a connection string). */
  error: z.string().optional(),
});
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;
export const healthSchema = z.object({ status: z.enum(['up', 'down']), postgres: serviceHealthSchema, redis: serviceHealthSchema });
export type Health = z.infer<typeof healthSchema>;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a route answers with on success. */
export type RouteResponse =
  | { json: z.ZodType }
  /** A file download (`text/csv`). */
  | { csv: true }
  /** Server-sent events, each `data:` one JSON value of the schema. */
  | { events: z.ZodType }
  /** No body (204). */
  | { none: true };

/** What a route reads from the request body. */
export type RouteBody =
  | { json: z.ZodType }
  /** A multipart form: a CSV or Excel `file` last, text `fields` before it. */
  | { multipart: { fields: readonly string[] } }
  /** The first part of a CSV as text. */
  | { csvText: true };

export interface RouteSpec {
  method: HttpMethod;
  /** Below /api, with Nest's `:name` parameters. */
  path: string;
  summary: string;
  tag: string;
  /** Success status; 200 unless said. */
  status?: number;
  /** Served without credentials. */
  public?: boolean;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: RouteBody;
  response: RouteResponse;
}

const none = { none: true } as const;
const json = <T extends z.ZodType>(schema: T) => ({ json: schema });
const id = (what: string) => ({ id: idParam(what) });

/**
 * Every route of the API, named: the OpenAPI document and the typed client are built from this table, and a test
 * keeps it in step with the controllers. A new route: add its entry here (schemas from this library), then the handler.
 */
export const API_ROUTES = {
  authStatus: { method: 'GET', path: 'auth/status', tag: 'accounts', public: true, summary: 'Whether accounts exist and sign-up is open', response: json(authStatusSchema) },
  signup: { method: 'POST', path: 'auth/signup', tag: 'accounts', public: true, status: 201, summary: 'Create an account (and its workspace); sets the session cookies', body: json(signupSchema), response: json(meSchema) },
  login: { method: 'POST', path: 'auth/login', tag: 'accounts', public: true, summary: 'Sign in; sets the session cookies', body: json(loginSchema), response: json(meSchema) },
  logout: { method: 'POST', path: 'auth/logout', tag: 'accounts', status: 204, summary: 'End this session', response: none },
  logoutEverywhere: { method: 'POST', path: 'auth/logout-all', tag: 'accounts', status: 204, summary: 'End every session of this account', response: none },
  changePassword: { method: 'POST', path: 'auth/password', tag: 'accounts', status: 204, summary: 'Change the password (other sessions end)', body: json(changePasswordSchema), response: none },
  me: { method: 'GET', path: 'auth/me', tag: 'accounts', summary: 'The signed-in account, its workspaces and the current one', response: json(meSchema) },
  switchWorkspace: { method: 'POST', path: 'auth/workspace', tag: 'accounts', summary: 'Work in another workspace of this account', body: json(switchWorkspaceSchema), response: json(meSchema) },

  createWorkspace: { method: 'POST', path: 'workspaces', tag: 'workspaces', status: 201, summary: 'Create a workspace owned by this account', body: json(createWorkspaceSchema), response: json(workspaceSchema) },
  listMembers: { method: 'GET', path: 'members', tag: 'workspaces', summary: "The workspace's members", response: json(z.array(memberSchema)) },
  updateMember: { method: 'PATCH', path: 'members/:userId', tag: 'workspaces', summary: "Change a member's role (owner)", params: { userId: idParam('a user') }, body: json(updateMemberSchema), response: json(z.array(memberSchema)) },
  removeMember: { method: 'DELETE', path: 'members/:userId', tag: 'workspaces', summary: 'Remove a member (owner), revoking their API keys and pending invitations here', params: { userId: idParam('a user') }, response: json(removedMemberSchema) },
  listApiKeys: { method: 'GET', path: 'api-keys', tag: 'workspaces', summary: "The workspace's API keys (owner)", response: json(z.array(apiKeySchema)) },
  createApiKey: { method: 'POST', path: 'api-keys', tag: 'workspaces', status: 201, summary: 'Create an API key; the secret is shown once (owner)', body: json(createApiKeySchema), response: json(createdApiKeySchema) },
  revokeApiKey: { method: 'DELETE', path: 'api-keys/:id', tag: 'workspaces', summary: 'Revoke an API key (owner)', params: id('an API key'), response: json(apiKeySchema) },
  invite: { method: 'POST', path: 'members/invitations', tag: 'workspaces', status: 202, summary: 'Invite someone by email (owner)', body: json(inviteSchema), response: json(invitationSchema) },
  listInvitations: { method: 'GET', path: 'members/invitations', tag: 'workspaces', summary: 'Pending invitations of the workspace (owner)', response: json(z.array(invitationSchema)) },
  revokeInvitation: { method: 'DELETE', path: 'members/invitations/:invitationId', tag: 'workspaces', status: 204, summary: 'Withdraw an invitation (owner)', params: { invitationId: idParam('an invitation') }, response: none },
  receivedInvitations: { method: 'GET', path: 'invitations', tag: 'workspaces', summary: 'Invitations to this account', response: json(z.array(receivedInvitationSchema)) },
  acceptInvitation: { method: 'POST', path: 'invitations/:id/accept', tag: 'workspaces', summary: 'Join the inviting workspace', params: id('an invitation'), response: json(workspaceSchema) },
  declineInvitation: { method: 'POST', path: 'invitations/:id/decline', tag: 'workspaces', status: 204, summary: 'Decline an invitation', params: id('an invitation'), response: none },

  uploadDataset: { method: 'POST', path: 'datasets', tag: 'datasets', status: 201, summary: 'Upload a CSV or Excel file, its name and mapping fields before it (201 ready, 202 still ingesting, 400 with the rows at fault)', body: { multipart: { fields: ['name', 'mapping'] } }, response: json(datasetSchema) },
  previewDataset: { method: 'POST', path: 'datasets/preview', tag: 'datasets', summary: 'What an upload of this CSV would detect and refuse (stores nothing)', query: previewQuery, body: { csvText: true }, response: json(csvPreviewSchema) },
  appendRows: { method: 'POST', path: 'datasets/:id/rows', tag: 'datasets', status: 201, summary: "Append rows to a dataset's series (multipart, the file only)", params: id('a dataset'), body: { multipart: { fields: [] } }, response: json(datasetUploadSchema) },
  listUploads: { method: 'GET', path: 'datasets/:id/uploads', tag: 'datasets', summary: 'The uploads of a dataset, first file and appends', params: id('a dataset'), response: json(z.array(datasetUploadSchema)) },
  listDatasets: { method: 'GET', path: 'datasets', tag: 'datasets', summary: 'The datasets of the workspace', response: json(z.array(datasetSummarySchema)) },
  getDataset: { method: 'GET', path: 'datasets/:id', tag: 'datasets', summary: 'A dataset with its profile and problems', params: id('a dataset'), response: json(datasetSchema) },
  listSeries: { method: 'GET', path: 'datasets/:id/series', tag: 'datasets', summary: 'The series of a dataset in upload order, searched by key, a page at a time', params: id('a dataset'), query: listSeriesQuery, response: json(z.array(seriesSummarySchema)) },
  getSeries: { method: 'GET', path: 'datasets/:id/series/:key', tag: 'datasets', summary: 'One series: its timestamps and values', params: { ...id('a dataset'), key: z.string() }, response: json(seriesPointsSchema) },
  liveAccuracy: { method: 'GET', path: 'datasets/:id/accuracy', tag: 'datasets', summary: 'Live accuracy of each scored model against what its backtest promised', params: id('a dataset'), query: pageQuerySchema, response: json(modelLiveAccuracyPageSchema) },
  seriesLiveAccuracy: { method: 'GET', path: 'datasets/:id/accuracy/series', tag: 'datasets', summary: "One model's live accuracy per series (the champion's by default), worst first", params: id('a dataset'), query: seriesLiveAccuracyQuerySchema, response: json(seriesLiveAccuracyPageSchema) },
  driftChecks: { method: 'GET', path: 'datasets/:id/drift-checks', tag: 'datasets', summary: "The live-drift decisions of the dataset's schedules, with their figures", params: id('a dataset'), query: pageQuerySchema, response: json(driftCheckPageSchema) },
  deleteDataset: { method: 'DELETE', path: 'datasets/:id', tag: 'datasets', status: 204, summary: 'Delete a dataset with its runs and models', params: id('a dataset'), response: none },

  createRun: { method: 'POST', path: 'runs', tag: 'runs', status: 201, summary: 'Start a run: backtest and rank models, then forecast', body: json(createRunSchema), response: json(runSchema) },
  listRuns: { method: 'GET', path: 'runs', tag: 'runs', summary: 'Runs of the workspace, newest first', query: listByDatasetQuery, response: json(z.array(runSchema)) },
  getRun: { method: 'GET', path: 'runs/:id', tag: 'runs', summary: 'A run and its leaderboard', params: id('a run'), response: json(runSchema) },
  cancelRun: { method: 'POST', path: 'runs/:id/cancel', tag: 'runs', summary: 'Cancel a run (409 once it has ended)', params: id('a run'), response: json(runSchema) },
  runForecasts: { method: 'GET', path: 'runs/:id/forecasts', tag: 'runs', summary: "Every model's forecasts of one series", params: id('a run'), query: seriesIdQuery, response: json(z.array(seriesForecastSchema)) },
  runEvents: { method: 'GET', path: 'runs/:id/events', tag: 'runs', summary: "A run's progress as server-sent events", params: id('a run'), response: { events: runEventSchema } },
  runBacktests: { method: 'GET', path: 'runs/:id/backtests', tag: 'runs', summary: "Every model's backtest windows of one series", params: id('a run'), query: seriesIdQuery, response: json(z.array(seriesBacktestSchema)) },
  exportRun: { method: 'GET', path: 'runs/:id/export', tag: 'runs', summary: "A run's forecasts or backtests as CSV", params: id('a run'), query: exportQuery, response: { csv: true } },

  createSchedule: { method: 'POST', path: 'schedules', tag: 'schedules', status: 201, summary: 'Run on a cron schedule', body: json(createScheduleSchema), response: json(scheduleSchema) },
  listSchedules: { method: 'GET', path: 'schedules', tag: 'schedules', summary: 'Schedules of the workspace', query: listByDatasetQuery, response: json(z.array(scheduleSchema)) },
  getSchedule: { method: 'GET', path: 'schedules/:id', tag: 'schedules', summary: 'A schedule', params: id('a schedule'), response: json(scheduleSchema) },
  updateSchedule: { method: 'PATCH', path: 'schedules/:id', tag: 'schedules', summary: 'Change a schedule', params: id('a schedule'), body: json(updateScheduleSchema), response: json(scheduleSchema) },
  runScheduleNow: { method: 'POST', path: 'schedules/:id/run', tag: 'schedules', status: 202, summary: 'Start the scheduled run now', params: id('a schedule'), response: json(scheduleSchema) },
  deleteSchedule: { method: 'DELETE', path: 'schedules/:id', tag: 'schedules', status: 204, summary: 'Delete a schedule', params: id('a schedule'), response: none },

  listModels: { method: 'GET', path: 'models', tag: 'models', summary: 'Saved models, optionally one dataset’s or its champions', query: listModelsQuery, response: json(z.array(trainedModelSchema)) },
  getModel: { method: 'GET', path: 'models/:id', tag: 'models', summary: 'A saved model with what reproduces it', params: id('a saved model'), response: json(trainedModelSchema) },
  forecastFromModel: { method: 'POST', path: 'models/:id/forecast', tag: 'models', summary: "Forecast from a saved model on the dataset's current data", params: id('a saved model'), body: json(modelForecastRequestSchema), response: json(modelForecastSchema) },

  health: { method: 'GET', path: 'health', tag: 'health', public: true, summary: 'Postgres and Redis reachable (503 when one is not, same body)', response: json(healthSchema) },
  postgresHealth: { method: 'GET', path: 'health/postgres', tag: 'health', public: true, summary: 'Postgres reachable', response: json(serviceHealthSchema) },
  redisHealth: { method: 'GET', path: 'health/redis', tag: 'health', public: true, summary: 'Redis reachable', response: json(serviceHealthSchema) },
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
export type RouteName = keyof ApiRoutes;
