package main

// setLibraryThreads sets the thread count of linked C libraries (OpenBLAS
// when built with -tags openblas); replaced by the openblas build.
var setLibraryThreads = func(n int) {}
