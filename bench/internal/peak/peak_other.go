//go:build purego || !amd64

package peak

func supported(string) bool { return false }

func run(string, int) float64 { return 0 }

func sqrtDiv(string, int) float64 { return 0 }
