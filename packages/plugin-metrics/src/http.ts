/**
 * The smallest request and response shapes that `node:http`, Express (`(req, res)`) and Fastify
 * (`request.raw`, `reply.raw`) all satisfy, so the handlers need no web framework.
 */
export interface RequestLike {
  method?: string | undefined;
}

export interface ResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export type RequestHandler = (req: RequestLike, res: ResponseLike) => void;

export function send(req: RequestLike, res: ResponseLike, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : body);
}
