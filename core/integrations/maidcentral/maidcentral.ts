import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { createHttpClient, send, type ConnectorHooks, type Remote, type RemoteSystem } from '../remote-call.js';
import { createTokenSession } from '../token-session.js';
import { isIsoDate } from '../../../shared/iso-date.js';

export interface MaidCentralCredentials {
  username: string;
  password: string;
}

export interface MaidCentralConnectorOptions extends ConnectorHooks {
  /** `https://api.maidcentral.com`, or the demo simulator's. */
  baseURL: string;
  credentials: MaidCentralCredentials;
}

/** One MaidCentral user, flattened out of its service company group and company. */
export interface MaidCentralUser {
  userId: number;
  email: string;
  /** The employee record behind the user, when the user is staff. */
  employeeId: number | null;
  firstName: string;
  lastName: string;
  roles: string[];
  serviceCompanyId: number;
}

/** One scheduled job (a clean) of a day. Times are MaidCentral's local `YYYY-MM-DDTHH:MM:SS`. */
export interface MaidCentralJob {
  jobInformationId: number;
  serviceCompanyId: number;
  /** `YYYY-MM-DD`. */
  jobDate: string;
  scheduledStartTime: string | null;
  scheduledEndTime: string | null;
  scopeOfWork: string | null;
  teams: { teamListId: number; description: string; color: string | null }[];
  employees: { employeeInformationId: number; firstName: string; lastName: string; teamPosition: number | null }[];
  home: { homeId: number | null; name: string | null; address: string | null };
  billRate: number | null;
}

const maidCentral: RemoteSystem = {
  name: 'MaidCentral',
  requestIdHeader: 'x-request-id',
  describeError(body) {
    const fields = (body ?? {}) as { Message?: unknown; error_description?: unknown; error?: unknown };
    const message = [fields.Message, fields.error_description, fields.error].find((value) => typeof value === 'string' && value !== '');
    return typeof message === 'string' ? { message } : {};
  },
};

const id = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number).pipe(z.number().int());
const optionalId = id.nullish().transform((value) => value ?? null);
const optionalText = z.string().nullish().transform((value) => value ?? null);
const optionalNumber = z
  .union([z.number(), z.string().trim().min(1)])
  .transform(Number)
  .pipe(z.number())
  .nullish()
  .transform((value) => value ?? null);

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const envelopeSchema = z.object({ IsSuccess: z.boolean(), Message: z.string().nullish(), Result: z.unknown() });

const usersSchema = z.object({
  ServiceCompanyGroups: z.array(
    z.object({
      ServiceCompanies: z.array(
        z.object({
          ServiceCompanyId: id,
          Users: z.array(
            z.object({
              UserId: id,
              Email: z.string(),
              EmployeeInformationId: optionalId,
              FirstName: z.string(),
              LastName: z.string(),
              // A list, or one comma-separated string in older answers.
              Roles: z.union([z.array(z.string()), z.string(), z.null()]).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

const jobsSchema = z.array(
  z.object({
    JobInformationId: id,
    ServiceCompanyId: id,
    JobDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
    ScheduledStartTime: optionalText,
    ScheduledEndTime: optionalText,
    ScopeOfWork: optionalText,
    ScheduledTeams: z.array(z.object({ TeamListId: id, TeamListDescription: z.string(), Color: optionalText })).nullish(),
    EmployeeSchedules: z
      .array(z.object({ EmployeeInformationId: id, FirstName: z.string(), LastName: z.string(), TeamPosition: optionalNumber }))
      .nullish(),
    HomeInformation: z.object({ HomeId: optionalId, HomeName: optionalText, Address1: optionalText }).nullish(),
    BillRate: optionalNumber,
  }),
);


/** Reads an answer's body with a schema; a body the connector cannot read is the remote's fault. */
function read<S extends z.ZodType>(schema: S, body: unknown, what: string, requestId?: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path.join('.');
  throw new RemoteError('server', `MaidCentral answered with ${what} the connector cannot read${path ? ` at ${path}` : ''}`, requestId ? { requestId } : {});
}

/** `IsSuccess:false` is a refusal whatever the status says, with MaidCentral's own Message. */
function checkEnvelope(response: AxiosResponse): RemoteError | undefined {
  const body = response.data as { IsSuccess?: unknown; Message?: unknown } | null;
  if (body?.IsSuccess !== false) return undefined;
  const requestId = response.headers[maidCentral.requestIdHeader] as string | undefined;
  const reason = typeof body.Message === 'string' && body.Message !== '' ? body.Message : 'no reason given';
  return new RemoteError('validation', `MaidCentral refused the request: ${reason}`, { httpStatus: response.status, ...(requestId ? { requestId } : {}) });
}

/**
 * MaidCentral API v2, read-only: the staff and the day's housekeeping schedule. Signs in with
 * the password grant and keeps the bearer token, signing in again before it expires or after a
 * 401. The schedule comes one day per call (the API refuses ranges, and each call is slow).
 */
export function createMaidCentralConnector(options: MaidCentralConnectorOptions) {
  const clock = options.clock ?? systemClock;
  const http = createHttpClient(options);
  const { username, password } = options.credentials;

  const session = createTokenSession({
    clock,
    async obtain() {
      const form = new URLSearchParams({ username, password, grant_type: 'password' });
      const answer = await send<unknown>(maidCentral, () =>
        http.post('/token', form.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } }),
      ).catch((failure: unknown) => {
        // The token endpoint answers a refused password with a 400 (invalid_grant): a sign-in problem.
        if (failure instanceof RemoteError && failure.httpStatus === 400) {
          throw new RemoteError('auth', failure.message, { httpStatus: 400, ...(failure.requestId ? { requestId: failure.requestId } : {}) });
        }
        throw failure;
      });
      const token = read(tokenSchema, answer.data, 'a token', answer.requestId);
      return { value: token.access_token, expiresAt: clock.now() + token.expires_in * 1000 };
    },
  });

  async function getEnvelope(path: string, params?: Record<string, string>): Promise<Remote<unknown>> {
    return session.withToken(async (token) => {
      const answer = await send<unknown>(
        maidCentral,
        () => http.get(path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, ...(params ? { params } : {}) }),
        checkEnvelope,
      );
      return { ...answer, data: read(envelopeSchema, answer.data, 'an envelope', answer.requestId).Result };
    });
  }

  async function getSchedule(range: { startDate: string; endDate: string }): Promise<Remote<MaidCentralJob[]>> {
    if (!isIsoDate(range.startDate)) throw new RemoteError('validation', `startDate must be a date as YYYY-MM-DD (got "${range.startDate}")`, { field: 'startDate' });
    if (!isIsoDate(range.endDate)) throw new RemoteError('validation', `endDate must be a date as YYYY-MM-DD (got "${range.endDate}")`, { field: 'endDate' });
    if (range.startDate !== range.endDate) {
      throw new RemoteError('validation', `MaidCentral gives the schedule one day per call: startDate (${range.startDate}) must equal endDate (${range.endDate})`, {
        field: 'endDate',
      });
    }
    const answer = await getEnvelope('/api/dr-schedule', { startDate: range.startDate, endDate: range.endDate });
    const jobs = read(jobsSchema, answer.data ?? [], 'a schedule', answer.requestId);
    return {
      ...answer,
      data: jobs.map((job) => ({
        jobInformationId: job.JobInformationId,
        serviceCompanyId: job.ServiceCompanyId,
        jobDate: job.JobDate.slice(0, 10),
        scheduledStartTime: job.ScheduledStartTime,
        scheduledEndTime: job.ScheduledEndTime,
        scopeOfWork: job.ScopeOfWork,
        teams: (job.ScheduledTeams ?? []).map((team) => ({ teamListId: team.TeamListId, description: team.TeamListDescription, color: team.Color })),
        employees: (job.EmployeeSchedules ?? []).map((employee) => ({
          employeeInformationId: employee.EmployeeInformationId,
          firstName: employee.FirstName,
          lastName: employee.LastName,
          teamPosition: employee.TeamPosition,
        })),
        home: { homeId: job.HomeInformation?.HomeId ?? null, name: job.HomeInformation?.HomeName ?? null, address: job.HomeInformation?.Address1 ?? null },
        billRate: job.BillRate,
      })),
    };
  }

  return {
    /** Every user of every service company the API user sees, flattened. */
    async getUsers(): Promise<Remote<MaidCentralUser[]>> {
      const answer = await getEnvelope('/api/dr-schedule/users');
      const result = read(usersSchema, answer.data, 'users', answer.requestId);
      const users = result.ServiceCompanyGroups.flatMap((group) =>
        group.ServiceCompanies.flatMap((company) =>
          company.Users.map((user) => ({
            userId: user.UserId,
            email: user.Email,
            employeeId: user.EmployeeInformationId,
            firstName: user.FirstName,
            lastName: user.LastName,
            roles: Array.isArray(user.Roles) ? user.Roles : (user.Roles ?? '').split(',').map((role) => role.trim()).filter(Boolean),
            serviceCompanyId: company.ServiceCompanyId,
          })),
        ),
      );
      return { ...answer, data: users };
    },
    /** The jobs of one day; a range (startDate ≠ endDate) is refused before sending. */
    getSchedule,
    /** The jobs of one day, `YYYY-MM-DD`. */
    getScheduleDay: (date: string) => getSchedule({ startDate: date, endDate: date }),
  };
}

export type MaidCentralConnector = ReturnType<typeof createMaidCentralConnector>;
