package supervisor

import (
	"context"

	"hum/backend/probe"
	"hum/backend/process"
	"hum/backend/stack"
)

// ProbePackage is the Prober of backend/probe, which the session uses.
// guard, when not nil, is told of each exec probe's process tree, as the
// Manager's Options.Guard is of each process's: pass the same one, so a
// probe running when Hum is killed ends with the process it probes. It
// is fixed here rather than passed to each Run because it is Hum's, the
// same for every probe of a supervisor.
func ProbePackage(guard process.Guard) Prober { return probePackage{guard: guard} }

type probePackage struct {
	guard process.Guard // written once in ProbePackage; nil for none
}

func (pp probePackage) Run(ctx context.Context, p stack.Probe, dir string, environ []string, report func(int, error)) (ProbeResult, error) {
	r, err := probe.Run(ctx, p, probe.Target{Dir: dir, Environ: environ, Guard: pp.guard}, report)
	return ProbeResult{OK: r.OK, Tries: r.Tries, Err: r.Err}, err
}

func (probePackage) Describe(p stack.Probe) string { return probe.Describe(p) }

func (probePackage) InferURL(url string) (stack.Probe, bool) { return probe.InferURL(url) }

func (probePackage) CompileLog(pattern string) (func(string) bool, error) {
	m, err := probe.CompileLog(pattern)
	if err != nil {
		return nil, err
	}
	return m.Match, nil
}
