import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the fake answers: a status (with `{}` as body), or a status and a JSON body. */
export type Answer = number | { status: number; body: unknown };

/** Decides the answer to one request; the fake answers as the real API would for that credential. */
export type Responder = (req: RecordedRequest) => Answer | null;

/** A fake provider API on loopback that records every request it gets. */
export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;

  constructor(private readonly respond: Responder) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        const answer = this.respond(recorded);
        if (answer === null) return; // never answers: a provider that hangs
        res.statusCode = typeof answer === 'number' ? answer : answer.status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(typeof answer === 'number' ? {} : answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The credentials a Basic authorization header carries. */
export function basicAuth(headers: IncomingMessage['headers']): string | null {
  const h = headers.authorization;
  if (!h?.startsWith('Basic ')) return null;
  return Buffer.from(h.slice(6), 'base64').toString('utf8');
}
