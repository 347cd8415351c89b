// Package layers holds no code: its test keeps foi's import graph pointing
// inward. Every package of the module has a layer, and a package imports
// only packages of lower layers; the pure engines use the standard library
// only; identity knows nothing of gRPC or of cases; the reply checks know
// nothing of storage or transport. A new package without a layer fails the
// test, so its place is decided when it is added.
package layers
