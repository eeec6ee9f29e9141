package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"unicode/utf8"
)

// MaxSafetensorsHeader is the largest JSON header ParseSafetensors and
// ReadSafetensors accept, in bytes: 100 MiB, the limit of the reference
// implementation (huggingface/safetensors).
const MaxSafetensorsHeader = 100 << 20

// metadataKey is the reserved header key for free-form string metadata.
const metadataKey = "__metadata__"

// DType is a safetensors element type, spelled as in the format ("F32").
type DType string

// The element types of the safetensors format. ParseSafetensors accepts
// all of them; SafetensorsTensor.Float32 converts F32, F64, F16 and BF16.
const (
	F64    DType = "F64"
	F32    DType = "F32"
	F16    DType = "F16"
	BF16   DType = "BF16"
	I64    DType = "I64"
	I32    DType = "I32"
	I16    DType = "I16"
	I8     DType = "I8"
	U64    DType = "U64"
	U32    DType = "U32"
	U16    DType = "U16"
	U8     DType = "U8"
	BOOL   DType = "BOOL"
	F8E5M2 DType = "F8_E5M2"
	F8E4M3 DType = "F8_E4M3"
)

// Size returns the size of one element in bytes, or 0 for an unknown type.
func (d DType) Size() int {
	switch d {
	case F64, I64, U64:
		return 8
	case F32, I32, U32:
		return 4
	case F16, BF16, I16, U16:
		return 2
	case I8, U8, BOOL, F8E5M2, F8E4M3:
		return 1
	}
	return 0
}

// SafetensorsTensor is one tensor of a safetensors file: its name, element
// type, shape and raw little-endian bytes (a sub-slice of the parsed file).
type SafetensorsTensor struct {
	Name  string
	DType DType
	Shape []int
	Data  []byte
	begin uint64 // data_offsets, relative to the start of the byte buffer
	end   uint64
}

// Len returns the number of elements (the product of Shape; 1 for a scalar).
func (t *SafetensorsTensor) Len() int {
	n := 1
	for _, d := range t.Shape {
		n *= d // checked against the data length when parsed
	}
	return n
}

// Safetensors is a parsed safetensors file: tensors in the order of their
// data offsets, and the string metadata of the "__metadata__" entry.
type Safetensors struct {
	Tensors  []SafetensorsTensor
	Metadata map[string]string
}

// Tensor returns the tensor named name, or nil.
func (s *Safetensors) Tensor(name string) *SafetensorsTensor {
	for i := range s.Tensors {
		if s.Tensors[i].Name == name {
			return &s.Tensors[i]
		}
	}
	return nil
}

// ReadSafetensors parses the safetensors file of size bytes held by r,
// reading the header first so that a bad length is rejected before any
// large read. See ParseSafetensors for the rules enforced.
func ReadSafetensors(r io.ReaderAt, size int64) (*Safetensors, error) {
	if size < 8 {
		return nil, fmt.Errorf("nn: safetensors: file is %d bytes, shorter than the 8-byte header length", size)
	}
	var lenBuf [8]byte
	if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
		return nil, fmt.Errorf("nn: safetensors: reading header length: %w", err)
	}
	if _, err := checkHeaderLen(binary.LittleEndian.Uint64(lenBuf[:]), uint64(size)); err != nil {
		return nil, err
	}
	// Read what is there rather than trusting size for the allocation.
	buf, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("nn: safetensors: reading: %w", err)
	}
	if int64(len(buf)) != size {
		return nil, fmt.Errorf("nn: safetensors: read %d bytes, the file size given is %d", len(buf), size)
	}
	return ParseSafetensors(buf)
}

// ParseSafetensors parses a whole safetensors file held in b. The returned
// tensors' Data slices alias b.
//
// It enforces the format's rules and names the first one broken: an 8-byte
// little-endian header length of at most MaxSafetensorsHeader that fits in
// the file; a header that is valid UTF-8 JSON holding one object (trailing
// spaces allowed), with no duplicate keys at any level; "__metadata__", if
// present, an object of strings; every other entry an object with exactly
// "dtype" (a known type), "shape" (non-negative integers) and
// "data_offsets" ([begin, end] with begin <= end); shape product times
// element size equal to end - begin, computed without overflow; and the
// tensors, taken in order of their offsets, covering the byte buffer after
// the header exactly, without gaps or overlaps.
func ParseSafetensors(b []byte) (*Safetensors, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("nn: safetensors: file is %d bytes, shorter than the 8-byte header length", len(b))
	}
	n, err := checkHeaderLen(binary.LittleEndian.Uint64(b), uint64(len(b)))
	if err != nil {
		return nil, err
	}
	header := b[8 : 8+n]
	data := b[8+n:]
	st, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	if err := checkLayout(st.Tensors, uint64(len(data))); err != nil {
		return nil, err
	}
	for i := range st.Tensors {
		t := &st.Tensors[i]
		t.Data = data[t.begin:t.end:t.end]
	}
	return st, nil
}

// checkHeaderLen validates the header length n against the file size.
func checkHeaderLen(n, size uint64) (int, error) {
	if n > MaxSafetensorsHeader {
		return 0, fmt.Errorf("nn: safetensors: header length %d exceeds the limit of %d bytes", n, MaxSafetensorsHeader)
	}
	if n > size-8 {
		return 0, fmt.Errorf("nn: safetensors: header length %d exceeds the %d bytes after the length field", n, size-8)
	}
	if n < 2 {
		return 0, fmt.Errorf("nn: safetensors: header length %d is too short for a JSON object", n)
	}
	return int(n), nil
}

// checkLayout sorts tensors by offset and checks that they tile [0, size).
func checkLayout(ts []SafetensorsTensor, size uint64) error {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].begin != ts[j].begin {
			return ts[i].begin < ts[j].begin
		}
		return ts[i].end < ts[j].end
	})
	var pos uint64
	for i := range ts {
		t := &ts[i]
		switch {
		case t.begin < pos:
			return fmt.Errorf("nn: safetensors: tensor %q: data_offsets [%d, %d] overlap the previous tensor, which ends at %d", t.Name, t.begin, t.end, pos)
		case t.begin > pos:
			return fmt.Errorf("nn: safetensors: tensor %q: data_offsets [%d, %d] leave a gap: the previous tensor ends at %d", t.Name, t.begin, t.end, pos)
		case t.end > size:
			return fmt.Errorf("nn: safetensors: tensor %q: data_offsets [%d, %d] run past the end of the %d-byte data buffer", t.Name, t.begin, t.end, size)
		}
		pos = t.end
	}
	if pos != size {
		return fmt.Errorf("nn: safetensors: tensors cover %d bytes but the data buffer holds %d", pos, size)
	}
	return nil
}

// parseHeader decodes the JSON header token by token, so that duplicate keys
// (which encoding/json silently merges) are detected.
func parseHeader(h []byte) (*Safetensors, error) {
	if !utf8.Valid(h) {
		return nil, errors.New("nn: safetensors: header is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(h))
	dec.UseNumber()
	if err := expectDelim(dec, '{', "header"); err != nil {
		return nil, err
	}
	st := &Safetensors{Metadata: map[string]string{}}
	seen := map[string]bool{}
	for dec.More() {
		name, err := readKey(dec, "header", seen)
		if err != nil {
			return nil, err
		}
		if name == metadataKey {
			if st.Metadata, err = parseMetadata(dec); err != nil {
				return nil, err
			}
			continue
		}
		t, err := parseTensorInfo(dec, name)
		if err != nil {
			return nil, err
		}
		st.Tensors = append(st.Tensors, t)
	}
	if err := expectDelim(dec, '}', "header"); err != nil {
		return nil, err
	}
	// Only padding may follow the object.
	rest := h[dec.InputOffset():]
	if len(bytes.Trim(rest, " \t\r\n")) != 0 {
		return nil, fmt.Errorf("nn: safetensors: header has %d bytes of non-space data after the JSON object", len(rest))
	}
	return st, nil
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("nn: safetensors: %s: invalid JSON: %w", what, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("nn: safetensors: %s: want %q, found %v", what, string(want), tok)
	}
	return nil
}

// readKey reads an object key and rejects one already in seen.
func readKey(dec *json.Decoder, what string, seen map[string]bool) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("nn: safetensors: %s: invalid JSON: %w", what, err)
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("nn: safetensors: %s: want a key, found %v", what, tok)
	}
	if seen[key] {
		return "", fmt.Errorf("nn: safetensors: %s: duplicate key %q", what, key)
	}
	seen[key] = true
	return key, nil
}

func parseMetadata(dec *json.Decoder) (map[string]string, error) {
	const what = "__metadata__"
	if err := expectDelim(dec, '{', what); err != nil {
		return nil, err
	}
	md := map[string]string{}
	seen := map[string]bool{}
	for dec.More() {
		k, err := readKey(dec, what, seen)
		if err != nil {
			return nil, err
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("nn: safetensors: %s: invalid JSON: %w", what, err)
		}
		v, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("nn: safetensors: %s: value of %q is %v, want a string", what, k, tok)
		}
		md[k] = v
	}
	return md, expectDelim(dec, '}', what)
}

func parseTensorInfo(dec *json.Decoder, name string) (SafetensorsTensor, error) {
	t := SafetensorsTensor{Name: name}
	what := fmt.Sprintf("tensor %q", name)
	if err := expectDelim(dec, '{', what); err != nil {
		return t, err
	}
	seen := map[string]bool{}
	var offs []uint64
	for dec.More() {
		k, err := readKey(dec, what, seen)
		if err != nil {
			return t, err
		}
		switch k {
		case "dtype":
			tok, err := dec.Token()
			if err != nil {
				return t, fmt.Errorf("nn: safetensors: %s: invalid JSON: %w", what, err)
			}
			s, ok := tok.(string)
			if !ok || DType(s).Size() == 0 {
				return t, fmt.Errorf("nn: safetensors: %s: unknown dtype %v", what, tok)
			}
			t.DType = DType(s)
		case "shape":
			dims, err := readUints(dec, what+": shape")
			if err != nil {
				return t, err
			}
			t.Shape = make([]int, len(dims))
			for i, d := range dims {
				if d > math.MaxInt32 {
					return t, fmt.Errorf("nn: safetensors: %s: shape dimension %d is too large", what, d)
				}
				t.Shape[i] = int(d)
			}
		case "data_offsets":
			if offs, err = readUints(dec, what+": data_offsets"); err != nil {
				return t, err
			}
			if len(offs) != 2 {
				return t, fmt.Errorf("nn: safetensors: %s: data_offsets has %d values, want 2", what, len(offs))
			}
		default:
			return t, fmt.Errorf("nn: safetensors: %s: unknown field %q", what, k)
		}
	}
	if err := expectDelim(dec, '}', what); err != nil {
		return t, err
	}
	for _, f := range []string{"dtype", "shape", "data_offsets"} {
		if !seen[f] {
			return t, fmt.Errorf("nn: safetensors: %s: missing %q", what, f)
		}
	}
	t.begin, t.end = offs[0], offs[1]
	if t.begin > t.end {
		return t, fmt.Errorf("nn: safetensors: %s: data_offsets [%d, %d] end before they begin", what, t.begin, t.end)
	}
	want, ok := byteSize(t.Shape, t.DType.Size())
	if !ok {
		return t, fmt.Errorf("nn: safetensors: %s: shape %v of %s overflows the byte count", what, t.Shape, t.DType)
	}
	if got := t.end - t.begin; got != want {
		return t, fmt.Errorf("nn: safetensors: %s: shape %v of %s needs %d bytes, data_offsets [%d, %d] hold %d", what, t.Shape, t.DType, want, t.begin, t.end, got)
	}
	return t, nil
}

// byteSize returns prod(shape)*elem, reporting false on uint64 overflow.
func byteSize(shape []int, elem int) (uint64, bool) {
	n := uint64(elem)
	for _, d := range shape {
		hi, lo := bits.Mul64(n, uint64(d))
		if hi != 0 {
			return 0, false
		}
		n = lo
	}
	return n, true
}

// readUints reads a JSON array of non-negative integers.
func readUints(dec *json.Decoder, what string) ([]uint64, error) {
	if err := expectDelim(dec, '[', what); err != nil {
		return nil, err
	}
	var out []uint64
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("nn: safetensors: %s: invalid JSON: %w", what, err)
		}
		num, ok := tok.(json.Number)
		if !ok {
			return nil, fmt.Errorf("nn: safetensors: %s: want an integer, found %v", what, tok)
		}
		v, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("nn: safetensors: %s: %s is not a non-negative integer", what, num)
		}
		out = append(out, v)
	}
	return out, expectDelim(dec, ']', what)
}
