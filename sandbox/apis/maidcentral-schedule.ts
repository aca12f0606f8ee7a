import type { Hotel, Reservation, Room, StaffMember } from '../hotel.js';

/** The company the hotel's housekeeping runs as in MaidCentral. */
export const SERVICE_COMPANY_ID = 2207;
const SERVICE_COMPANY_GROUP_ID = 118;

/** Minutes each kind of clean takes, and what the hotel is billed for it. */
const CLEANS = {
  checkout: { scope: 'Departure clean', minutes: 45, billRate: 35 },
  refresh: { scope: 'Stay-over refresh', minutes: 25, billRate: 20 },
} as const;
type CleanKind = keyof typeof CLEANS;

/** Housekeeping starts once guests have left (check-out is at 11:00). */
const DAY_STARTS_AT_MINUTES = 11 * 60;

const clock = (date: string, minutes: number) =>
  `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

function roles(member: StaffMember): string[] {
  return member.role === 'Supervisor' ? ['Supervisor', 'Housekeeper'] : [member.role];
}

/** `GET /api/dr-schedule/users`: the staff, grouped as MaidCentral groups companies. */
export function usersResult(hotel: Hotel) {
  return {
    ServiceCompanyGroups: [
      {
        ServiceCompanyGroupId: SERVICE_COMPANY_GROUP_ID,
        Name: hotel.name,
        ServiceCompanies: [
          {
            ServiceCompanyId: SERVICE_COMPANY_ID,
            Name: `${hotel.name} Housekeeping`,
            Users: hotel.staff.map((member) => ({
              UserId: member.userId,
              Email: member.email,
              EmployeeInformationId: member.employeeId,
              FirstName: member.firstName,
              LastName: member.lastName,
              Roles: roles(member),
            })),
          },
        ],
      },
    ],
  };
}

/** What needs cleaning in a room on a day: the departure's room, or a room with guests staying on. */
function cleanOf(reservation: Reservation, date: string): CleanKind | null {
  if (reservation.status === 'canceled' || reservation.status === 'no_show') return null;
  if (reservation.endDate === date) return 'checkout';
  return reservation.startDate < date && reservation.endDate > date ? 'refresh' : null;
}

/**
 * `GET /api/dr-schedule` for one day: a departure clean for each room guests leave that day and
 * a refresh for each room with guests staying on, shared round-robin among the teams, each team
 * working through its rooms one after another from 11:00. Same hotel and day, same schedule.
 */
export function scheduleResult(hotel: Hotel, date: string) {
  const jobs: { room: Room; kind: CleanKind }[] = [];
  hotel.rooms.forEach((room) => {
    const kinds = hotel.reservations.filter((r) => r.roomId === room.id).map((r) => cleanOf(r, date));
    // A departure and a same-day arrival still make one departure clean.
    const kind = kinds.includes('checkout') ? 'checkout' : kinds.includes('refresh') ? 'refresh' : null;
    if (kind) jobs.push({ room, kind });
  });

  const nextFree = new Map(hotel.teams.map((team) => [team.id, DAY_STARTS_AT_MINUTES]));
  const dateNumber = Number(date.replaceAll('-', ''));
  return jobs.map(({ room, kind }, index) => {
    const team = hotel.teams[index % hotel.teams.length]!;
    const clean = CLEANS[kind];
    const start = nextFree.get(team.id)!;
    nextFree.set(team.id, start + clean.minutes);
    const members = hotel.staff.filter((member) => member.teamId === team.id);
    const roomIndex = hotel.rooms.indexOf(room);
    return {
      JobInformationId: dateNumber * 1000 + roomIndex,
      ServiceCompanyId: SERVICE_COMPANY_ID,
      JobDate: `${date}T00:00:00`,
      ScheduledStartTime: clock(date, start),
      ScheduledEndTime: clock(date, start + clean.minutes),
      ScopeOfWork: clean.scope,
      ScheduledTeams: [{ TeamListId: team.id, TeamListDescription: team.name, Color: team.color }],
      EmployeeSchedules: members.map((member, position) => ({
        EmployeeInformationId: member.employeeId,
        FirstName: member.firstName,
        LastName: member.lastName,
        TeamPosition: position + 1,
      })),
      HomeInformation: {
        HomeId: 60_000 + roomIndex,
        HomeName: `Room ${room.number}`,
        Address1: `${hotel.name}, room ${room.number}`,
      },
      BillRate: clean.billRate,
    };
  });
}
