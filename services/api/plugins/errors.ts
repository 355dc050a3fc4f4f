/**
 * Renders every error as application/problem+json: ProblemErrors as they are, Fastify's own errors
 * (validation, body too large, unsupported media type...) by status, anything else as an opaque 500.
 * Stack traces never leave the process; they go to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, type Problem } from '../problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function slugOf(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  // A string payload bypasses the route's response serializer, so the problem is sent verbatim.
  return reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

export function toProblem(error: unknown, request: FastifyRequest): { problem: Problem; headers: Record<string, string> } {
  const instance = request.url;
  if (error instanceof ProblemError) return { problem: error.toProblem(instance), headers: error.headers };
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown[]; validationContext?: string };
  if (fastifyError.validation) {
    return {
      problem: {
        type: '/problems/validation',
        title: 'Bad Request',
        status: 400,
        detail: fastifyError.message ?? 'The request is not valid.',
        instance,
        errors: fastifyError.validation,
      },
      headers: {},
    };
  }
  const driverCode = (error as { code?: unknown }).code;
  if (driverCode === 'ServiceUnavailable' || driverCode === 'SessionExpired') {
    // The store is down or restarting: a retryable condition, not a bug of ours.
    return {
      problem: { type: '/problems/store-unavailable', title: 'Service Unavailable', status: 503, detail: 'The graph store cannot be reached; retry shortly.', instance },
      headers: { 'retry-after': '5' },
    };
  }
  const status = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  if (status >= 500) {
    return {
      problem: { type: '/problems/internal', title: TITLES[status] ?? 'Error', status, detail: 'The server could not complete the request.', instance },
      headers: {},
    };
  }
  return {
    problem: { type: `/problems/${slugOf(status)}`, title: TITLES[status] ?? 'Error', status, detail: fastifyError.message ?? '', instance },
    headers: {},
  };
}

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem, headers } = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem, headers);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      instance: request.url,
    }),
  );
}
