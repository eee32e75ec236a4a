/** The manager's import of past cases from a spreadsheet, over the API's uploads. */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { type Problem, problemText, UUID } from '../api-client';
import { type ColumnChoice, importStartPage, type SavedMapping, type Upload, uploadPage } from '../pages/import';
import { problemPage, type Signed, seeOther, sendHtml, signedIn } from '../respond';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** As the API's import takes at most. */
const FILE_LIMIT = 20 * 1024 * 1024;
const COLUMN_FIELD = /^column\.(\d{1,3})$/;

/** The media type the API is sent a file as: by its name, which browsers give more reliably than a type. */
function spreadsheetType(fileName: string, mimetype: string): string | undefined {
  if (/\.xlsx$/i.test(fileName) || mimetype === XLSX) return XLSX;
  if (/\.csv$/i.test(fileName) || mimetype === 'text/csv') return 'text/csv';
  return undefined;
}

async function savedMappings(signed: Signed): Promise<SavedMapping[]> {
  const response = await signed.api.get<SavedMapping[]>('/import-mappings');
  return response.status === 200 ? response.body : [];
}

export default async function importRoutes(app: FastifyInstance) {
  await app.register(multipart, { limits: { fileSize: FILE_LIMIT, files: 1, fields: 10 } });

  app.get('/service/import', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    return sendHtml(reply, importStartPage({ me: signed.me, saved: await savedMappings(signed) }));
  });

  app.post('/service/import', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const refuse = async (text: string) =>
      sendHtml(
        reply,
        importStartPage({ me: signed.me, saved: await savedMappings(signed), notice: { kind: 'error', text } }),
        422,
      );
    if (!request.isMultipart()) return refuse('Choose a spreadsheet to upload.');
    // a form with more files or fields than the upload form has is refused, not answered with a 500
    const file = await request.file().catch(() => undefined);
    if (!file || file.filename === '') return refuse('Choose a spreadsheet to upload.');
    const type = spreadsheetType(file.filename, file.mimetype);
    const body = await file.toBuffer().catch(() => undefined);
    if (!body) return refuse('The file is larger than 20 MB: split it into smaller files.');
    if (!type) return refuse('Upload a CSV file (.csv) or an Excel workbook (.xlsx).');
    const response = await signed.api.sendFile<Upload & Problem>(
      '/cases/import/uploads',
      { type, body },
      { fileName: file.filename.replace(/[/\\]/g, '_').slice(0, 200) },
    );
    if (response.status !== 201) return refuse(`The file was not uploaded. ${problemText(response.body)}`);
    return seeOther(reply, `/service/import/${response.body.id}`);
  });

  app.get<{ Params: { id: string }; Querystring: { mapping?: string } }>(
    '/service/import/:id',
    async (request, reply) => {
      const signed = await signedIn(app, request, reply, ['manager']);
      if (!signed) return reply;
      if (!UUID.test(request.params.id)) return problemPage(reply, signed.me, 404, 'Not found');
      const upload = await signed.api.get<Upload & Problem>(`/cases/import/uploads/${request.params.id}`);
      if (upload.status !== 200) return problemPage(reply, signed.me, upload.status, upload.body.message);
      const choices = await signed.api.get<ColumnChoice[]>('/cases/import/columns');
      return sendHtml(
        reply,
        uploadPage({
          me: signed.me,
          upload: upload.body,
          choices: choices.status === 200 ? choices.body : [],
          saved: await savedMappings(signed),
          asked: request.query.mapping,
        }),
      );
    },
  );

  /** The job's state for the browser script, which updates the progress in place. */
  app.get<{ Params: { id: string } }>('/service/import/:id/progress', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    if (!UUID.test(request.params.id)) return reply.status(404).send({ message: 'Not found' });
    const upload = await signed.api.get<Upload & Problem>(`/cases/import/uploads/${request.params.id}`);
    if (upload.status !== 200) return reply.status(upload.status).send({ message: upload.body.message });
    return { state: upload.body.state, progress: upload.body.progress };
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
    '/service/import/:id/check',
    async (request, reply) => {
      const signed = await signedIn(app, request, reply, ['manager']);
      if (!signed) return reply;
      const { id } = request.params;
      if (!UUID.test(id)) return problemPage(reply, signed.me, 404, 'Not found');
      const upload = await signed.api.get<Upload & Problem>(`/cases/import/uploads/${id}`);
      if (upload.status !== 200) return problemPage(reply, signed.me, upload.status, upload.body.message);
      const body = request.body ?? {};
      const columns: Record<string, string | null> = {};
      for (const [field, value] of Object.entries(body)) {
        const index = COLUMN_FIELD.exec(field)?.[1];
        const heading = index === undefined ? undefined : upload.body.headings[Number(index)];
        if (heading !== undefined) columns[heading] = value ? value : null;
      }
      const name = (body.mappingName ?? '').trim();
      const again = async (text: string) => {
        const choices = await signed.api.get<ColumnChoice[]>('/cases/import/columns');
        return sendHtml(
          reply,
          uploadPage({
            me: signed.me,
            upload: upload.body,
            choices: choices.status === 200 ? choices.body : [],
            saved: await savedMappings(signed),
            notice: { kind: 'error', text },
          }),
          422,
        );
      };
      if (name === '') return again('Give the mapping a name, so that it can be offered for your next upload.');
      const saved = await signed.api.send<Problem>('PUT', `/import-mappings/${encodeURIComponent(name)}`, { columns });
      if (saved.status !== 200) {
        return again(
          saved.status === 400
            ? 'The mapping name can have letters, numbers, spaces, dots, dashes and underscores (at most 100).'
            : `The mapping was not saved. ${problemText(saved.body)}`,
        );
      }
      const started = await signed.api.send<Problem>('POST', `/cases/import/uploads/${id}/check`, { mapping: name });
      if (started.status !== 202) return again(`The file is not being checked. ${problemText(started.body)}`);
      return seeOther(reply, `/service/import/${id}`);
    },
  );

  app.post<{ Params: { id: string } }>('/service/import/:id/import', async (request, reply) => {
    const signed = await signedIn(app, request, reply, ['manager']);
    if (!signed) return reply;
    const { id } = request.params;
    if (!UUID.test(id)) return problemPage(reply, signed.me, 404, 'Not found');
    const started = await signed.api.send<Problem>('POST', `/cases/import/uploads/${id}/import`);
    if (started.status !== 202) return problemPage(reply, signed.me, started.status, problemText(started.body));
    return seeOther(reply, `/service/import/${id}`);
  });
}
