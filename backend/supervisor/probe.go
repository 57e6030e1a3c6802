package supervisor

import (
	"context"

	"hum/backend/probe"
	"hum/backend/stack"
)

// ProbePackage is the Prober of backend/probe, which the session uses.
var ProbePackage Prober = probePackage{}

type probePackage struct{}

func (probePackage) Run(ctx context.Context, p stack.Probe, dir string, environ []string, report func(int, error)) (ProbeResult, error) {
	r, err := probe.Run(ctx, p, probe.Target{Dir: dir, Environ: environ}, report)
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
