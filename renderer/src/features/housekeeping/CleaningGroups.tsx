import type { Cleaning, CleaningState, HousekeepingDay } from '../../../../shared/contract.js';
import type { GroupBy } from './housekeeping-slice.js';

const STATE_LABEL: Record<CleaningState, string> = { done: 'Done', in_progress: 'In progress', not_started: 'Not started' };

interface Group {
  key: string;
  title: string;
  /** Roles and teams of a person, or the members of a team. */
  detail: string;
  color: string | null;
  cleanings: Cleaning[];
  /** The other column: a person's team(s), or a team's people, per cleaning. */
  withOf(cleaning: Cleaning): string;
  /** False when every row would repeat what the group's header says (the whole team on every cleaning). */
  showWith: boolean;
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id) => b.includes(id));

/** The day's cleanings in groups: one per person (by name) or per team, then those with nobody or no team. */
export function groupsOf(day: HousekeepingDay, groupBy: GroupBy): Group[] {
  const byId = new Map(day.cleanings.map((cleaning) => [cleaning.id, cleaning]));
  const pick = (ids: number[]) => ids.flatMap((id) => byId.get(id) ?? []);
  const teamName = new Map(day.teams.map((team) => [team.id, team.name]));
  const personName = new Map(day.people.map((person) => [person.id, person.name]));
  const teamsOf = (cleaning: Cleaning) => cleaning.teamIds.map((id) => teamName.get(id) ?? `Team ${id}`).join(', ') || 'No team';
  const peopleOf = (cleaning: Cleaning) => cleaning.personIds.map((id) => personName.get(id) ?? `#${id}`).join(', ') || 'Nobody';
  if (groupBy === 'person') {
    const groups: Group[] = day.people.map((person) => {
      const cleanings = pick(person.cleaningIds);
      return {
        key: `person-${person.id}`,
        title: person.name,
        detail: [person.roles.join(', '), person.teamIds.map((id) => teamName.get(id)).join(', ')].filter(Boolean).join(' · '),
        color: null,
        cleanings,
        withOf: teamsOf,
        showWith: !cleanings.every((cleaning) => sameIds(cleaning.teamIds, person.teamIds)),
      };
    });
    if (day.unassigned.noPerson.length > 0) {
      const cleanings = pick(day.unassigned.noPerson);
      groups.push({ key: 'nobody', title: 'Nobody scheduled', detail: 'No one is on these yet in MaidCentral', color: null, cleanings, withOf: teamsOf, showWith: true });
    }
    return groups;
  }
  const groups: Group[] = day.teams.map((team) => {
    const cleanings = pick(team.cleaningIds);
    return {
      key: `team-${team.id}`,
      title: team.name,
      detail: team.memberIds.map((id) => personName.get(id)).join(', '),
      color: team.color,
      cleanings,
      withOf: peopleOf,
      showWith: !cleanings.every((cleaning) => sameIds(cleaning.personIds, team.memberIds)),
    };
  });
  if (day.unassigned.noTeam.length > 0) {
    const cleanings = pick(day.unassigned.noTeam);
    groups.push({ key: 'no-team', title: 'No team', detail: 'Not given to a team in MaidCentral', color: null, cleanings, withOf: peopleOf, showWith: true });
  }
  return groups;
}

const countDone = (cleanings: Cleaning[]) => cleanings.filter((cleaning) => cleaning.state === 'done').length;

export function CleaningGroups({ day, groupBy }: { day: HousekeepingDay; groupBy: GroupBy }) {
  const withHeading = groupBy === 'person' ? 'Team' : 'People';
  return (
    <div className="cleaning-groups">
      {groupsOf(day, groupBy).map((group) => (
        <section key={group.key} className="cleaning-group" aria-labelledby={`${group.key}-title`} data-group={group.title}>
          <header>
            {group.color && <span className="team-swatch" style={{ background: group.color }} aria-hidden="true" />}
            <h3 id={`${group.key}-title`}>{group.title}</h3>
            <span className="muted">{group.detail}</span>
            <span className="group-count">
              {group.cleanings.length} {group.cleanings.length === 1 ? 'cleaning' : 'cleanings'}, {countDone(group.cleanings)} done
            </span>
          </header>
          <table className="cleanings" aria-labelledby={`${group.key}-title`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Room</th>
                <th scope="col">Work</th>
                <th scope="col">State</th>
                {group.showWith && <th scope="col">{withHeading}</th>}
              </tr>
            </thead>
            <tbody>
              {group.cleanings.map((cleaning) => (
                <tr key={cleaning.id} data-state={cleaning.state}>
                  <td className="time">{cleaning.start && cleaning.end ? `${cleaning.start}–${cleaning.end}` : (cleaning.start ?? cleaning.end ?? 'Any time')}</td>
                  <th scope="row" title={cleaning.address ?? undefined}>
                    {cleaning.room}
                  </th>
                  <td>{cleaning.scope ?? '—'}</td>
                  <td>
                    <span className={`pill pill-clean-${cleaning.state}`}>{STATE_LABEL[cleaning.state]}</span>
                  </td>
                  {group.showWith && <td className="muted">{group.withOf(cleaning)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
