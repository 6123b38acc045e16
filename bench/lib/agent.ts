/** The agent inside the extension host (bench/hostAgent.ts) and the driver's end of the channel. */
import http from 'node:http';

export interface Agent {
  url: string;
  pid: number;
  workspace?: string;
  op<T = unknown>(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

function postJson(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      url,
      { method: 'POST', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

export interface DriverServer {
  url: string;
  nextHello(timeoutMs: number): Promise<Agent>;
  close(): void;
}

/** The driver's server on 127.0.0.1: each extension host's agent calls in (`/hello`) with its own URL. */
export function startDriverServer(): Promise<DriverServer> {
  let waiting: ((agent: Agent) => void) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200).end('{}');
      if (req.url !== '/hello') return;
      const hello = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { url: string; pid: number; workspace?: string };
      const agent: Agent = {
        ...hello,
        async op<T>(name: string, args: Record<string, unknown> = {}, timeoutMs = 180_000): Promise<T> {
          const reply = (await postJson(`${hello.url}/op`, { name, args }, timeoutMs)) as { ok: boolean; value?: T; error?: string };
          if (!reply.ok) throw new Error(`agent ${name}: ${reply.error}`);
          return reply.value as T;
        },
      };
      const w = waiting;
      waiting = undefined;
      w?.(agent);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        nextHello(timeoutMs) {
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`the extension host agent did not call in within ${timeoutMs} ms`)), timeoutMs);
            waiting = (agent) => {
              clearTimeout(timer);
              res(agent);
            };
          });
        },
        close: () => server.close(),
      });
    });
  });
}

/** The agent's `timeline` reply: when the extension called send(), and every message the host posted to a panel. */
export interface Timeline {
  sends: Array<{ sessionId: string; t: number }>;
  posts: Array<{ t: number; type: string; sessionId?: string; deltas: number; inner?: string[] }>;
}

/** The agent's `deltas` reply: the deltas the SDK handed the extension, one entry per reply. */
export type Deltas = Array<{ messageId: string; count: number; first: number; last: number; text: string }>;
