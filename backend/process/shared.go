package process

import (
	"fmt"
	"reflect"
)

// sharedCheck catches an Update function that wrote through the Identity
// or Lifecycle pointer that a State shares with the versions before it
// (s.Err = … instead of s.EditLifecycle().Err = …): it would change states
// already published, under readers that hold them without a lock. The copy
// and comparison cost an update a few hundred nanoseconds, so they are made
// only in race-detector builds, which is how the tests run.
type sharedCheck struct {
	id Identity
	lc Lifecycle
}

func takeShared(s *State) sharedCheck { return sharedCheck{*s.Identity, *s.Lifecycle} }

func (c sharedCheck) verify(s *State) {
	if c.id != *s.Identity {
		panic(fmt.Sprintf("process: an Update wrote through the shared Identity of %s: assign a new *Identity instead", c.id.ID))
	}
	if !reflect.DeepEqual(c.lc, *s.Lifecycle) {
		panic(fmt.Sprintf("process: an Update wrote through the shared Lifecycle of %s: write to s.EditLifecycle() instead", c.id.ID))
	}
}
