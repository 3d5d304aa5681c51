package console

// UseFastHashes makes password hashing cheap for the rest of the test
// binary: a test logs in dozens of times, and the real cost (19 MiB, two
// passes) is there to slow attackers, not tests.
func UseFastHashes() { hashParams = argonParams{memory: 64, time: 1, threads: 1} }
