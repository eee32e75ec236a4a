/**
 * "Known elsewhere": linkage regions (platform admin), a service's participation (its managers),
 * a case's identifiers check and its possible matches (practitioners and managers), and the
 * record of a service's cases shown to others (its managers). docs/linkage.md.
 */
import {
  caseLinkageSchema,
  linkageDisclosuresSchema,
  linkageParticipationSchema,
  linkageRegionSchema,
  linkageRegionsSchema,
} from '@harbour/contract';
import type { FastifyInstance } from 'fastify';
import { assertServiceExists } from '../accounts/services';
import { inCase, viewerOf } from '../cases/case-request';
import { ukDate } from '../cases/dates';
import { auditInTx } from '../lib/audit';
import { conflict, notFound, unprocessable } from '../lib/errors';
import { errorResponses, idParams, uuid } from '../lib/schemas';
import { encodeCase, type LinkageInput, linkageInputSchema } from '../linkage/encode-case';
import {
  addServiceToRegion,
  caseLinkage,
  createRegion,
  decideMatch,
  listDisclosures,
  listRegions,
  participationView,
  regionExists,
  removeServiceFromRegion,
  retireRegionKey,
  serviceParticipation,
  setOptedIn,
  setSafeguardingContact,
} from '../linkage/linkage-store';
import { linkageKeyring } from '../linkage/region-keys';

const regionServiceParams = {
  type: 'object',
  required: ['id', 'serviceId'],
  properties: { id: uuid, serviceId: uuid },
} as const;

export default async function linkageRoutes(app: FastifyInstance) {
  const keyring = () => linkageKeyring(app.keyring.master);

  app.post<{ Body: { name: string } }>(
    '/api/v1/linkage/regions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['linkage'],
        summary: 'Define a linkage region (a Marac or police force area): encodings match only within one',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 201: linkageRegionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const region = await request.tenant(async (tx) => {
        const row = await createRegion(tx, request.body.name);
        if (!row) throw conflict('A region with this name exists');
        await auditInTx(tx, request, {
          action: 'linkage.region_created',
          objectType: 'linkage_region',
          objectId: row.id,
          status: 201,
        });
        return row;
      });
      return reply.status(201).send({ ...region, services: [] });
    },
  );

  app.get(
    '/api/v1/linkage/regions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['linkage'],
        summary: 'The linkage regions, their services and whether each has opted in',
        response: { 200: linkageRegionsSchema, ...errorResponses },
      },
    },
    async (request) => request.tenant(async (tx) => ({ items: await listRegions(tx) })),
  );

  app.put<{ Params: { id: string; serviceId: string } }>(
    '/api/v1/linkage/regions/:id/services/:serviceId',
    {
      // a region is an object only the platform admin may know of: others get the 404 of a missing one
      config: { access: ['admin'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary: 'Put a service in a region (out of any other); it takes part once its manager opts in',
        params: regionServiceParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, serviceId } = request.params;
      await request.tenant(async (tx) => {
        if (!(await regionExists(tx, id))) throw notFound();
        await assertServiceExists(tx, serviceId);
        await addServiceToRegion(tx, id, serviceId);
        await auditInTx(tx, request, {
          action: 'linkage.region_service_added',
          objectType: 'linkage_region',
          objectId: id,
          status: 204,
          details: { serviceId },
        });
      });
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { id: string; serviceId: string } }>(
    '/api/v1/linkage/regions/:id/services/:serviceId',
    {
      // a region is an object only the platform admin may know of: others get the 404 of a missing one
      config: { access: ['admin'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary: 'Take a service out of a region: its encodings no longer match or get matched',
        params: regionServiceParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, serviceId } = request.params;
      await request.tenant(async (tx) => {
        if (!(await removeServiceFromRegion(tx, id, serviceId))) throw notFound();
        await auditInTx(tx, request, {
          action: 'linkage.region_service_removed',
          objectType: 'linkage_region',
          objectId: id,
          status: 204,
          details: { serviceId },
        });
      });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/linkage/regions/:id/key-rotation',
    {
      // a region is an object only the platform admin may know of: others get the 404 of a missing one
      config: { access: ['admin'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary: "Rotate a region's key: a new epoch starts, and encodings match only within their epoch",
        params: idParams,
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await request.tenant(async (tx) => {
        if (!(await regionExists(tx, request.params.id))) throw notFound();
        const retired = await retireRegionKey(tx, request.params.id, app.clock());
        await keyring().currentEncoder(tx, request.params.id);
        await auditInTx(tx, request, {
          action: 'linkage.key_rotated',
          objectType: 'linkage_region',
          objectId: request.params.id,
          status: 204,
          details: { retired },
        });
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/linkage/participation',
    {
      // practitioners read it too: the new-case form offers the identifiers only when the service takes part
      config: { access: ['manager', 'practitioner'] },
      schema: {
        tags: ['linkage'],
        summary: "The service's linkage region, whether it has opted in, and its safeguarding contact",
        response: { 200: linkageParticipationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return request.tenant(async (tx) => participationView(tx, viewer.serviceId));
    },
  );

  app.put<{ Body: { optedIn: boolean; safeguardingContact?: string } }>(
    '/api/v1/linkage/participation',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['linkage'],
        summary: 'Opt the service in or out of its region; the safeguarding contact is shown with its matches',
        body: {
          type: 'object',
          required: ['optedIn'],
          additionalProperties: false,
          properties: {
            optedIn: { type: 'boolean' },
            safeguardingContact: { type: 'string', minLength: 1, maxLength: 300 },
          },
        },
        response: { 200: linkageParticipationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { optedIn, safeguardingContact } = request.body;
      return request.tenant(async (tx) => {
        const participation = await serviceParticipation(tx, viewer.serviceId);
        if (!participation) {
          throw unprocessable('The platform admin has not put this service in a linkage region', [
            { pointer: '/optedIn', message: 'needs the service to be in a region first' },
          ]);
        }
        await setOptedIn(tx, viewer.serviceId, optedIn, app.clock());
        if (safeguardingContact !== undefined) await setSafeguardingContact(tx, viewer.serviceId, safeguardingContact);
        await auditInTx(tx, request, {
          action: 'linkage.participation_changed',
          objectType: 'service',
          objectId: viewer.serviceId,
          status: 200,
          details: { optedIn, safeguardingContactChanged: safeguardingContact !== undefined },
        });
        return participationView(tx, viewer.serviceId);
      });
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/linkage/disclosures',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['linkage'],
        summary: "The service's cases that were shown to a service of the region as a possible match",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        },
        response: { 200: linkageDisclosuresSchema, ...errorResponses },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return request.tenant(async (tx) => {
        const items = await listDisclosures(tx, viewer.serviceId, request.query.limit ?? 100);
        await auditInTx(tx, request, {
          action: 'linkage.disclosures_read',
          status: 200,
          details: { count: items.length },
        });
        return { items };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/:id/linkage',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary:
          "Whether the case's client was checked, and the services that possibly supported them in the last 12 months",
        params: idParams,
        response: { 200: caseLinkageSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.linkage_read', async (tx, kase) => {
        const linkage = await caseLinkage(tx, kase.service_id, kase.id);
        await auditInTx(tx, request, {
          action: 'case.linkage_read',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { matches: linkage.matches.map((m) => m.id) },
        });
        return linkage;
      }),
  );

  app.post<{ Params: { id: string }; Body: LinkageInput }>(
    '/api/v1/cases/:id/linkage',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary:
          "Check an open case's client against the region (replaces an earlier encoding); identifiers are not kept",
        params: idParams,
        body: linkageInputSchema,
        response: { 200: caseLinkageSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.linkage_encoded', async (tx, kase) => {
        const viewer = viewerOf(request);
        const matches = await encodeCase(
          tx,
          {
            keyring: keyring(),
            serviceId: kase.service_id,
            caseId: kase.id,
            userId: viewer.userId,
            today: ukDate(app.clock()),
            ip: request.ip,
            pointer: '',
          },
          request.body,
        );
        await auditInTx(tx, request, {
          action: 'case.linkage_encoded',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { consent: request.body.consent, reason: request.body.reason ?? null, matches },
        });
        return caseLinkage(tx, kase.service_id, kase.id);
      }),
  );

  app.put<{ Params: { id: string; matchId: string }; Body: { decision: 'confirmed' | 'rejected' } }>(
    '/api/v1/cases/:id/linkage/matches/:matchId',
    {
      config: { access: ['practitioner', 'manager'], caseLevel: true },
      schema: {
        tags: ['linkage'],
        summary: 'Confirm or reject a possible match; a rejected match is not shown again',
        params: { type: 'object', required: ['id', 'matchId'], properties: { id: uuid, matchId: uuid } },
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: { decision: { type: 'string', enum: ['confirmed', 'rejected'] } },
        },
        response: { 200: caseLinkageSchema, ...errorResponses },
      },
    },
    async (request) =>
      inCase(request, request.params.id, 'case.linkage_decided', async (tx, kase) => {
        const decided = await decideMatch(tx, {
          serviceId: kase.service_id,
          caseId: kase.id,
          matchId: request.params.matchId,
          decision: request.body.decision,
          userId: viewerOf(request).userId,
          now: app.clock(),
        });
        if (!decided) throw notFound();
        await auditInTx(tx, request, {
          action: 'case.linkage_decided',
          objectType: 'case',
          objectId: kase.id,
          status: 200,
          details: { matchId: request.params.matchId, decision: request.body.decision },
        });
        return caseLinkage(tx, kase.service_id, kase.id);
      }),
  );
}
