// The dev mailbox (GET /dev/mail) exists only when the server sends no real
// email; the portal links to it only when /dev/mail.json answers 200.
import { useEffect, useState } from 'react';

let probe: Promise<boolean> | null = null;

function probeDevMailbox(): Promise<boolean> {
  probe ??= fetch('/dev/mail.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((r) => r.status === 200)
    .catch(() => false);
  return probe;
}

export const DEV_MAILBOX_URL = '/dev/mail';

export function useDevMailbox(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    void probeDevMailbox().then((ok) => {
      if (live) setAvailable(ok);
    });
    return () => {
      live = false;
    };
  }, []);
  return available;
}
