import type { App } from '../../src/http/app.js';

export interface Upload {
  bytes: Buffer;
  name: string;
  type: string;
}

/** A browser on the careers site: it keeps the cookies the site sets, and may come from an address of its own. */
export class Visitor {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly remoteAddress = '127.0.0.1',
  ) {}

  async get(url: string) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: this.headers(),
      remoteAddress: this.remoteAddress,
    });
    this.keep(response.headers['set-cookie']);
    return response;
  }

  /** Sends the form as multipart/form-data, as a browser does. */
  async apply(url: string, fields: Record<string, string>, cv: Upload | null) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    if (cv) form.append('cv', new Blob([new Uint8Array(cv.bytes)], { type: cv.type }), cv.name);
    const encoded = new Response(form);
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      headers: { ...this.headers(), 'content-type': encoded.headers.get('content-type')! },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    this.keep(response.headers['set-cookie']);
    return response;
  }

  private headers(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private keep(header: string | string[] | undefined) {
    for (const cookie of [header ?? []].flat()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
}

/** The hidden submission key of an apply form page. */
export const keyIn = (body: string) => /name="submissionKey" value="([^"]+)"/.exec(body)![1]!;
