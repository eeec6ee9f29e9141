package mnistdata

import (
	"fmt"
)

// Classes is the number of digit classes.
const Classes = 10

// Normalisation applied to every pixel: x/255, then (x - Mean) / Std (the
// training set's mean and standard deviation; bench/torch uses the same).
const (
	Mean = 0.1307
	Std  = 0.3081
)

// Set is a labelled image set in memory, one normalised image per row.
type Set struct {
	X      []float32 // N rows of Features values, row-major
	Labels []int     // N labels in [0, Classes)
	N      int       // number of examples
	Rows   int       // image height
	Cols   int       // image width
}

// Features is the number of inputs per example (Rows * Cols).
func (s *Set) Features() int { return s.Rows * s.Cols }

// Row returns example i's normalised pixels (shared, not copied).
func (s *Set) Row(i int) []float32 {
	f := s.Features()
	return s.X[i*f : (i+1)*f : (i+1)*f]
}

// Load reads the training and test sets from dir (as Locate returns it).
func Load(dir string) (train, test *Set, err error) {
	if train, err = LoadSet(dir, TrainImages, TrainLabels); err != nil {
		return nil, nil, err
	}
	if test, err = LoadSet(dir, TestImages, TestLabels); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// LoadSet reads one gzipped images file and its labels file from dir and
// checks that they describe the same number of examples.
func LoadSet(dir, images, labels string) (*Set, error) {
	raw, err := LoadRaw(dir, images, labels)
	if err != nil {
		return nil, err
	}
	return NewSet(raw.Pixels, raw.Labels, raw.N, raw.Rows, raw.Cols), nil
}

// Raw is an image set as stored: one byte per pixel, one per label.
type Raw struct {
	Pixels     []byte // N images of Rows x Cols bytes
	Labels     []byte
	N          int
	Rows, Cols int
}

// Image returns image i's pixels (shared).
func (r *Raw) Image(i int) []byte {
	f := r.Rows * r.Cols
	return r.Pixels[i*f : (i+1)*f : (i+1)*f]
}

// LoadRaw reads an images file and its labels file without normalising.
func LoadRaw(dir, images, labels string) (*Raw, error) {
	r, closeImg, err := openGz(dir, images)
	if err != nil {
		return nil, fmt.Errorf("mnistdata: %w", err)
	}
	defer closeImg()
	pix, n, rows, cols, err := ReadImages(r)
	if err != nil {
		return nil, fmt.Errorf("mnistdata: %s: %w", images, err)
	}
	r, closeLab, err := openGz(dir, labels)
	if err != nil {
		return nil, fmt.Errorf("mnistdata: %w", err)
	}
	defer closeLab()
	lab, err := ReadLabels(r, Classes)
	if err != nil {
		return nil, fmt.Errorf("mnistdata: %s: %w", labels, err)
	}
	if len(lab) != n {
		return nil, fmt.Errorf("mnistdata: %s has %d images but %s has %d labels", images, n, labels, len(lab))
	}
	return &Raw{Pixels: pix, Labels: lab, N: n, Rows: rows, Cols: cols}, nil
}

// NewSet normalises n images of rows x cols bytes and their labels.
func NewSet(pix, labels []byte, n, rows, cols int) *Set {
	s := &Set{X: make([]float32, len(pix)), Labels: make([]int, n), N: n, Rows: rows, Cols: cols}
	var lut [256]float32
	for v := range lut {
		lut[v] = Pixel(byte(v))
	}
	for i, p := range pix {
		s.X[i] = lut[p]
	}
	for i, l := range labels {
		s.Labels[i] = int(l)
	}
	return s
}

// Pixel returns the normalised value of a raw pixel byte.
func Pixel(b byte) float32 { return float32((float64(b)/255 - Mean) / Std) }
