package main

import (
	"runtime"
	"runtime/debug"
)

// startMemoryLimit is the soft memory limit until the knowledge base is
// loaded. Building the search snapshot makes a burst of short-lived
// garbage; with the garbage collector's default target the heap would
// briefly reach twice its live size. At 10,000 entries the snapshot holds
// about 32 MB and building it at most about 42 MB live, so 64 MiB leaves
// the collector room without letting the process grow towards 100 MB. A
// soft limit makes the collector run sooner; it never fails an
// allocation.
const startMemoryLimit = 64 << 20

// limitMemoryForLoad sets the start limit, for every command, unless the
// operator set GOMEMLIMIT.
func limitMemoryForLoad(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(startMemoryLimit)
	}
}

// fitMemoryLimit is called once the snapshot is loaded: it raises the
// limit to twice the live heap (the collector's own default target), so
// that a much larger knowledge base never makes the collector run without
// pause. A reload briefly holds two snapshots and then collects harder,
// which the soft limit allows.
func fitMemoryLimit(getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(max(startMemoryLimit, 2*int64(ms.HeapAlloc)))
}
