//go:build purego || !(amd64 || arm64)

package update

const guardHasAsm = false
