//go:build purego || !(amd64 || arm64)

package kernels

import "github.com/simdml/simdml/internal/guard"

const guardHasAsm = false

var guardOverreadProbes []guard.Case
