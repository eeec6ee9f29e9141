//go:build purego || !(amd64 || arm64)

package kernels

const guardHasAsm = false

var guardOverreadProbes []guardCase
