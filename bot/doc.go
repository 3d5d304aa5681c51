// Package bot is the domain root of careerbot: the request and reply types,
// the answer engine and the interfaces that storage and chat adapters
// implement. It imports no adapter and no storage driver; cmd/careerbot
// wires the implementations together.
package bot
