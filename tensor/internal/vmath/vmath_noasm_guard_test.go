//go:build purego || !(amd64 || arm64)

package vmath

const guardHasAsm = false
