/**
 * Where a form of a case is in the web app: a form answered once at `/cases/:id/forms/:formKey`,
 * a review form on its review at `/cases/:id/reviews/:occasion/forms/:formKey` (as in the API).
 */
export const formPath = (caseId: string, formKey: string, occasion?: number) =>
  occasion ? `/cases/${caseId}/reviews/${occasion}/forms/${formKey}` : `/cases/${caseId}/forms/${formKey}`;
