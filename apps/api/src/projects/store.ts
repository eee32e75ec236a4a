/** Projects of a service and their assignment rules (migration 0051), in the caller's tenant transaction. */
import type { PractitionerRole, Tx } from '@harbour/db';

export type Project = {
  id: string;
  name: string;
  funder: string | null;
  startsOn: string;
  endsOn: string | null;
  sections: string[];
  workerIds: string[];
  practitionerRoles: PractitionerRole[];
};

export type NewProject = Omit<Project, 'id'>;

export async function listProjects(tx: Tx, serviceId: string): Promise<Project[]> {
  const [projects, rules] = await Promise.all([
    tx
      .selectFrom('projects')
      .selectAll()
      .where('service_id', '=', serviceId)
      .orderBy('starts_on')
      .orderBy('name')
      .execute(),
    tx.selectFrom('project_rules').selectAll().where('service_id', '=', serviceId).execute(),
  ]);
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    funder: p.funder,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    sections: p.sections,
    workerIds: rules.filter((r) => r.project_id === p.id && r.worker_id).map((r) => r.worker_id as string),
    practitionerRoles: rules
      .filter((r) => r.project_id === p.id && r.practitioner_role)
      .map((r) => r.practitioner_role as PractitionerRole),
  }));
}

export async function findProject(tx: Tx, serviceId: string, projectId: string): Promise<Project | undefined> {
  return (await listProjects(tx, serviceId)).find((p) => p.id === projectId);
}

/** The ids among `userIds` that are not members of the service. */
export async function nonMembers(tx: Tx, serviceId: string, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const members = await tx
    .selectFrom('memberships')
    .select('user_id')
    .where('service_id', '=', serviceId)
    .where('user_id', 'in', [...userIds])
    .execute();
  const known = new Set(members.map((m) => m.user_id));
  return userIds.filter((id) => !known.has(id));
}

export async function createProject(tx: Tx, serviceId: string, project: NewProject): Promise<Project> {
  const row = await tx
    .insertInto('projects')
    .values({
      service_id: serviceId,
      name: project.name,
      funder: project.funder,
      starts_on: project.startsOn,
      ends_on: project.endsOn,
      sections: project.sections,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertRules(tx, serviceId, row.id, project);
  return { id: row.id, ...project };
}

/** The project's workers and roles, as rules of project_rules. */
async function insertRules(tx: Tx, serviceId: string, projectId: string, project: NewProject): Promise<void> {
  const rules = [
    ...project.workerIds.map((workerId) => ({ worker_id: workerId, practitioner_role: null })),
    ...project.practitionerRoles.map((role) => ({ worker_id: null, practitioner_role: role })),
  ];
  if (rules.length === 0) return;
  await tx
    .insertInto('project_rules')
    .values(rules.map((r) => ({ service_id: serviceId, project_id: projectId, ...r })))
    .execute();
}

/** Replaces a project's name, funder, dates, sections and rules (the caller has found it). */
export async function updateProject(tx: Tx, serviceId: string, projectId: string, project: NewProject): Promise<void> {
  await tx
    .updateTable('projects')
    .set({
      name: project.name,
      funder: project.funder,
      starts_on: project.startsOn,
      ends_on: project.endsOn,
      sections: project.sections,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', projectId)
    .execute();
  await tx
    .deleteFrom('project_rules')
    .where('service_id', '=', serviceId)
    .where('project_id', '=', projectId)
    .execute();
  await insertRules(tx, serviceId, projectId, project);
}

/** Sets or clears a case's own project; false when the case is not the caller's to change. */
export async function assignCase(
  tx: Tx,
  serviceId: string,
  caseId: string,
  projectId: string | null,
): Promise<boolean> {
  const result = await tx
    .updateTable('cases')
    .set({ project_id: projectId })
    .where('service_id', '=', serviceId)
    .where('id', '=', caseId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
