// A message that survives one in-app navigation: "Published…" or "Copied…" on the page the
// action leads to, which mounts afresh and reads what the server has.

export interface Flash {
  kind: 'error' | 'success';
  text: string;
  /** The name of a field to focus once the message is shown (e.g. the title of a copy to rename). */
  focus?: string;
}

let pending: Flash | null = null;

/** Keeps a message for the next page. */
export function setFlash(flash: Flash) {
  pending = flash;
}

/** The kept message (read on mount: React may run a state initialiser twice). */
export const peekFlash = () => pending;

/** Forgets the kept message once shown, so a later page or a reload does not show it again. */
export function clearFlash() {
  pending = null;
}
