package member

import (
	"fmt"
	"io"
	"strconv"

	"github.com/rosterhq/roster/server/relay"
)

// OrderField is what members are ordered by: the contract's
// MembershipOrderField.
type OrderField string

// The order fields.
const (
	OrderJoinedAt     OrderField = "JOINED_AT"
	OrderName         OrderField = "NAME"
	OrderEmail        OrderField = "EMAIL"
	OrderRole         OrderField = "ROLE"
	OrderLastActiveAt OrderField = "LAST_ACTIVE_AT"
)

// OrderFields lists every order field.
func OrderFields() []OrderField {
	return []OrderField{OrderJoinedAt, OrderName, OrderEmail, OrderRole, OrderLastActiveAt}
}

// Valid reports whether f is one of the order fields.
func (f OrderField) Valid() bool {
	switch f {
	case OrderJoinedAt, OrderName, OrderEmail, OrderRole, OrderLastActiveAt:
		return true
	}
	return false
}

// MarshalGQL writes the field as a GraphQL enum value.
func (f OrderField) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads a GraphQL enum value.
func (f *OrderField) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("MembershipOrderField must be a string")
	}
	*f = OrderField(s)
	if !f.Valid() {
		return fmt.Errorf("%q is not a valid MembershipOrderField", s)
	}
	return nil
}

// Order is how a page of members is ordered: the contract's
// MembershipOrder.
type Order struct {
	Direction relay.OrderDirection
	Field     OrderField
}

// DefaultOrder is the newest members first.
var DefaultOrder = Order{Direction: relay.OrderDirectionDesc, Field: OrderJoinedAt}
