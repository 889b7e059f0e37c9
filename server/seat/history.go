package seat

import "time"

// Point is an organization's seat usage at the end of one day (UTC), as the
// contract's SeatUsagePoint.
type Point struct {
	Day     time.Time // 00:00 UTC of that day
	Active  int
	Pending int
	Total   int // the seat limit that day
}
