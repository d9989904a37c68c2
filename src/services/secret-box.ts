import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Seals small JSON values (board credentials) with AES-256-GCM; `context` binds a sealed value to its owner. */
export interface SecretBox {
  seal(value: Record<string, string>, context: string): string;
  open(sealed: string, context: string): Record<string, string>;
  /** An HMAC-SHA256 (base64url) of `text` for `context`, for values Postroom issues and must recognise later. */
  sign(text: string, context: string): string;
}

const VERSION = 'v1';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
  // A key of its own for signing, so a signature never doubles as anything the cipher uses.
  const signingKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'postroom-sign', 32));
  return {
    sign(text, context) {
      return createHmac('sha256', signingKey).update(`${context}\0${text}`).digest('base64url');
    },
    seal(value, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('Unreadable sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
        'utf8',
      );
      return JSON.parse(text) as Record<string, string>;
    },
  };
}
