/**
 * Funders and projects: a manager defines a project (name, funder, dates, the sections of its
 * report), edits it, and assigns cases to it by worker, by practitioner role, or case by case.
 * Reports, their CSV and the dashboard take `projectId` to count only the project's cases.
 */
import type { Tx } from '@harbour/db';
import { reportCatalogue } from '@harbour/reports';
import type { FastifyInstance } from 'fastify';
import { auditInTx } from '../lib/audit';
import { notFound, unprocessable } from '../lib/errors';
import { errorResponses, isoDate, practitionerRoles, uuid } from '../lib/schemas';
import {
  assignCase,
  createProject,
  findProject,
  listProjects,
  type NewProject,
  nonMembers,
  updateProject,
} from '../projects/store';

const projectSchema = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    funder: { type: ['string', 'null'] },
    startsOn: isoDate,
    endsOn: { type: ['string', 'null'], format: 'date' },
    sections: { type: 'array', items: { type: 'string' } },
    workerIds: { type: 'array', items: uuid },
    practitionerRoles: { type: 'array', items: { type: 'string' } },
  },
} as const;

type ProjectBody = {
  name: string;
  funder?: string | null;
  startsOn: string;
  endsOn?: string | null;
  sections?: string[];
  workerIds?: string[];
  practitionerRoles?: NewProject['practitionerRoles'];
};

const projectBody = {
  type: 'object',
  required: ['name', 'startsOn'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    funder: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    startsOn: isoDate,
    endsOn: { type: ['string', 'null'], format: 'date' },
    sections: { type: 'array', maxItems: 40, uniqueItems: true, items: { type: 'string', maxLength: 60 } },
    workerIds: { type: 'array', maxItems: 200, uniqueItems: true, items: uuid },
    practitionerRoles: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: [...practitionerRoles] },
    },
  },
} as const;

export default async function projectRoutes(app: FastifyInstance) {
  const sections = reportCatalogue(app.registry.modules()).map(({ key, title }) => ({ key, title }));
  const sectionKeys = new Set(sections.map((section) => section.key));

  /** The project as the body describes it, or a 422 naming the field that is wrong. */
  async function checkedProject(tx: Tx, serviceId: string, body: ProjectBody): Promise<NewProject> {
    if (body.endsOn && body.endsOn < body.startsOn) {
      throw unprocessable('The project ends before it starts', [
        { pointer: '/endsOn', message: 'must not be before startsOn' },
      ]);
    }
    const unknown = (body.sections ?? []).filter((key) => !sectionKeys.has(key));
    if (unknown.length > 0) {
      throw unprocessable('Unknown report sections', [
        { pointer: '/sections', message: `has sections no report has: ${unknown.join(', ')}` },
      ]);
    }
    const strangers = await nonMembers(tx, serviceId, body.workerIds ?? []);
    if (strangers.length > 0) {
      throw unprocessable('Workers must belong to the service', [
        { pointer: '/workerIds', message: `are not members of the service: ${strangers.join(', ')}` },
      ]);
    }
    return {
      name: body.name,
      funder: body.funder ?? null,
      startsOn: body.startsOn,
      endsOn: body.endsOn ?? null,
      sections: body.sections ?? [],
      workerIds: body.workerIds ?? [],
      practitionerRoles: body.practitionerRoles ?? [],
    };
  }

  app.get(
    '/api/v1/reports/sections',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['projects'],
        summary: "The sections a service report can have, in report order: a project's template chooses among them",
        response: {
          200: {
            type: 'array',
            items: { type: 'object', properties: { key: { type: 'string' }, title: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async () => sections,
  );

  app.get(
    '/api/v1/projects',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['projects'],
        summary: "The service's projects, with the workers and practitioner roles whose cases they take",
        response: { 200: { type: 'array', items: projectSchema }, ...errorResponses },
      },
    },
    async (request) => request.tenant((tx) => listProjects(tx, request.auth!.serviceId!)),
  );

  app.post<{ Body: ProjectBody }>(
    '/api/v1/projects',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['projects'],
        summary:
          'Defines a project: name, funder, dates, report sections, and the workers or roles whose cases it takes',
        body: projectBody,
        response: { 201: projectSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const serviceId = request.auth!.serviceId!;
      const project = await request.tenant(async (tx) => {
        const created = await createProject(tx, serviceId, await checkedProject(tx, serviceId, request.body));
        await auditInTx(tx, request, {
          action: 'project.create',
          objectType: 'project',
          objectId: created.id,
          status: 201,
        });
        return created;
      });
      return reply.status(201).send(project);
    },
  );

  app.put<{ Params: { id: string }; Body: ProjectBody }>(
    '/api/v1/projects/:id',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['projects'],
        summary:
          'Changes a project: its name, funder, dates, report sections, and the workers or roles whose cases it takes',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } },
        body: projectBody,
        response: { 200: projectSchema, ...errorResponses },
      },
    },
    async (request) => {
      const serviceId = request.auth!.serviceId!;
      return request.tenant(async (tx) => {
        if (!(await findProject(tx, serviceId, request.params.id))) throw notFound();
        const project = await checkedProject(tx, serviceId, request.body);
        await updateProject(tx, serviceId, request.params.id, project);
        await auditInTx(tx, request, {
          action: 'project.update',
          objectType: 'project',
          objectId: request.params.id,
          status: 200,
        });
        return { id: request.params.id, ...project };
      });
    },
  );

  app.put<{ Params: { id: string }; Body: { projectId: string | null } }>(
    '/api/v1/cases/:id/project',
    {
      config: { access: ['manager'], caseLevel: true },
      schema: {
        tags: ['projects'],
        summary: "Sets the case's own project (null: back to its workers' and roles' projects)",
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } },
        body: {
          type: 'object',
          required: ['projectId'],
          additionalProperties: false,
          properties: { projectId: { type: ['string', 'null'], format: 'uuid' } },
        },
        response: {
          200: { type: 'object', properties: { id: uuid, projectId: { type: ['string', 'null'] } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const serviceId = request.auth!.serviceId!;
      const { projectId } = request.body;
      return request.tenant(async (tx) => {
        if (projectId && !(await findProject(tx, serviceId, projectId))) {
          throw unprocessable('No such project in this service', [
            { pointer: '/projectId', message: 'is not a project of the service' },
          ]);
        }
        if (!(await assignCase(tx, serviceId, request.params.id, projectId))) throw notFound();
        await auditInTx(tx, request, {
          action: 'case.project',
          objectType: 'case',
          objectId: request.params.id,
          status: 200,
          details: { projectId },
        });
        return { id: request.params.id, projectId };
      });
    },
  );
}
