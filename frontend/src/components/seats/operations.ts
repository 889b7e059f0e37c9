import { graphql } from '../../gql';

export const SeatUsageHistoryQuery = graphql(`
  query SeatUsageHistory($slug: String!, $days: Int!) {
    organization(slug: $slug) {
      id
      seatUsageHistory(days: $days) {
        day
        active
        pending
        total
      }
    }
  }
`);
