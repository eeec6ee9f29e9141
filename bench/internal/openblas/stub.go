//go:build !(openblas && cgo)

package openblas

// Available reports whether this build links OpenBLAS: build with
// -tags openblas (and cgo enabled) to compare with it.
const Available = false

const unavailable = "openblas: not built in: build with -tags openblas and cgo"

// SetNumThreads panics: OpenBLAS is not built in.
func SetNumThreads(int) { panic(unavailable) }

// Config panics: OpenBLAS is not built in.
func Config() string { panic(unavailable) }

// CoreName panics: OpenBLAS is not built in.
func CoreName() string { panic(unavailable) }

// Sdot panics: OpenBLAS is not built in.
func Sdot(int, []float32, int, []float32, int) float32 { panic(unavailable) }

// Saxpy panics: OpenBLAS is not built in.
func Saxpy(int, float32, []float32, int, []float32, int) { panic(unavailable) }

// Sscal panics: OpenBLAS is not built in.
func Sscal(int, float32, []float32, int) { panic(unavailable) }

// Sgemv panics: OpenBLAS is not built in.
func Sgemv(bool, int, int, float32, []float32, int, []float32, int, float32, []float32, int) {
	panic(unavailable)
}

// Sgemm panics: OpenBLAS is not built in.
func Sgemm(bool, bool, int, int, int, float32, []float32, int, []float32, int, float32, []float32, int) {
	panic(unavailable)
}
