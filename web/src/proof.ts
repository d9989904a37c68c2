import type { Exchange } from './api';

/** A request as kept in the proof: its headers as HTTP writes them, a blank line, then the body. */
export function requestText(exchange: Exchange): string {
  const headers = Object.entries(exchange.requestHeaders ?? {}).map(([name, value]) => `${name}: ${value}`);
  const body = JSON.stringify(exchange.requestBody, null, 2) ?? '(no body)';
  return headers.length > 0 ? `${headers.join('\n')}\n\n${body}` : body;
}
