/**
 * RFC 9457 problem details. Every error the API returns is one of these, sent as
 * `application/problem+json`; handlers throw ProblemError and the error plugin renders it.
 */

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

/** Relative type URIs: they resolve against the API's own origin, where docs/api.md lists them. */
const TYPE_BASE = '/problems/';

export class ProblemError extends Error {
  readonly statusCode: number;
  readonly slug: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
    this.statusCode = status;
    this.slug = slug;
    this.title = title;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(instance: string): Problem {
    return {
      ...this.extensions,
      type: TYPE_BASE + this.slug,
      title: this.title,
      status: this.statusCode,
      detail: this.message,
      instance,
    };
  }
}

export const badRequest = (detail: string, extensions?: Record<string, unknown>) =>
  new ProblemError(400, 'bad-request', 'Bad Request', detail, { extensions });
export const notFound = (detail: string) => new ProblemError(404, 'not-found', 'Not Found', detail);
export const conflict = (detail: string) => new ProblemError(409, 'conflict', 'Conflict', detail);
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', 'Forbidden', detail);
export const unauthorized = (detail: string, realm = 'serverless-attack-paths') =>
  new ProblemError(401, 'unauthorized', 'Unauthorized', detail, {
    headers: { 'www-authenticate': `Bearer realm="${realm}"` },
  });

/** The JSON schema of a problem, referenced by every route's error responses (OpenAPI). */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (sent as application/problem+json)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'instance'],
  additionalProperties: true,
} as const;
