package main

// Hooks replaced by build-tagged files (openblas.go under -tags openblas).
var (
	// setLibraryThreads sets the thread count of linked C libraries.
	setLibraryThreads = func(n int) {}
	// libraryInfo describes linked C libraries for the report's header.
	libraryInfo = func() string { return "OpenBLAS not built in (-tags openblas)" }
)
