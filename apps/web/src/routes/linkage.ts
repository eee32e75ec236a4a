/** Linkage settings on the web: a manager's participation and disclosures, the platform admin's regions. */
import type { LinkageDisclosures, LinkageParticipation, LinkageRegions } from '@harbour/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Api, type Problem, problemText, UUID } from '../api-client';
import type { Me, Notice } from '../layout';
import { participationPage, regionsPage } from '../pages/linkage-settings';
import { problemPage, sendHtml, signedIn } from '../respond';

type Body = Record<string, string | undefined>;

export default async function linkageRoutes(app: FastifyInstance) {
  async function renderParticipation(reply: FastifyReply, api: Api, me: Me, notice?: Notice, status = 200) {
    const participation = await api.get<LinkageParticipation & Problem>('/linkage/participation');
    if (participation.status !== 200) return problemPage(reply, me, participation.status, participation.body.message);
    const disclosures = await api.get<LinkageDisclosures>('/linkage/disclosures');
    return sendHtml(
      reply,
      participationPage({
        me,
        participation: participation.body,
        disclosures: disclosures.status === 200 ? disclosures.body.items : [],
        ...(notice ? { notice } : {}),
      }),
      status,
    );
  }

  app.get('/service/linkage', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    return renderParticipation(reply, signed.api, signed.me);
  });

  app.post<{ Body: Body }>('/service/linkage', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const contact = (request.body?.safeguardingContact ?? '').trim();
    const response = await signed.api.send<Problem>('PUT', '/linkage/participation', {
      optedIn: request.body?.optedIn === 'yes',
      ...(contact ? { safeguardingContact: contact } : {}),
    });
    const notice: Notice =
      response.status === 200
        ? { kind: 'success', text: 'Saved.' }
        : { kind: 'error', text: `Not saved. ${problemText(response.body)}` };
    return renderParticipation(reply, signed.api, signed.me, notice, response.status === 200 ? 200 : 422);
  });

  async function renderRegions(reply: FastifyReply, api: Api, me: Me, notice?: Notice, status = 200) {
    const regions = await api.get<LinkageRegions & Problem>('/linkage/regions');
    if (regions.status !== 200) return problemPage(reply, me, regions.status, regions.body.message);
    const services = await api.get<{ id: string; name: string }[]>('/services');
    return sendHtml(
      reply,
      regionsPage({
        me,
        regions: regions.body.items,
        services: services.status === 200 ? services.body : [],
        ...(notice ? { notice } : {}),
      }),
      status,
    );
  }

  const outcome = (ok: boolean, done: string, problem: Problem): Notice =>
    ok ? { kind: 'success', text: done } : { kind: 'error', text: `Not done. ${problemText(problem)}` };

  app.get('/admin/linkage', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    return renderRegions(reply, signed.api, signed.me);
  });

  app.post<{ Body: Body }>('/admin/linkage', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    const response = await signed.api.send<Problem>('POST', '/linkage/regions', {
      name: (request.body?.name ?? '').trim(),
    });
    const ok = response.status === 201;
    return renderRegions(reply, signed.api, signed.me, outcome(ok, 'Region created.', response.body), ok ? 201 : 422);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/admin/linkage/:id/services', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    const serviceId = request.body?.serviceId ?? '';
    if (!UUID.test(request.params.id) || !UUID.test(serviceId)) return problemPage(reply, signed.me, 404, 'Not found');
    const response = await signed.api.send<Problem>(
      'PUT',
      `/linkage/regions/${request.params.id}/services/${serviceId}`,
    );
    const ok = response.status === 204;
    return renderRegions(reply, signed.api, signed.me, outcome(ok, 'Service added.', response.body), ok ? 200 : 422);
  });

  app.post<{ Params: { id: string } }>('/admin/linkage/:id/key-rotation', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['admin']);
    if (!signed) return reply;
    if (!UUID.test(request.params.id)) return problemPage(reply, signed.me, 404, 'Not found');
    const response = await signed.api.send<Problem>('POST', `/linkage/regions/${request.params.id}/key-rotation`);
    const ok = response.status === 204;
    return renderRegions(
      reply,
      signed.api,
      signed.me,
      outcome(ok, 'Key rotated: a new epoch has started.', response.body),
      ok ? 200 : 422,
    );
  });
}
