//go:build !purego && (amd64 || arm64)

package update

// tail returns s[k:], keeping nil (an absent optional state) nil.
func tail(s []float32, k int) []float32 {
	if s == nil {
		return nil
	}
	return s[k:]
}
