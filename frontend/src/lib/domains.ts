// How a domain's status reads in the portal (the server decides it).
import type { DomainStatus } from '../gql/graphql';

export const DOMAIN_STATUS: Record<DomainStatus, { label: string; color: string; help: string }> = {
  PENDING: { label: 'Pending', color: 'yellow', help: 'Waiting for its DNS TXT record.' },
  VERIFIED: { label: 'Verified', color: 'teal', help: 'Roster found the TXT record. It checks it again every day.' },
  VERIFICATION_LOST: {
    label: 'Verification lost',
    color: 'red',
    help: 'The TXT record was missing in 3 checks in a row, so auto-join is paused. Add the record again and verify.',
  },
};

/** What the auto-join switch does, for a domain as people read it. */
export function autoJoinDescription(displayName: string): string {
  return `People who sign up with a verified @${displayName} address join as Members, if a seat is free.`;
}
