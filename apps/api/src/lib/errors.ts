/** A field-level problem, at a JSON pointer into the request. */
export type ProblemDetail = { pointer: string; message: string };

/**
 * The one error type routes throw. The error handler renders it as problem JSON:
 * `{statusCode, error, message, details?}`; nothing else about the failure leaves the server.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: ProblemDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

// One body for "not found" and "not yours": the existence of another service's object is never disclosed.
export const notFound = () => new AppError(404, 'Not found');
export const badRequest = (message: string, details?: ProblemDetail[]) => new AppError(400, message, details);
export const unprocessable = (message: string, details?: ProblemDetail[]) => new AppError(422, message, details);
export const conflict = (message: string) => new AppError(409, message);
export const forbidden = (message = 'You do not have access to this') => new AppError(403, message);
export const unauthorized = (message = 'Sign in to continue') => new AppError(401, message);
