package main

import "runtime"

func setThreads(n int) { runtime.GOMAXPROCS(n) }
