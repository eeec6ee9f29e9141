package mnistdata

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Limits on what an IDX file may declare. MNIST has 60,000 28x28 images;
// the caps leave room for similar sets while keeping a hostile header from
// asking for gigabytes.
const (
	MaxItems = 1 << 20 // images or labels in one file
	MaxSide  = 1 << 10 // rows or columns of one image
	MaxBytes = 1 << 28 // pixels in one file
)

// IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), dimensions.
const (
	magicImages = 0x00000803
	magicLabels = 0x00000801
)

// ReadImages reads a (decompressed) IDX3 ubyte stream: n images of
// rows x cols pixels, returned as one slice of n*rows*cols bytes.
func ReadImages(r io.Reader) (pix []byte, n, rows, cols int, err error) {
	var h [4]uint32
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		return nil, 0, 0, 0, fmt.Errorf("images header: %w", noEOF(err))
	}
	if h[0] != magicImages {
		return nil, 0, 0, 0, fmt.Errorf("images: magic %#08x, want %#08x", h[0], magicImages)
	}
	// Compare in uint64 before converting, so no int size can overflow.
	n64, r64, c64 := uint64(h[1]), uint64(h[2]), uint64(h[3])
	if n64 > MaxItems || r64 == 0 || c64 == 0 || r64 > MaxSide || c64 > MaxSide || n64*r64*c64 > MaxBytes {
		return nil, 0, 0, 0, fmt.Errorf("images: %d images of %dx%d exceed the limits (%d images, side %d, %d bytes)",
			n64, r64, c64, MaxItems, MaxSide, MaxBytes)
	}
	n, rows, cols = int(n64), int(r64), int(c64)
	pix = make([]byte, n*rows*cols)
	if _, err := io.ReadFull(r, pix); err != nil {
		return nil, 0, 0, 0, fmt.Errorf("images: header says %d images of %dx%d: %w", n, rows, cols, noEOF(err))
	}
	if err := expectEOF(r); err != nil {
		return nil, 0, 0, 0, fmt.Errorf("images: %w", err)
	}
	return pix, n, rows, cols, nil
}

// ReadLabels reads a (decompressed) IDX1 ubyte stream of labels, each of
// which must be below classes.
func ReadLabels(r io.Reader, classes int) ([]byte, error) {
	var h [2]uint32
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		return nil, fmt.Errorf("labels header: %w", noEOF(err))
	}
	if h[0] != magicLabels {
		return nil, fmt.Errorf("labels: magic %#08x, want %#08x", h[0], magicLabels)
	}
	if h[1] > MaxItems {
		return nil, fmt.Errorf("labels: %d labels exceed the limit %d", h[1], MaxItems)
	}
	labels := make([]byte, h[1])
	if _, err := io.ReadFull(r, labels); err != nil {
		return nil, fmt.Errorf("labels: header says %d labels: %w", h[1], noEOF(err))
	}
	for i, l := range labels {
		if int(l) >= classes {
			return nil, fmt.Errorf("labels: label %d at index %d, want < %d", l, i, classes)
		}
	}
	if err := expectEOF(r); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	return labels, nil
}

// noEOF turns a bare EOF into ErrUnexpectedEOF: a short file is damaged.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// expectEOF fails if r holds data past what the header declared.
func expectEOF(r io.Reader) error {
	var b [1]byte
	switch n, err := io.ReadFull(r, b[:]); {
	case n > 0:
		return errors.New("data after the declared end")
	case errors.Is(err, io.EOF):
		return nil
	default:
		return err
	}
}

// openGz opens dir/name and returns a buffered gzip reader and a closer.
func openGz(dir, name string) (io.Reader, func() error, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, nil, err
	}
	z, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return z, f.Close, nil
}
